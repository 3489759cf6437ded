import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatVnd } from '#src/core/vn/format.ts';
import { emptyText } from './empty-text';
import { usePublicHeads, usePublicLedger, usePublicTotals } from './support-api';
import { TotalsCards } from './support-page';

/** The public ledger (công khai): totals, every entry (donor or "ẩn danh"), and the published heads. */
export function LedgerPage() {
  const { t } = useTranslation();
  const totals = usePublicTotals();
  const ledger = usePublicLedger();
  const heads = usePublicHeads();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
        {t('support.ledgerTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('support.ledgerIntro')}</Typography.Paragraph>
      {(totals.isError || ledger.isError) && <Alert type="error" showIcon message={t('errors.network')} />}
      {totals.data && (
        <Card size="small" title={t('support.totals')}>
          <TotalsCards totals={totals.data.overall} />
          {/* One line per school (no table that would scroll sideways on a phone). */}
          <List
            style={{ marginTop: 12 }}
            size="small"
            header={<strong>{t('support.totalsBySchool')}</strong>}
            dataSource={totals.data.bySchool}
            renderItem={(r) => (
              <List.Item key={r.schoolId} style={{ display: 'block' }}>
                <div>{r.schoolName}</div>
                <Typography.Text type="secondary">
                  {t('support.cash')}: {formatVnd(r.cashVnd)} · {t('support.inKind')}: {formatVnd(r.inKindVnd)} · {t('support.hours')}: {r.hours}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('support.entries')}>
        <List
          loading={ledger.isPending}
          dataSource={ledger.data?.items ?? []}
          locale={{ emptyText: emptyText(t('support.none')) }}
          renderItem={(e) => (
            <List.Item key={e.seq} style={{ display: 'block' }}>
              <Space wrap>
                <Tag>#{e.seq}</Tag>
                {e.kind === 'correction' && <Tag color="orange">{t('support.correctionOf', { seq: e.correctsSeq })}</Tag>}
                {e.kind === 'payment' && <Tag color="blue">{t('support.sponsorships.paymentEntry')}</Tag>}
                <strong>{e.donor}</strong>
                <span>→ {e.schoolName}</span>
              </Space>
              <div>
                {t(`support.kind.${e.contributionKind}`)} · {e.quantity} {e.unit} · {formatVnd(e.valueVnd)} · {formatDate(e.deliveredOn)}
                {e.minutesNumber ? ` · ${e.minutesNumber}` : ''}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                SHA-256 {e.hash}
              </Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('support.heads')}>
        <Typography.Paragraph>{t('support.headsIntro')}</Typography.Paragraph>
        {heads.data?.current && (
          <Typography.Paragraph style={{ wordBreak: 'break-all' }}>
            {t('support.currentHead', { seq: heads.data.current.seq })}: <code>{heads.data.current.hash}</code>
          </Typography.Paragraph>
        )}
        <List
          size="small"
          dataSource={heads.data?.published ?? []}
          renderItem={(h) => (
            <List.Item key={h.publishedOn} style={{ display: 'block', wordBreak: 'break-all' }}>
              {formatDate(h.publishedOn)} · #{h.seq} · <code>{h.hash}</code>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
