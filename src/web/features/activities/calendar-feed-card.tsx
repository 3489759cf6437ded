import { Alert, App as AntApp, Button, Card, Input, Popconfirm, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { CalendarFeedMadeDto, CalendarFeedStatusDto } from '#src/core/activities/dto.ts';
import { ApiError, api } from '../../lib/api';

/**
 * The user's calendar subscription (Google Calendar, Outlook): a secret address shown once
 * when made; making a new one or revoking it stops the old one at once.
 */
export function CalendarFeedCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const feed = useQuery({ queryKey: ['calendar-feed'], queryFn: () => api<CalendarFeedStatusDto>('GET', '/api/calendar/feed') });
  const refresh = () => client.invalidateQueries({ queryKey: ['calendar-feed'] });
  const make = useMutation({ mutationFn: () => api<CalendarFeedMadeDto>('POST', '/api/calendar/feed'), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: () => api<void>('DELETE', '/api/calendar/feed'), onSuccess: refresh });
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Card size="small" title={t('activities.feed.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph>{t('activities.feed.help')}</Typography.Paragraph>
      {feed.data?.active && feed.data.createdAt && !url && <Typography.Paragraph type="secondary">{t('activities.feed.active', { date: formatDateTime(new Date(feed.data.createdAt)) })}</Typography.Paragraph>}
      {url && (
        <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
          <Input readOnly value={url} aria-label={t('activities.feed.address')} />
          <Button
            onClick={() => {
              void navigator.clipboard?.writeText(url).then(() => message.success(t('activities.feed.copied')));
            }}
          >
            {t('activities.feed.copy')}
          </Button>
        </Space.Compact>
      )}
      <Space wrap>
        <Button loading={make.isPending} onClick={() => void run(async () => setUrl((await make.mutateAsync()).url))}>
          {feed.data?.active ? t('activities.feed.renew') : t('activities.feed.make')}
        </Button>
        {feed.data?.active && (
          <Popconfirm title={t('activities.feed.revokeConfirm')} okText={t('activities.feed.revoke')} cancelText={t('common.cancel')} onConfirm={() => void run(async () => { await revoke.mutateAsync(); setUrl(null); })}>
            <Button danger>{t('activities.feed.revoke')}</Button>
          </Popconfirm>
        )}
      </Space>
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon role="alert" message={error} />}
    </Card>
  );
}
