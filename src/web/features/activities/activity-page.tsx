import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Image, Input, List, Modal, Popconfirm, Skeleton, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatCount, formatDateTime } from '#src/core/vn/format.ts';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../auth/use-session';
import { NewsCard } from '../news/news-card';
import { kindName, uploadEvidenceFile, useActivity, useActivityKinds, useActivityMutation, type ActivityDetail } from './activities-api';
import { ActivityForm } from './activity-form';
import { ActivityStatusTag, dateSpan } from './activity-labels';

type Step = 'complete' | 'report' | 'cancel';

/** One activity: the record, who took part, its evidence, and the steps open to the user. */
export function ActivityPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const activity = useActivity(id);
  if (activity.isError) return <Alert type="error" showIcon message={activity.error instanceof ApiError ? activity.error.message : t('errors.network')} />;
  if (!activity.data) return <Skeleton active />;
  return <ActivityView a={activity.data} />;
}

function ActivityView({ a }: { a: ActivityDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = AntApp.useApp();
  const kinds = useActivityKinds();
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState<Step | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const step = useActivityMutation((input: { event: Step; reason?: string }) => api<ActivityDetail>('POST', `/api/activities/${a.id}/transitions`, input));
  const upload = useActivityMutation((file: File) => uploadEvidenceFile(a.id, file));
  // plans-e2e
  const removeFile = useActivityMutation((fileId: string) => api<null>('DELETE', `/api/activities/${a.id}/files/${fileId}`));
  const onRemove = async (fileId: string) => {
    setError(null);
    try {
      await removeFile.mutateAsync(fileId);
      void message.success(t('activities.evidenceDeleted'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  const removeButton = (f: { id: string; fileName: string }) =>
    a.actions.includes('deleteEvidence') && (
      <Popconfirm title={t('activities.deleteEvidenceConfirm', { name: f.fileName })} okText={t('activities.deleteEvidence')} cancelText={t('common.cancel')} onConfirm={() => onRemove(f.id)}>
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('activities.deleteEvidenceOf', { name: f.fileName })} loading={removeFile.isPending && removeFile.variables === f.id} />
      </Popconfirm>
    );
  const num = (n: number) => formatCount(n);

  const run = async (event: Step) => {
    setError(null);
    try {
      await step.mutateAsync({ event, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      void message.success(t(`activities.doneMessage.${event}`));
      setAsking(null);
      setReason('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setUploading(true);
    setError(null);
    try {
      for (const f of Array.from(files)) await upload.mutateAsync(f);
      void message.success(t('activities.uploaded'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };
  const photos = a.files.filter((f) => f.kind === 'photo');
  const minutes = a.files.filter((f) => f.kind === 'minutes');
  const fileUrl = (fileId: string, thumb = false) => `/api/activities/${a.id}/files/${fileId}${thumb ? '?thumbnail=true' : ''}`;

  return (
    <>
      <Typography.Paragraph>
        <Link to={`/app/pairs/${a.pairId}`}>← {a.pairName}</Link> · <Link to="/app/activities">{t('activities.nav')}</Link>
      </Typography.Paragraph>
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {a.title}
        </Typography.Title>
        <ActivityStatusTag status={a.status} overdue={a.overdue} />
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('activities.kind')}>{kindName(kinds.data?.items, a.kind, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('activities.when')}>
            {dateSpan(a.startsOn, a.endsOn)}
            {a.startTime ? `, ${a.startTime}${a.endTime ? `–${a.endTime}` : ''}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.host')}>{a.hostSchoolName}</Descriptions.Item>
          <Descriptions.Item label={t('activities.mode')}>{t(`activities.modes.${a.mode}`)}</Descriptions.Item>
          {a.place && <Descriptions.Item label={t('activities.place')}>{a.place}</Descriptions.Item>}
          {a.subject && <Descriptions.Item label={t('activities.subject')}>{a.subject}</Descriptions.Item>}
          <Descriptions.Item label={t('activities.schoolYear')}>{a.schoolYear}</Descriptions.Item>
        </Descriptions>
        {a.description && (
          <>
            <Typography.Title level={2} style={{ fontSize: 16 }}>{t('activities.description')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.description}</Typography.Paragraph>
          </>
        )}
        {a.outcome && (
          <>
            <Typography.Title level={2} style={{ fontSize: 16 }}>{t('activities.outcome')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.outcome}</Typography.Paragraph>
          </>
        )}
        {a.cancelReason && <Alert type="warning" showIcon message={t('activities.cancelledBecause')} description={a.cancelReason} />}
        <Space wrap style={{ marginTop: 12 }}>
          {a.actions.includes('edit') && <Button onClick={() => setEditing(true)}>{t('activities.edit')}</Button>}
          {(['complete', 'report', 'cancel'] as const)
            .filter((s) => a.actions.includes(s))
            .map((s) => (
              <Button key={s} type={s === 'cancel' ? 'default' : 'primary'} danger={s === 'cancel'} onClick={() => setAsking(s)}>
                {t(`activities.step.${s}`)}
              </Button>
            ))}
        </Space>
        {error && !asking && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Card>

      <Card size="small" title={t('activities.participants')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="schoolId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={a.participants}
          locale={{ emptyText: t('activities.noParticipants') }}
          columns={[
            { title: t('activities.school'), dataIndex: 'schoolName' },
            { title: t('activities.counts.teachers'), dataIndex: 'teachers', align: 'right', render: num },
            { title: t('activities.counts.staff'), dataIndex: 'staff', align: 'right', render: num },
            { title: t('activities.counts.students'), dataIndex: 'students', align: 'right', render: num },
          ]}
        />
        {a.people.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {t('activities.people')}: {a.people.map((p) => p.displayName).join(', ')}
          </Typography.Paragraph>
        )}
      </Card>

      <Card
        size="small"
        title={t('activities.evidence')}
        extra={
          a.actions.includes('uploadEvidence') && (
            <>
              <input
                ref={fileInput}
                id="evidence-file"
                type="file"
                multiple
                accept="image/jpeg,image/png,image/webp,application/pdf,.docx"
                style={{ display: 'none' }}
                onChange={(e) => void onFiles(e.target.files)}
              />
              <Button icon={<UploadOutlined />} loading={uploading} onClick={() => fileInput.current?.click()}>
                {t('activities.upload')}
              </Button>
            </>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('activities.uploadHelp')}</Typography.Paragraph>
        {photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap>
              {photos.map((p) => (
                <Space key={p.id} direction="vertical" size={4} align="center">
                  <Image width={160} src={fileUrl(p.id, true)} preview={{ src: fileUrl(p.id) }} alt={p.fileName} />
                  {removeButton(p)}
                </Space>
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
        {minutes.length > 0 && (
          <List
            size="small"
            dataSource={minutes}
            renderItem={(f) => (
              <List.Item>
                <a href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                  {f.fileName}
                </a>
                <Space>
                  <Typography.Text type="secondary">{formatDateTime(new Date(f.uploadedAt))}</Typography.Text>
                  {removeButton(f)}
                </Space>
              </List.Item>
            )}
          />
        )}
        {a.files.length === 0 && <Typography.Text type="secondary">{t('activities.noEvidence')}</Typography.Text>}
      </Card>

      {/* news */}
      <NewsCard activityId={a.id} held={a.status === 'done' || a.status === 'reported'} />

      <ActivityForm
        open={editing}
        onClose={(saved) => {
          setEditing(false);
          if (saved) void message.success(t('activities.saved'));
        }}
        pairId={a.pairId}
        members={a.members}
        mySchoolId={me.data?.school?.id ?? null}
        editing={a}
      />
      <Modal
        open={asking !== null}
        title={asking ? t(`activities.step.${asking}`) : ''}
        okText={asking ? t(`activities.step.${asking}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: asking === 'cancel', disabled: asking === 'cancel' && reason.trim().length === 0 }}
        confirmLoading={step.isPending}
        onCancel={() => {
          setAsking(null);
          setError(null);
        }}
        onOk={() => asking && void run(asking)}
      >
        <Typography.Paragraph>{asking ? t(`activities.confirm.${asking}`, { title: a.title }) : ''}</Typography.Paragraph>
        {asking === 'cancel' && (
          <>
            <label htmlFor="activity-reason">{t('activities.reason')}</label>
            <Input.TextArea id="activity-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </>
        )}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Modal>
    </>
  );
}
