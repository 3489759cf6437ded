import { Alert, App as AntApp, Button, Card, Input, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatVnd, isoDateInHanoi } from '#src/core/vn/format.ts';
import { ApiError } from '../../lib/api';
import { correctSponsorshipPayment, useSupportMutation, type Sponsorship, type SponsorshipPayment } from './support-api';

const errorText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

/** What a payment counts, and, when it was corrected, the amount recorded struck through and how it was corrected. */
export function PaymentAmount({ p }: { p: { amountVnd: number; countedVnd: number; correction: { kind: 'reversal' | 'amount'; correctedAt: string } | null } }) {
  const { t } = useTranslation();
  if (!p.correction) return <>{formatVnd(p.amountVnd)}</>;
  return (
    <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
      <Typography.Text delete type="secondary">
        {formatVnd(p.amountVnd)}
      </Typography.Text>
      <span>{formatVnd(p.countedVnd)}</span>
      <Tag>{t(`support.sponsorships.correction.${p.correction.kind === 'reversal' ? 'reversedOn' : 'correctedOn'}`, { date: formatDate(isoDateInHanoi(new Date(p.correction.correctedAt))) })}</Tag>
    </Space>
  );
}

/**
 * The school's view of a sponsorship's payments: each as recorded, a corrected one shown with
 * its correction and reason; staff who may record payments may correct one recorded in error.
 */
export function SponsorshipPayments({ s }: { s: Sponsorship }) {
  const { t } = useTranslation();
  const [correcting, setCorrecting] = useState<SponsorshipPayment | null>(null);
  if (!s.payments.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        scroll={{ x: true }}
        dataSource={s.payments}
        columns={[
          { title: t('support.sponsorships.periodOn'), dataIndex: 'periodOn', render: (v: string) => formatDate(v) },
          { title: t('support.sponsorships.paidOn'), dataIndex: 'paidOn', render: (v: string) => formatDate(v) },
          { title: t('support.valueVnd'), key: 'amount', align: 'right', render: (_: unknown, p: SponsorshipPayment) => <PaymentAmount p={p} /> },
          {
            title: t('support.sponsorships.correction.reason'),
            key: 'reason',
            render: (_: unknown, p: SponsorshipPayment) => p.correction?.reason ?? '',
          },
          ...(s.actions.correctPayment
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, p: SponsorshipPayment) =>
                    p.correction ? null : (
                      <Button size="small" onClick={() => setCorrecting(p)} aria-label={t('support.sponsorships.correction.openFor', { date: formatDate(p.periodOn) })}>
                        {t('support.sponsorships.correction.open')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {correcting && <PaymentCorrectionForm key={correcting.id} s={s} p={correcting} onDone={() => setCorrecting(null)} />}
    </Space>
  );
}

function PaymentCorrectionForm({ s, p, onDone }: { s: Sponsorship; p: SponsorshipPayment; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSupportMutation(correctSponsorshipPayment);
  const [kind, setKind] = useState<'reversal' | 'amount'>('amount');
  const [amount, setAmount] = useState<number>(p.amountVnd);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await save.mutateAsync({ id: s.id, paymentId: p.id, body: { kind, ...(kind === 'amount' ? { amountVnd: amount } : {}), reason } });
      void message.success(t('support.sponsorships.correction.saved'));
      onDone();
    } catch (e) {
      setError(errorText(e, t('errors.network')));
    }
  };
  return (
    <Card size="small" title={t('support.sponsorships.correction.title', { period: formatDate(p.periodOn), amount: formatVnd(p.amountVnd) })}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('support.sponsorships.correction.hint')}
        </Typography.Paragraph>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'reversal' | 'amount')} aria-label={t('support.sponsorships.correction.kind')}>
          <Space direction="vertical">
            <Radio value="amount">{t('support.sponsorships.correction.kinds.amount')}</Radio>
            <Radio value="reversal">{t('support.sponsorships.correction.kinds.reversal')}</Radio>
          </Space>
        </Radio.Group>
        {kind === 'amount' && (
          <div style={{ maxWidth: 520 }}>
            <label htmlFor={`correction-amount-${p.id}`}>{t('support.sponsorships.correction.amount')}</label>
            <div>
              <InputNumber id={`correction-amount-${p.id}`} min={1} step={100000} style={{ width: 200 }} value={amount} onChange={(v) => setAmount(Number(v ?? 0))} />
            </div>
          </div>
        )}
        <div style={{ maxWidth: 520 }}>
          <label htmlFor={`correction-reason-${p.id}`}>{t('support.sponsorships.correction.reason')}</label>
          <Input id={`correction-reason-${p.id}`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('support.sponsorships.correction.reasonPlaceholder')} />
        </div>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
        <Space>
          <Button type="primary" danger={kind === 'reversal'} loading={save.isPending} onClick={submit}>
            {t('support.sponsorships.correction.save')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
