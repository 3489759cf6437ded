import { Alert, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/date-input';
import { ApiError, api } from '../../lib/api';
import { kindName, useActivityKinds, useActivityMutation, useStaffOptions, type ActivityDetail } from './activities-api';
// plans
import { schoolYearOf } from '#src/core/activities/activity.ts';
import { usePlan } from '../plans/plans-api';

interface Member {
  schoolId: string;
  name: string;
}

interface Values {
  kind: string;
  title: string;
  startsOn: string;
  endsOn?: string;
  startTime?: string;
  endTime?: string;
  hostSchoolId: string;
  mode: 'in-person' | 'online';
  place?: string;
  subject?: string;
  description?: string;
  outcome?: string;
  people?: string[];
  planItemKey?: string | null;
  counts: Record<string, { teachers?: number | null; staff?: number | null; students?: number | null }>;
}

/** Record a new activity of a pair, or change one: every field of the record, participants per member school. */
export function ActivityForm(props: {
  open: boolean;
  onClose: (saved?: ActivityDetail) => void;
  pairId: string;
  campaignId?: string | undefined;
  members: readonly Member[];
  /** The school of the person recording (the default host). */
  mySchoolId: string | null;
  editing?: ActivityDetail | null;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const kinds = useActivityKinds(props.campaignId);
  const staff = useStaffOptions(props.pairId, props.open);
  const kind = Form.useWatch('kind', form);
  const needsSubject = kinds.data?.items.find((k) => k.code === kind)?.needsSubject ?? false;
  // plans: the items of the pair's plan of the activity's school year, to say which one it fulfils.
  const startsOn = Form.useWatch('startsOn', form);
  const planYear = /^\d{4}-\d{2}-\d{2}$/u.test(startsOn ?? '') ? schoolYearOf(startsOn!) : null;
  const plan = usePlan(props.pairId, planYear ?? '', null, props.open && planYear !== null);
  const planItems = plan.data && plan.data.schoolYear === planYear ? plan.data.content.items : [];
  const save = useActivityMutation((body: Record<string, unknown>) =>
    props.editing ? api<ActivityDetail>('PATCH', `/api/activities/${props.editing.id}`, body) : api<ActivityDetail>('POST', '/api/activities', { pairId: props.pairId, ...body }),
  );

  useEffect(() => {
    if (!props.open) return;
    setError(null);
    const e = props.editing;
    form.resetFields();
    form.setFieldsValue(
      e
        ? {
            kind: e.kind,
            title: e.title,
            startsOn: e.startsOn,
            endsOn: e.endsOn ?? '',
            startTime: e.startTime ?? '',
            endTime: e.endTime ?? '',
            hostSchoolId: e.hostSchoolId ?? '',
            mode: e.mode,
            place: e.place ?? '',
            subject: e.subject ?? '',
            description: e.description ?? '',
            outcome: e.outcome ?? '',
            people: e.people.map((p) => p.userId),
            planItemKey: e.planItemKey,
            counts: Object.fromEntries(e.participants.map((p) => [p.schoolId, { teachers: p.teachers, staff: p.staff, students: p.students }])),
          }
        : { mode: 'in-person', hostSchoolId: props.mySchoolId ?? props.members[0]?.schoolId ?? '', counts: {} },
    );
  }, [props.open, props.editing, props.mySchoolId, props.members, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    const participants = props.members
      .map((m) => ({ schoolId: m.schoolId, teachers: v.counts?.[m.schoolId]?.teachers ?? 0, staff: v.counts?.[m.schoolId]?.staff ?? 0, students: v.counts?.[m.schoolId]?.students ?? 0 }))
      .filter((p) => p.teachers + p.staff + p.students > 0);
    const body = {
      kind: v.kind,
      title: v.title,
      startsOn: v.startsOn,
      endsOn: v.endsOn || null,
      startTime: v.startTime || null,
      endTime: v.startTime ? v.endTime || null : null,
      hostSchoolId: v.hostSchoolId,
      mode: v.mode,
      place: v.place || null,
      subject: v.subject || null,
      description: v.description || null,
      outcome: v.outcome || null,
      people: v.people ?? [],
      participants,
      planItemKey: v.planItemKey ?? null,
    };
    try {
      const saved = await save.mutateAsync(body);
      props.onClose(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  return (
    <Modal
      open={props.open}
      title={props.editing ? t('activities.edit') : t('activities.record')}
      okText={t('activities.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => void submit()}
      onCancel={() => props.onClose()}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="kind" label={t('activities.kind')} rules={[{ required: true, message: t('activities.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={kinds.data?.items.map((k) => ({ value: k.code, label: kindName(kinds.data?.items, k.code, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('activities.title')} rules={[{ required: true, min: 3, message: t('activities.required') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="startsOn" label={t('activities.startsOn')} rules={[{ required: true, message: t('activities.required') }]} trigger="onChange">
              <DateInput id="activity-starts-on" value={form.getFieldValue('startsOn') ?? ''} onChange={(d) => form.setFieldValue('startsOn', d)} width={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="endsOn" label={t('activities.endsOn')} extra={t('activities.endsOnHelp')}>
              <DateInput id="activity-ends-on" value={form.getFieldValue('endsOn') ?? ''} onChange={(d) => form.setFieldValue('endsOn', d)} width={200} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="startTime" label={t('activities.startTime')} extra={t('activities.timeHelp')}>
              <Input type="time" style={{ width: 140 }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="endTime" label={t('activities.endTime')}>
              <Input type="time" style={{ width: 140 }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="hostSchoolId" label={t('activities.host')} rules={[{ required: true, message: t('activities.required') }]}>
          <Select options={props.members.map((m) => ({ value: m.schoolId, label: m.name }))} />
        </Form.Item>
        <Form.Item name="mode" label={t('activities.mode')}>
          <Radio.Group options={[{ value: 'in-person', label: t('activities.modes.in-person') }, { value: 'online', label: t('activities.modes.online') }]} />
        </Form.Item>
        <Form.Item name="place" label={t('activities.place')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="subject" label={t('activities.subject')} rules={needsSubject ? [{ required: true, message: t('activities.required') }] : []}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="planItemKey" label={t('plans.planItem')}>
          <Select
            allowClear
            placeholder={t('plans.noPlanItem')}
            options={planItems.map((it) => ({ value: it.key, label: `${it.month.slice(5)}/${it.month.slice(0, 4)} — ${it.title}` }))}
          />
        </Form.Item>
        <Typography.Text strong>{t('activities.participants')}</Typography.Text>
        {props.members.map((m) => (
          <div key={m.schoolId} style={{ marginTop: 8 }}>
            <Typography.Text>{m.name}</Typography.Text>
            <Row gutter={8}>
              {(['teachers', 'staff', 'students'] as const).map((k) => (
                <Col xs={8} key={k}>
                  <Form.Item name={['counts', m.schoolId, k]} label={t(`activities.counts.${k}`)}>
                    <InputNumber min={0} max={k === 'students' ? 1_000_000 : 100_000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </div>
        ))}
        <Form.Item name="people" label={t('activities.people')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={staff.isPending}
            options={staff.data?.items.map((s) => ({ value: s.userId, label: `${s.displayName} (${props.members.find((m) => m.schoolId === s.schoolId)?.name ?? ''})` }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('activities.description')}>
          <Input.TextArea rows={3} maxLength={10_000} />
        </Form.Item>
        <Form.Item name="outcome" label={t('activities.outcome')}>
          <Input.TextArea rows={3} maxLength={10_000} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
