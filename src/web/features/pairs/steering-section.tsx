import { DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '#src/core/vn/format.ts';
import { ApiError, api } from '../../lib/api';
import { uploadScanFile, usePairMutation, type CommitteeRole, type PairDetail, type SteeringMember } from './pairs-api';

const ROLES: CommitteeRole[] = ['head', 'deputy', 'member', 'secretary'];

/**
 * Ban chỉ đạo (Điều 4): leaders keep their own school's members, the department all. Which
 * schools' members the caller may change comes from the server (`members[].manageSteering`,
 * the same `can('steering.manage')` the service's guard asks), never from the role here.
 */
export function SteeringSection({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<SteeringMember | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ schoolId: string; fullName: string; committeeRole: CommitteeRole; position?: string; phone?: string; email?: string }>();
  const manageable = pair.members.filter((m) => m.manageSteering);
  const manage = manageable.length > 0;
  const mine = (schoolId: string) => manageable.some((m) => m.schoolId === schoolId);
  const add = usePairMutation(pair.id, (body: unknown) =>
    editing ? api<SteeringMember>('PUT', `/api/pairs/${pair.id}/steering/${editing.id}`, body) : api<SteeringMember>('POST', `/api/pairs/${pair.id}/steering`, body),
  );
  const remove = usePairMutation(pair.id, (id: string) => api<void>('DELETE', `/api/pairs/${pair.id}/steering/${id}`));
  const schoolName = (id: string) => pair.members.find((m) => m.schoolId === id)?.shortName ?? '';
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await add.mutateAsync(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')));
      void message.success(t(editing ? 'pairs.steering.updated' : 'pairs.steering.added'));
      setAdding(false);
      setEditing(null);
      form.resetFields();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            form.resetFields();
            setAdding(true);
          }}
        >
          {t('pairs.steering.add')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={pair.steering}
        locale={{ emptyText: `${t('pairs.steering.none')} ${t(manage ? 'pairs.steering.noneManage' : 'pairs.steering.noneWho')}` }}
        columns={[
          { title: t('pairs.steering.role'), dataIndex: 'committeeRole', render: (r: CommitteeRole) => t(`pairs.steering.roles.${r}`), width: 140 },
          { title: t('pairs.steering.name'), dataIndex: 'fullName' },
          { title: t('pairs.steering.school'), dataIndex: 'schoolId', render: schoolName },
          { title: t('pairs.steering.position'), dataIndex: 'position' },
          {
            title: t('pairs.steering.contact'),
            key: 'contact',
            render: (_, m: SteeringMember) => [m.phone, m.email].filter(Boolean).join(' · '),
          },
          {
            title: <span className="sr-only">{t('pairs.steering.actions')}</span>,
            key: 'actions',
            width: 110,
            render: (_, m: SteeringMember) =>
              mine(m.schoolId) ? (
                <Space>
                  <Button
                    aria-label={t('pairs.steering.edit', { name: m.fullName })}
                    icon={<EditOutlined />}
                    onClick={() => {
                      setEditing(m);
                      form.setFieldsValue({ schoolId: m.schoolId, fullName: m.fullName, committeeRole: m.committeeRole, position: m.position ?? undefined, phone: m.phone ?? undefined, email: m.email ?? undefined });
                      setAdding(true);
                    }}
                  />
                  <Button aria-label={t('pairs.steering.remove', { name: m.fullName })} icon={<DeleteOutlined />} danger onClick={() => remove.mutate(m.id)} />
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={adding} title={editing ? t('pairs.steering.edit', { name: editing.fullName }) : t('pairs.steering.add')} okText={t('pairs.steering.save')} cancelText={t('common.cancel')} confirmLoading={add.isPending} onCancel={() => {
          setAdding(false);
          setEditing(null);
        }} onOk={submit}>
        <Form form={form} layout="vertical" initialValues={{ schoolId: manageable[0]?.schoolId, committeeRole: 'member' }}>
          <Form.Item name="schoolId" label={t('pairs.steering.school')} rules={[{ required: true }]}>
            <Select disabled={manageable.length < 2} options={manageable.map((m) => ({ value: m.schoolId, label: m.name }))} />
          </Form.Item>
          <Form.Item name="fullName" label={t('pairs.steering.name')} rules={[{ required: true, min: 2, message: t('pairs.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="committeeRole" label={t('pairs.steering.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`pairs.steering.roles.${r}`) }))} />
          </Form.Item>
          <Form.Item name="position" label={t('pairs.steering.position')}>
            <Input placeholder={t('pairs.steering.positionHint')} />
          </Form.Item>
          <Form.Item name="phone" label={t('pairs.steering.phone')}>
            <Input inputMode="tel" />
          </Form.Item>
          <Form.Item name="email" label={t('pairs.steering.email')}>
            <Input type="email" />
          </Form.Item>
          {error && <Alert type="error" showIcon role="alert" message={error} />}
        </Form>
      </Modal>
    </Space>
  );
}

/** The scanned paper originals kept with the MoU. */
export function ScansSection({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = usePairMutation(pair.id, (file: File) => uploadScanFile(pair.id, file));
  const sizeFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('mou.scans.explain')}</Typography.Paragraph>
      {pair.actions.includes('uploadScan') && pair.mou.versions.length > 0 && (
        <>
          <input
            ref={input}
            id="scan-file"
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/webp"
            style={{ display: 'none' }}
            aria-label={t('mou.scans.upload')}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setError(null);
              try {
                await upload.mutateAsync(file);
                void message.success(t('mou.scans.uploaded'));
              } catch (err) {
                setError(err instanceof ApiError ? err.message : t('errors.network'));
              }
            }}
          />
          <Button icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()}>
            {t('mou.scans.upload')}
          </Button>
        </>
      )}
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      {pair.scans.length === 0 ? (
        <Empty description={t('mou.scans.none')} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={pair.scans}
          columns={[
            { title: t('mou.scans.file'), dataIndex: 'fileName', render: (name: string, s) => <a href={`/api/pairs/${pair.id}/mou/scans/${s.id}`} target="_blank" rel="noreferrer">{name}</a> },
            { title: t('mou.version'), dataIndex: 'mouVersion', width: 100 },
            { title: t('mou.scans.size'), dataIndex: 'sizeBytes', render: (n: number) => `${sizeFormat.format(n / 1024)} KB`, width: 110 },
            { title: t('mou.scans.uploadedAt'), dataIndex: 'uploadedAt', render: (v: string) => formatDateTime(new Date(v)), width: 170 },
          ]}
        />
      )}
    </Space>
  );
}
