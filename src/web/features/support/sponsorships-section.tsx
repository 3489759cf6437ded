import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatVnd, isoDateInHanoi } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';
import { DateInput } from '../../components/date-input';
import { ApiError } from '../../lib/api';
import { usePolicy } from '../auth/use-policy';
import type { Beneficiary } from './beneficiaries-section';
import { emptyText } from './empty-text';
import { SponsorshipPayments } from './sponsorship-payments';
import { createSponsorship, endSponsorship, recordSponsorshipPayment, useSponsorships, useSupportMutation, type Sponsorship } from './support-api';

const errorText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

const field = (id: string, label: string, node: React.ReactNode) => (
  <div style={{ minWidth: 0, width: '100%', maxWidth: 520 }}>
    <label htmlFor={id}>{label}</label>
    <div>{node}</div>
  </div>
);

/**
 * The school's sponsorships (nhận đỡ đầu): who sponsors, how much, payments, next due date.
 * The student is shown by name only when the beneficiary list was opened (with a reason, logged).
 */
export function SponsorshipsSection({ schoolId, beneficiaries }: { schoolId: string; beneficiaries: Beneficiary[] | null }) {
  const { t } = useTranslation();
  const policy = usePolicy();
  const own = { school: { schoolId, unitChain: [] } };
  const list = useSponsorships(schoolId, policy.can('sponsorship.read', own));
  const [adding, setAdding] = useState(false);
  const nameOf = (id: string) => beneficiaries?.find((b) => b.id === id)?.fullName ?? t('support.sponsorships.studentHidden');
  if (!policy.can('sponsorship.read', own)) return null;
  return (
    <Card size="small" type="inner" title={t('support.sponsorships.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {policy.can('sponsorship.create', own) &&
          (adding ? (
            <SponsorshipForm beneficiaries={beneficiaries} onDone={() => setAdding(false)} />
          ) : (
            <Space wrap>
              <Button onClick={() => setAdding(true)} disabled={!beneficiaries}>
                {t('support.sponsorships.add')}
              </Button>
              {!beneficiaries && <Typography.Text type="secondary">{t('support.sponsorships.openListFirst')}</Typography.Text>}
            </Space>
          ))}
        {list.isError && <Alert type="error" showIcon message={errorText(list.error, t('errors.network'))} />}
        <List
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: emptyText(t('support.sponsorships.none')) }}
          renderItem={(s) => (
            <List.Item key={s.id} style={{ display: 'block' }}>
              <SponsorshipCard s={s} student={nameOf(s.beneficiaryId)} />
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}

function SponsorshipCard({ s, student }: { s: Sponsorship; student: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const pay = useSupportMutation(recordSponsorshipPayment);
  const end = useSupportMutation(endSponsorship);
  const [endReason, setEndReason] = useState('');
  const [ending, setEnding] = useState(false);
  const today = isoDateInHanoi(new Date());
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        title={
          <Space wrap>
            <span>{student}</span>
            {s.endedOn ? <Tag>{t('support.sponsorships.endedOn', { date: formatDate(s.endedOn) })}</Tag> : <StateTag tone="success">{t('support.sponsorships.running')}</StateTag>}
          </Space>
        }
      >
        <Descriptions.Item label={t('support.sponsorships.sponsor')}>
          {s.sponsorName}
          {s.sponsorUsername ? ` (${s.sponsorUsername})` : ''}
          {s.anonymous ? ` · ${t('support.anonymousShown')}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.sponsorships.amount')}>
          {formatVnd(s.amountVnd)} / {t(`support.sponsorships.per.${s.frequency}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.sponsorships.period')}>
          {formatDate(s.startsOn)} – {s.endsOn ? formatDate(s.endsOn) : '…'}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.sponsorships.paid')}>
          {formatVnd(s.paidVnd)} ({s.payments.filter((p) => p.correction?.kind !== 'reversal').length})
        </Descriptions.Item>
        <Descriptions.Item label={t('support.sponsorships.nextDue')}>{s.nextDueOn ? formatDate(s.nextDueOn) : '—'}</Descriptions.Item>
        <Descriptions.Item label="">
          <Space wrap>
            {s.actions.pay && s.nextDueOn && (
              <Button
                size="small"
                type="primary"
                loading={pay.isPending}
                onClick={() =>
                  pay.mutateAsync({ id: s.id, body: { periodOn: s.nextDueOn!, paidOn: today } }).then(
                    () => message.success(t('support.sponsorships.paymentSaved')),
                    (e: unknown) => message.error(errorText(e, t('errors.network'))),
                  )
                }
              >
                {t('support.sponsorships.recordPayment', { date: formatDate(s.nextDueOn) })}
              </Button>
            )}
            {s.actions.end && !ending && (
              <Button size="small" onClick={() => setEnding(true)}>
                {t('support.sponsorships.end')}
              </Button>
            )}
            {ending && (
              <Space.Compact>
                <Input aria-label={t('support.sponsorships.endReason')} placeholder={t('support.sponsorships.endReason')} value={endReason} onChange={(e) => setEndReason(e.target.value)} />
                <Button
                  danger
                  loading={end.isPending}
                  onClick={() =>
                    end.mutateAsync({ id: s.id, body: { endedOn: today, reason: endReason } }).then(
                      () => setEnding(false),
                      (e: unknown) => message.error(errorText(e, t('errors.network'))),
                    )
                  }
                >
                  {t('support.sponsorships.end')}
                </Button>
              </Space.Compact>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <SponsorshipPayments s={s} />
    </Space>
  );
}

function SponsorshipForm({ beneficiaries, onDone }: { beneficiaries: Beneficiary[] | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSupportMutation(createSponsorship);
  const [error, setError] = useState<string | null>(null);
  const today = isoDateInHanoi(new Date());
  const [s, setS] = useState({
    beneficiaryId: '',
    sponsorKind: 'person' as 'person' | 'organisation',
    sponsorUsername: '',
    sponsorName: '',
    anonymous: true,
    frequency: 'monthly' as 'monthly' | 'yearly',
    amountVnd: 500_000,
    startsOn: today,
    endsOn: '',
  });
  // Only students whose guardian agreed to a sponsor can be chosen (the server checks it too).
  const eligible = (beneficiaries ?? []).filter((b) => b.personKind === 'student' && b.guardianConsent?.scope.includes('sponsor'));
  const submit = async () => {
    setError(null);
    try {
      await save.mutateAsync({
        beneficiaryId: s.beneficiaryId,
        sponsorKind: s.sponsorKind,
        ...(s.sponsorUsername ? { sponsorUsername: s.sponsorUsername } : {}),
        ...(s.sponsorKind === 'organisation' ? { sponsorName: s.sponsorName } : {}),
        anonymous: s.anonymous,
        frequency: s.frequency,
        amountVnd: s.amountVnd,
        startsOn: s.startsOn,
        ...(s.endsOn ? { endsOn: s.endsOn } : {}),
      });
      void message.success(t('support.sponsorships.saved'));
      onDone();
    } catch (e) {
      setError(errorText(e, t('errors.network')));
    }
  };
  return (
    <Card size="small" title={t('support.sponsorships.add')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {field(
          'sponsorship-student',
          t('support.sponsorships.student'),
          <Select
            id="sponsorship-student"
            style={{ width: '100%' }}
            value={s.beneficiaryId || undefined}
            onChange={(v: string) => setS({ ...s, beneficiaryId: v })}
            notFoundContent={t('support.sponsorships.noneEligible')}
            options={eligible.map((b) => ({ value: b.id, label: `${b.fullName ?? ''}${b.className ? ` (${b.className})` : ''}` }))}
          />,
        )}
        {field(
          'sponsorship-kind',
          t('support.sponsorships.sponsorKind'),
          <Select
            id="sponsorship-kind"
            style={{ width: 300, maxWidth: '100%' }}
            value={s.sponsorKind}
            onChange={(v: 'person' | 'organisation') => setS({ ...s, sponsorKind: v })}
            options={(['person', 'organisation'] as const).map((k) => ({ value: k, label: t(`support.sponsorships.kinds.${k}`) }))}
          />,
        )}
        {s.sponsorKind === 'organisation' && field('sponsorship-name', t('support.sponsorships.organisation'), <Input id="sponsorship-name" value={s.sponsorName} onChange={(e) => setS({ ...s, sponsorName: e.target.value })} />)}
        {field(
          'sponsorship-username',
          s.sponsorKind === 'person' ? t('support.sponsorships.username') : t('support.sponsorships.contactUsername'),
          <>
            <Input
              id="sponsorship-username"
              aria-describedby="sponsorship-username-help"
              value={s.sponsorUsername}
              onChange={(e) => setS({ ...s, sponsorUsername: e.target.value })}
              placeholder="ten.giaovien"
            />
            <Typography.Text id="sponsorship-username-help" type="secondary" style={{ display: 'block', marginTop: 2, fontSize: 12, lineHeight: 1.5 }}>
              {t('support.sponsorships.usernameHelp')}
            </Typography.Text>
          </>,
        )}
        <Checkbox checked={s.anonymous} onChange={(e) => setS({ ...s, anonymous: e.target.checked })}>
          {t('support.anonymous')}
        </Checkbox>
        <Space wrap align="start">
          {field(
            'sponsorship-frequency',
            t('support.sponsorships.frequency'),
            <Select
              id="sponsorship-frequency"
              style={{ width: 180 }}
              value={s.frequency}
              onChange={(v: 'monthly' | 'yearly') => setS({ ...s, frequency: v })}
              options={(['monthly', 'yearly'] as const).map((k) => ({ value: k, label: t(`support.sponsorships.frequencies.${k}`) }))}
            />,
          )}
          {field('sponsorship-amount', t('support.sponsorships.amount'), <InputNumber id="sponsorship-amount" min={1} step={100000} style={{ width: 180 }} value={s.amountVnd} onChange={(v) => setS({ ...s, amountVnd: Number(v ?? 0) })} />)}
        </Space>
        <Space wrap align="start">
          {field('sponsorship-starts', t('support.sponsorships.startsOn'), <DateInput id="sponsorship-starts" value={s.startsOn} onChange={(v) => setS({ ...s, startsOn: v })} />)}
          {field('sponsorship-ends', t('support.sponsorships.endsOn'), <DateInput id="sponsorship-ends" value={s.endsOn} onChange={(v) => setS({ ...s, endsOn: v })} />)}
        </Space>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
        <Space>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            {t('support.save')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
