import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { formatCoordinates, inVietnam, parseCoordinatePair } from '#src/core/registry/coordinates.ts';
import type { SchoolPatch } from '#src/core/registry/schemas.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';
import { ApiError } from '../../lib/api';
import { pairStatusLabel, placeOf } from './school-labels';
import { useCapabilityAreas, useSchool, useUpdateSchool, type Capability, type SchoolProfile } from './schools-api';

function CapabilityList({ items, nameOf, tone }: { items: Capability[]; nameOf: (c: string) => string; tone: 'success' | 'warning' }) {
  const { t } = useTranslation();
  if (!items.length) return <Typography.Text type="secondary">{t('schools.none')}</Typography.Text>;
  return (
    <Space wrap>
      {items.map((c) => (
        <StateTag key={c.areaCode} tone={tone}>
          {nameOf(c.areaCode)} · {t(`schools.capabilityLevel.${c.level}`)}
        </StateTag>
      ))}
    </Space>
  );
}

function Coordinates({ latitude, longitude }: { latitude: number | null; longitude: number | null }) {
  const { t, i18n } = useTranslation();
  if (latitude === null || longitude === null) return <Typography.Text type="secondary">{t('schools.coordinatesNone')}</Typography.Text>;
  const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
  return (
    <>
      {formatCoordinates({ latitude, longitude }, i18n.language === 'en' ? 'en' : 'vi')}{' '}
      {!inVietnam({ latitude, longitude }) && (
        <>
          <StateTag tone="warning">{t('schools.outsideVietnamShort')}</StateTag>{' '}
        </>
      )}
      <a href={map} target="_blank" rel="noreferrer noopener">
        {t('schools.onMap')}
      </a>
    </>
  );
}

export function SchoolPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [asOf, setAsOf] = useState<string | undefined>();
  const [editing, setEditing] = useState(false);
  const school = useSchool(id, asOf);
  const areas = useCapabilityAreas();
  const nameOf = (code: string) => {
    const a = areas.data?.items.find((x) => x.code === code);
    return a ? (i18n.language === 'en' ? a.nameEn : a.nameVi) : code;
  };
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  const n = (v: number | null) => (v === null ? '—' : numberFormat.format(v));

  if (school.isError) return <Alert type="error" showIcon message={school.error instanceof ApiError ? school.error.message : t('schools.loadError')} />;
  if (!school.data) return <Skeleton active />;
  const s = school.data;
  return (
    <>
      <Typography.Paragraph>
        <Link to="/app/schools">← {t('schools.backToList')}</Link>
      </Typography.Paragraph>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }} align="start">
        <div>
          <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
            {asOf ? s.nameOnDate : s.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {s.code} · {t(`schools.level.${s.level}`)} · {t(`schools.ownership.${s.ownership}`)} · {t(`schools.areaType.${s.areaType}`)}
          </Typography.Text>
        </div>
        <Space wrap>
          <DatePicker
            aria-label={t('schools.asOf')}
            placeholder={t('schools.asOfToday')}
            format="DD/MM/YYYY"
            value={asOf ? dayjs(asOf) : null}
            onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)}
          />
          {s.canEdit && !asOf && (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('schools.edit')}
            </Button>
          )}
        </Space>
      </Space>
      {s.status === 'merged' && s.mergedInto && (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          message={
            <>
              {t('schools.mergedInto', { date: s.mergedOn ? formatDate(s.mergedOn) : '' })} <Link to={`/app/schools/${s.mergedInto.id}`}>{s.mergedInto.name}</Link>
            </>
          }
        />
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t('schools.profile')}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('schools.place')}>
                {placeOf(s.units, s.unitLabels) || <Typography.Text type="secondary">{t('schools.noPlace', { date: formatDate(s.asOf) })}</Typography.Text>}
                {s.unitLabels && !s.units.length && <Tag style={{ marginLeft: 8 }}>{t('schools.unmatched')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('schools.address')}>{s.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('schools.coordinates')}>
                <Coordinates latitude={s.latitude} longitude={s.longitude} />
              </Descriptions.Item>
              <Descriptions.Item label={t('schools.students')}>{n(s.students)}</Descriptions.Item>
              <Descriptions.Item label={t('schools.teachers')}>{n(s.teachers)}</Descriptions.Item>
              <Descriptions.Item label={t('schools.classes')}>{n(s.classes)}</Descriptions.Item>
              <Descriptions.Item label={t('schools.principal')}>{s.principalName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('schools.phone')}>{s.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('schools.email')}>{s.email ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('schools.paired')}>{pairStatusLabel(t, s.pairStatus).text}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('schools.contacts')} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={s.contacts}
              locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{t('schools.none')}</span> }}
              columns={[
                { title: t('schools.contactRole'), dataIndex: 'role' },
                { title: t('schools.contactName'), dataIndex: 'name' },
                { title: t('schools.phone'), dataIndex: 'phone' },
                { title: t('schools.email'), dataIndex: 'email' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('schools.strengths')}>
            <CapabilityList items={s.strengths} nameOf={nameOf} tone="success" />
          </Card>
          <Card title={t('schools.needs')} style={{ marginTop: 16 }}>
            <CapabilityList items={s.needs} nameOf={nameOf} tone="warning" />
          </Card>
          <Card title={t('schools.history')} style={{ marginTop: 16 }}>
            <ul style={{ paddingLeft: 20, margin: 0 }}>
              {s.locationHistory.map((l) => (
                <li key={l.validFrom}>
                  {placeOf(l.units, null)}{' '}
                  <Typography.Text type="secondary">
                    ({[l.validFrom > '1900-01-01' ? t('schools.from', { date: formatDate(l.validFrom) }) : null, l.validTo ? t('schools.until', { date: formatDate(l.validTo) }) : null]
                      .filter(Boolean)
                      .join(' ')}
                    )
                  </Typography.Text>
                </li>
              ))}
              {s.nameHistory.map((h) => (
                <li key={h.validTo}>
                  {t('schools.formerName', { name: h.name, date: formatDate(h.validTo) })}
                </li>
              ))}
              {s.mergedFrom.map((m) => (
                <li key={m.id}>
                  <Link to={`/app/schools/${m.id}`}>{m.name}</Link> {t('schools.mergedHere', { date: m.mergedOn ? formatDate(m.mergedOn) : '' })}
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>
      {editing && <EditDrawer school={s} onClose={() => setEditing(false)} />}
    </>
  );
}

function EditDrawer({ school, onClose }: { school: SchoolProfile; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const update = useUpdateSchool(school.id);
  const areas = useCapabilityAreas();
  const official = school.canEdit === 'all';
  const areaOptions = (areas.data?.items ?? []).map((a) => ({ value: a.code, label: i18n.language === 'en' ? a.nameEn : a.nameVi }));
  const levelOptions = [1, 2, 3].map((l) => ({ value: l, label: t(`schools.capabilityLevel.${l}`) }));
  const error = update.error instanceof ApiError ? update.error : null;
  // No min on the InputNumber: it would turn -3 into 0 silently; the rule says what is wrong instead.
  const countRules = [{ type: 'integer' as const, min: 0, max: 100_000, message: t('schools.countRange') }];

  const capabilityList = (name: 'strengths' | 'needs') => (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, 'areaCode']} rules={[{ required: true, message: t('schools.required') }]}>
                <Select options={areaOptions} style={{ width: 260 }} showSearch optionFilterProp="label" aria-label={t('schools.area')} />
              </Form.Item>
              <Form.Item name={[f.name, 'level']} initialValue={2}>
                <Select options={levelOptions} style={{ width: 140 }} aria-label={t('schools.levelOfArea')} />
              </Form.Item>
              <Button onClick={() => remove(f.name)}>{t('schools.remove')}</Button>
            </Space>
          ))}
          <Button onClick={() => add({ level: 2 })}>{t('schools.addArea')}</Button>
        </>
      )}
    </Form.List>
  );

  return (
    <Drawer open width={640} title={t('schools.editTitle', { name: school.name })} onClose={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error.message} style={{ marginBottom: 16 }} />}
      <Form
        scrollToFirstError
        layout="vertical"
        initialValues={{
          ...school,
          strengths: school.strengths.map(({ areaCode, level }) => ({ areaCode, level })),
          needs: school.needs.map(({ areaCode, level }) => ({ areaCode, level })),
          contacts: school.contacts.map(({ role, name, phone, email }) => ({ role, name, phone, email })),
          coordinates:
            school.latitude !== null && school.longitude !== null
              ? formatCoordinates({ latitude: school.latitude, longitude: school.longitude }, i18n.language === 'en' ? 'en' : 'vi')
              : '',
        }}
        onFinish={(v: SchoolPatch & { coordinates?: string } & Record<string, unknown>) => {
          const position = parseCoordinatePair(v.coordinates ?? '');
          const patch: SchoolPatch = {
            address: v.address ?? null,
            students: v.students ?? null,
            teachers: v.teachers ?? null,
            classes: v.classes ?? null,
            principalName: v.principalName ?? null,
            phone: v.phone ?? null,
            email: v.email || null,
            latitude: position.ok ? (position.value?.latitude ?? null) : null,
            longitude: position.ok ? (position.value?.longitude ?? null) : null,
            strengths: v.strengths ?? [],
            needs: v.needs ?? [],
            contacts: (v.contacts ?? []).map((c) => ({ ...c, phone: c.phone || null, email: c.email || null })),
            ...(official ? { code: v.code, name: v.name, shortName: v.shortName, level: v.level, ownership: v.ownership, areaType: v.areaType } : {}),
          };
          update.mutate(patch, {
            onSuccess: () => {
              message.success(t('schools.saved'));
              onClose();
            },
          });
        }}
      >
        {official && (
          <>
            <Form.Item label={t('schools.code')} name="code" rules={[{ required: true, message: t('schools.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('schools.name')} name="name" rules={[{ required: true, message: t('schools.required') }]} extra={t('schools.renameHint')}>
              <Input />
            </Form.Item>
            <Form.Item label={t('schools.shortName')} name="shortName">
              <Input />
            </Form.Item>
            <Space wrap>
              <Form.Item label={t('schools.levelCol')} name="level">
                <Select style={{ width: 160 }} options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`schools.level.${l}`) }))} />
              </Form.Item>
              <Form.Item label={t('schools.ownershipCol')} name="ownership">
                <Select style={{ width: 140 }} options={OWNERSHIPS.map((o) => ({ value: o, label: t(`schools.ownership.${o}`) }))} />
              </Form.Item>
              <Form.Item label={t('schools.areaTypeCol')} name="areaType">
                <Select style={{ width: 190 }} options={AREA_TYPES.map((a) => ({ value: a, label: t(`schools.areaType.${a}`) }))} />
              </Form.Item>
            </Space>
          </>
        )}
        <Form.Item label={t('schools.address')} name="address">
          <Input />
        </Form.Item>
        <Form.Item
          label={t('schools.coordinates')}
          name="coordinates"
          extra={t('schools.coordinatesHint')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const parsed = parseCoordinatePair(value ?? '');
                if (!parsed.ok) throw new Error(t(`schools.coordinatesProblem.${parsed.problem}`));
              },
            },
            {
              warningOnly: true,
              validator: async (_, value: string | undefined) => {
                const parsed = parseCoordinatePair(value ?? '');
                if (parsed.ok && parsed.value && !inVietnam(parsed.value)) throw new Error(t('schools.coordinatesOutside'));
              },
            },
          ]}
        >
          <Input placeholder={i18n.language === 'en' ? '21.0285, 105.8542' : '21,0285; 105,8542'} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('schools.students')} name="students" rules={countRules}>
            <InputNumber precision={0} />
          </Form.Item>
          <Form.Item label={t('schools.teachers')} name="teachers" rules={countRules}>
            <InputNumber precision={0} />
          </Form.Item>
          <Form.Item label={t('schools.classes')} name="classes" rules={countRules}>
            <InputNumber precision={0} />
          </Form.Item>
        </Space>
        <Form.Item label={t('schools.principal')} name="principalName">
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('schools.phone')} name="phone">
            <Input />
          </Form.Item>
          <Form.Item label={t('schools.email')} name="email" rules={[{ type: 'email', message: t('schools.badEmail') }]}>
            <Input />
          </Form.Item>
        </Space>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('schools.strengths')}
        </Typography.Title>
        {capabilityList('strengths')}
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
          {t('schools.needs')}
        </Typography.Title>
        {capabilityList('needs')}
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
          {t('schools.contacts')}
        </Typography.Title>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('schools.required') }]}>
                    <Input placeholder={t('schools.contactRole')} aria-label={t('schools.contactRole')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('schools.required') }]}>
                    <Input placeholder={t('schools.contactName')} aria-label={t('schools.contactName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']}>
                    <Input placeholder={t('schools.phone')} aria-label={t('schools.phone')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('schools.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add()}>{t('schools.addContact')}</Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 24 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('schools.save')}
            </Button>
            <Button onClick={onClose}>{t('schools.cancel')}</Button>
          </Space>
        </div>
      </Form>
    </Drawer>
  );
}
