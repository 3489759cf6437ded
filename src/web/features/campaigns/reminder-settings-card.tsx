import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, InputNumber, Skeleton, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReminderSettings } from '#src/core/campaigns/reminder-settings.ts';
import { ApiError, api } from '../../lib/api';

type Key = keyof ReminderSettings;
const FIELDS: { key: Key; max: number; fallback: number }[] = [
  { key: 'reminderDays', max: 365, fallback: 7 },
  { key: 'escalationDays', max: 365, fallback: 14 },
  { key: 'activityReminderDays', max: 60, fallback: 3 },
];

/** "Nhắc việc" of a campaign: days before a school is reminded, the department told, an activity's people reminded (off: no reminder). */
export function ReminderSettingsCard({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['campaign-reminders', campaignId], queryFn: () => api<ReminderSettings>('GET', `/api/campaigns/${campaignId}/reminders`) });
  const [draft, setDraft] = useState<ReminderSettings | null>(null);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: ReminderSettings) => api<ReminderSettings>('PUT', `/api/campaigns/${campaignId}/reminders`, body),
    onSuccess: (data) => client.setQueryData(['campaign-reminders', campaignId], data),
  });
  const submit = async () => {
    if (!draft) return;
    setError(null);
    try {
      await save.mutateAsync(draft);
      void message.success(t('campaigns.reminders.saved'));
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('errors.network') });
    }
  };
  return (
    <Card size="small" title={t('campaigns.reminders.title')}>
      <Typography.Paragraph type="secondary">{t('campaigns.reminders.intro')}</Typography.Paragraph>
      {!draft ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {FIELDS.map(({ key, max, fallback }) => {
            const on = draft[key] !== null;
            const id = `campaign-reminders-${key}`;
            return (
              <div key={key}>
                <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
                  {t(`campaigns.reminders.${key}`)}
                </label>
                <Space wrap>
                  <Switch
                    checked={on}
                    onChange={(v) => setDraft({ ...draft, [key]: v ? fallback : null })}
                    aria-label={t('campaigns.reminders.toggle', { what: t(`campaigns.reminders.${key}`) })}
                    checkedChildren={t('campaigns.reminders.on')}
                    unCheckedChildren={t('campaigns.reminders.off')}
                  />
                  <InputNumber
                    id={id}
                    min={1}
                    max={max}
                    precision={0}
                    disabled={!on}
                    value={draft[key]}
                    status={error?.field === key ? 'error' : undefined}
                    onChange={(v) => setDraft({ ...draft, [key]: v === null ? null : Number(v) })}
                    addonAfter={t('campaigns.reminders.days')}
                    style={{ width: 160 }}
                  />
                </Space>
              </div>
            );
          })}
          {error && <Alert type="error" showIcon role="alert" message={error.message} />}
          <Button onClick={submit} loading={save.isPending}>
            {t('campaigns.reminders.save')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
