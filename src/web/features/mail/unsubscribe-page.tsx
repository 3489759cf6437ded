import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../lib/api';
import type { UnsubscribedDto, UnsubscribeInfoDto } from '#src/core/mail/dto.ts';

/** The page an unsubscribe link in a mail opens: says what stops, and stops it on one click (no sign-in). */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const info = useQuery({ queryKey: ['unsubscribe', token], queryFn: () => api<UnsubscribeInfoDto>('GET', `/api/mail/unsubscribe/${encodeURIComponent(token)}`) });
  const confirm = useMutation({ mutationFn: () => api<UnsubscribedDto>('POST', `/api/mail/unsubscribe/${encodeURIComponent(token)}`) });
  if (info.isPending) return <Spin />;
  if (info.isError) return <Result status="404" title={t('unsubscribe.notFound')} />;
  const kind = t(`notificationKind.${info.data.kind}`, { defaultValue: info.data.kind });
  if (confirm.isSuccess) return <Result status="success" title={t('unsubscribe.done', { kind })} subTitle={t('unsubscribe.stillInApp')} />;
  return (
    <Card style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('unsubscribe.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('unsubscribe.question', { kind, email: info.data.email ?? '' })}</Typography.Paragraph>
      {confirm.isError && <Alert type="error" showIcon message={(confirm.error as Error).message} />}
      <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate()}>
        {t('unsubscribe.confirm')}
      </Button>
    </Card>
  );
}
