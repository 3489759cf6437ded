import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxPageDto, OutboxStatus } from '#src/core/mail/dto.ts';
import { api } from '../../lib/api';
import { useNarrow } from '../../lib/use-narrow';

type Status = OutboxStatus;

const COLORS: Record<Status, string> = { queued: 'blue', sent: 'green', written: 'geekblue', failed: 'red' };
const PAGE = 50;

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** "Hộp thư đi": every mail the app sent (SMTP) or wrote (.eml files without SMTP_URL); failed ones with their error. */
export function OutboxPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [page, setPage] = useState(1);
  const query = `limit=${PAGE}&offset=${(page - 1) * PAGE}${status === 'all' ? '' : `&status=${status}`}`;
  const narrow = useNarrow();
  const statuses = ['all', 'failed', 'queued', 'sent', 'written'] as const;
  const choose = (v: Status | 'all') => {
    setStatus(v);
    setPage(1);
  };
  const outbox = useQuery({ queryKey: ['outbox', query], queryFn: () => api<OutboxPageDto>('GET', `/api/mail/outbox?${query}`) });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('outbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('outbox.intro')}</Typography.Paragraph>
      {narrow ? (
        // phases: five segments do not fit 390 px; a phone gets a drop-down instead.
        <Select
          aria-label={t('outbox.filter')}
          data-testid="outbox-filter"
          value={status}
          onChange={choose}
          options={statuses.map((s) => ({ value: s, label: t(`outbox.status.${s}`) }))}
          style={{ width: '100%' }}
        />
      ) : (
        <Segmented value={status} onChange={(v) => choose(v as Status | 'all')} options={statuses.map((s) => ({ value: s, label: t(`outbox.status.${s}`) }))} style={{ maxWidth: '100%', overflowX: 'auto' }} />
      )}
      {outbox.isError && <Alert type="error" showIcon message={(outbox.error as Error).message} />}
      <List
        style={{ marginTop: 16 }}
        loading={outbox.isPending}
        dataSource={outbox.data?.items ?? []}
        locale={{ emptyText: t('outbox.empty') }}
        pagination={(outbox.data?.total ?? 0) > PAGE ? { current: page, pageSize: PAGE, total: outbox.data?.total ?? 0, onChange: setPage, showSizeChanger: false } : false}
        renderItem={(m) => (
          <List.Item
            data-testid="outbox-item"
            actions={
              m.hasFile
                ? [
                    <a key="eml" href={`/api/mail/outbox/${m.id}/eml`} download>
                      <DownloadOutlined /> {t('outbox.download')}
                    </a>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={<span style={{ overflowWrap: 'anywhere' }}>{m.subject}</span>}
              description={
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <span style={{ overflowWrap: 'anywhere' }}>
                    {t('outbox.to')}: {m.to} · {dateTime(m.createdAt)}
                  </span>
                  <Space wrap size={4}>
                    <Tag color={COLORS[m.status]}>{t(`outbox.status.${m.status}`)}</Tag>
                    <Tag>{m.kind}</Tag>
                    {m.attempts > 1 && <Tag>{t('outbox.attempts', { count: m.attempts })}</Tag>}
                  </Space>
                  {m.error && (
                    <Typography.Text type="danger" style={{ overflowWrap: 'anywhere' }}>
                      {t('outbox.error')}: {m.error}
                    </Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}
