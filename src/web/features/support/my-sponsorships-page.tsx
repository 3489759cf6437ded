import { Alert, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatVnd } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';
import { ApiError } from '../../lib/api';
import { PaymentAmount } from './sponsorship-payments';
import { useMySponsorships } from './support-api';

/** "Học sinh tôi đỡ đầu": the caller's own sponsorships, with only what the consents allow of each student. */
export function MySponsorshipsPage() {
  const { t } = useTranslation();
  const mine = useMySponsorships();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('support.sponsorships.mineTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('support.sponsorships.mineHint')}
      </Typography.Paragraph>
      {mine.isError && <Alert type="error" showIcon message={mine.error instanceof ApiError ? mine.error.message : t('errors.network')} />}
      <List
        loading={mine.isPending}
        locale={{ emptyText: <Empty description={<>{t('support.sponsorships.mineNone')}<br />{t('support.sponsorships.mineHowTo')}</>} /> }}
        dataSource={mine.data?.items ?? []}
        renderItem={(s) => (
          <List.Item key={s.id} style={{ display: 'block' }}>
            <Card
              size="small"
              title={
                <Space wrap>
                  <span>{s.student ? t('support.sponsorships.studentLabel', { name: s.student.givenName, className: s.student.className ?? '—' }) : t('support.sponsorships.studentHiddenForSponsor')}</span>
                  {s.endedOn ? <Tag>{t('support.sponsorships.endedOn', { date: formatDate(s.endedOn) })}</Tag> : <StateTag tone="success">{t('support.sponsorships.running')}</StateTag>}
                </Space>
              }
            >
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('support.recipient')}>{s.schoolName}</Descriptions.Item>
                <Descriptions.Item label={t('support.sponsorships.amount')}>
                  {formatVnd(s.amountVnd)} / {t(`support.sponsorships.per.${s.frequency}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('support.sponsorships.period')}>
                  {formatDate(s.startsOn)} – {s.endsOn ? formatDate(s.endsOn) : '…'}
                </Descriptions.Item>
                <Descriptions.Item label={t('support.sponsorships.nextDue')}>{s.nextDueOn ? formatDate(s.nextDueOn) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('support.sponsorships.paid')}>{formatVnd(s.paidVnd)}</Descriptions.Item>
              </Descriptions>
              {s.payments.length > 0 && (
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  className="narrow-table"
                  style={{ marginTop: 8 }}
                  dataSource={s.payments}
                  columns={[
                    { title: t('support.sponsorships.periodOn'), dataIndex: 'periodOn', render: (v: string) => formatDate(v) },
                    { title: t('support.sponsorships.paidOn'), dataIndex: 'paidOn', render: (v: string) => formatDate(v) },
                    { title: t('support.valueVnd'), key: 'amount', align: 'right', render: (_: unknown, p: (typeof s.payments)[number]) => <PaymentAmount p={p} /> },
                  ]}
                />
              )}
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
