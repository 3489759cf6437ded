import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm, Table, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { LoginThrottleDto as Throttle, LoginThrottleListDto } from '#src/core/auth/dto.ts';
import { ApiError, api } from '../../lib/api';

/** The department's view of sign-in throttles in force, with a way to lift one. */
export function ThrottlesSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const throttles = useQuery({ queryKey: ['login-throttles'], queryFn: () => api<LoginThrottleListDto>('GET', '/api/auth/throttles') });
  const lift = useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/auth/throttles/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['login-throttles'] }),
  });
  const onLift = async (id: string) => {
    try {
      await lift.mutateAsync(id);
      void message.success(t('throttles.lifted'));
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  return (
    <section aria-labelledby="throttles-title">
      <Typography.Title level={2} id="throttles-title" style={{ fontSize: 20, marginTop: 32 }}>
        {t('throttles.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('throttles.help')}</Typography.Paragraph>
      {throttles.isError ? (
        <Alert type="error" showIcon message={t('throttles.loadError')} />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          pagination={false}
          loading={throttles.isLoading}
          dataSource={throttles.data?.items ?? []}
          locale={{ emptyText: t('throttles.none') }}
          data-testid="throttles"
          columns={[
            { title: t('throttles.username'), dataIndex: 'username', render: (u: string | null) => u ?? <em>{t('throttles.anyUsername')}</em> },
            { title: t('throttles.address'), dataIndex: 'address' },
            { title: t('throttles.failures'), dataIndex: 'failures', width: 110 },
            { title: t('throttles.blockedUntil'), dataIndex: 'blockedUntil', render: (v: string) => formatDateTime(new Date(v)) },
            {
              title: '',
              key: 'lift',
              width: 120,
              render: (_: unknown, row: Throttle) => (
                <Popconfirm title={t('throttles.liftConfirm', { who: row.username ?? row.address })} onConfirm={() => onLift(row.id)}>
                  <Button size="small" loading={lift.isPending && lift.variables === row.id}>
                    {t('throttles.lift')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
