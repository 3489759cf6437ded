import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Input, InputNumber, List, Pagination, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTRIBUTION_KINDS, type ContributionKind, type NewDelivery, type NewPledge } from '#src/core/support/contribution.ts';
import { formatDate, formatVnd, isoDateInHanoi } from '#src/core/vn/format.ts';
import { DateInput } from '../../components/date-input';
import { StateTag } from '../../components/state-tag';
import { ApiError } from '../../lib/api';
import { usePolicy } from '../auth/use-policy';
import { useMe } from '../auth/use-session';
import { BeneficiariesSection } from './beneficiaries-section';
import { emptyText } from './empty-text';
import { offersMySponsorships } from './offers';
import { acknowledge, addDelivery, cancelPledge, createPledge, useMyPairs, useMySponsorshipCount, usePledges, useSupportMutation, useTotals, type Pledge, type TotalsLine } from './support-api';

// Tones with AA contrast (antd's preset green and gold are too light for their text).
const STATE_TONE = { pledged: 'neutral', 'partly-delivered': 'warning', delivered: 'info', acknowledged: 'success', cancelled: 'danger' } as const;

function errorText(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.message : fallback;
}

/** Cash, in kind and hours, each counted apart. */
export function TotalsCards({ totals }: { totals: TotalsLine }) {
  const { t } = useTranslation();
  return (
    <Space wrap size="large">
      <Statistic title={t('support.cash')} value={formatVnd(totals.cashVnd)} />
      <Statistic title={t('support.inKind')} value={formatVnd(totals.inKindVnd)} />
      <Statistic title={t('support.items')} value={totals.inKindItems} />
      <Statistic title={t('support.hours')} value={totals.hours} />
      <Statistic title={t('support.deliveries')} value={totals.deliveries} />
    </Space>
  );
}

/** The support drive of the caller's school(s): pledges, deliveries with minutes, acknowledgement. */
export function SupportPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const pledges = usePledges(page);
  const totals = useTotals();
  const policy = usePolicy();
  // What the page offers comes from the same policy the server enforces (the server still decides each request).
  const mayPledge = policy.mayEver('support.pledge');
  const mayExport = policy.mayEver('support.export');
  // "Học sinh tôi đỡ đầu" only to whom the policy gives that view and who has a sponsorship (anyone may be named a sponsor).
  const mine = useMySponsorshipCount();
  const offersMine = offersMySponsorships(policy.mayEver, mine.data?.count);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('support.title')}
        </Typography.Title>
        <Space wrap>
          {mayPledge && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('support.newPledge')}
            </Button>
          )}
          {mayExport && (
            <Button icon={<DownloadOutlined />} href="/api/support/export.xlsx">
              {t('support.export')}
            </Button>
          )}
          <Button href="/cong-khai">{t('support.publicLedger')}</Button>
          {offersMine && <Link to="/app/support/mine">{t('support.sponsorships.mineTitle')}</Link>}
        </Space>
      </Space>
      {totals.data && (
        <Card size="small" title={t('support.totals')}>
          <TotalsCards totals={totals.data.overall} />
        </Card>
      )}
      <BeneficiariesSection />
      {adding && <PledgeForm onDone={() => setAdding(false)} />}
      {pledges.isError && <Alert type="error" showIcon message={(pledges.error as Error).message} />}
      <List
        loading={pledges.isPending}
        dataSource={pledges.data?.items ?? []}
        locale={{ emptyText: <span data-testid="support-empty">{emptyText(t(mayPledge ? 'support.noneRecord' : 'support.noneAsk'))}</span> }}
        renderItem={(p) => (
          <List.Item key={p.id} style={{ display: 'block' }}>
            <PledgeCard pledge={p} />
          </List.Item>
        )}
      />
      {(pledges.data?.total ?? 0) > 10 && <Pagination current={page} pageSize={10} total={pledges.data?.total ?? 0} onChange={setPage} showSizeChanger={false} />}
    </Space>
  );
}

function PledgeCard({ pledge: p }: { pledge: Pledge }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [delivering, setDelivering] = useState(false);
  const ack = useSupportMutation(acknowledge);
  const cancel = useSupportMutation(cancelPledge);
  const money = p.kind === 'volunteer-hours' ? `${p.quantity} ${p.unit}` : formatVnd(p.valueVnd);
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{p.description}</span>
          <StateTag tone={STATE_TONE[p.state]}>{t(`support.state.${p.state}`)}</StateTag>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('support.donor')}>
          {p.donorName}
          {p.anonymous ? ` (${t('support.anonymousShown')})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.recipient')}>{p.schoolName}</Descriptions.Item>
        <Descriptions.Item label={t('support.kindLabel')}>{t(`support.kind.${p.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('support.pledged')}>
          {p.quantity} {p.unit} · {money}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.delivered')}>
          {p.deliveredQuantity} {p.unit} · {formatVnd(p.deliveredVnd)}
        </Descriptions.Item>
        {p.expectedOn && <Descriptions.Item label={t('support.expectedOn')}>{formatDate(p.expectedOn)}</Descriptions.Item>}
      </Descriptions>
      {p.deliveries.map((d) => (
        <Card key={d.id} type="inner" size="small" style={{ marginTop: 8 }} title={`${t('support.minutes')} ${d.minutesNumber} · ${formatDate(d.deliveredOn)}`}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {d.description}: {d.quantity} {p.unit} · {formatVnd(d.valueVnd)}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {t('support.handedOverBy')}: {d.handedOverBy} — {t('support.receivedBy')}: {d.receivedBy}
          </Typography.Paragraph>
          <Space wrap>
            <Button size="small" href={`/api/support/deliveries/${d.id}/minutes?format=docx`}>DOCX</Button>
            <Button size="small" href={`/api/support/deliveries/${d.id}/minutes?format=pdf`}>PDF</Button>
            {d.acknowledgedAt ? (
              <StateTag tone="success">{t('support.acknowledgedOn', { date: formatDate(d.acknowledgedAt.slice(0, 10)) })}</StateTag>
            ) : p.actions.acknowledge ? (
              <Button
                size="small"
                type="primary"
                loading={ack.isPending}
                onClick={() => ack.mutateAsync(d.id).then(() => message.success(t('support.acknowledged')), (e: unknown) => message.error(errorText(e, t('errors.network'))))}
              >
                {t('support.acknowledge')}
              </Button>
            ) : (
              <Tag>{t('support.awaitingAcknowledgement')}</Tag>
            )}
          </Space>
        </Card>
      ))}
      <Space wrap style={{ marginTop: 8 }}>
        {p.actions.deliver && !delivering && <Button onClick={() => setDelivering(true)}>{t('support.recordDelivery')}</Button>}
        {p.actions.cancel && (
          <Button danger onClick={() => cancel.mutateAsync({ id: p.id, reason: t('support.cancelReason') }).catch((e: unknown) => message.error(errorText(e, t('errors.network'))))}>
            {t('support.cancel')}
          </Button>
        )}
      </Space>
      {delivering && <DeliveryForm pledge={p} onDone={() => setDelivering(false)} />}
    </Card>
  );
}

const field = (id: string, label: string, node: React.ReactNode) => (
  <div style={{ minWidth: 0 }}>
    <label htmlFor={id}>{label}</label>
    <div>{node}</div>
  </div>
);

function DeliveryForm({ pledge, onDone }: { pledge: Pledge; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useSupportMutation(addDelivery);
  const [error, setError] = useState<string | null>(null);
  const [d, setD] = useState<NewDelivery>({
    deliveredOn: isoDateInHanoi(new Date()),
    description: pledge.description,
    quantity: Math.max(pledge.quantity - pledge.deliveredQuantity, 0) || pledge.quantity,
    valueVnd: Math.max(pledge.valueVnd - pledge.deliveredVnd, 0),
    handedOverBy: '',
    receivedBy: '',
    place: '',
  });
  const set = <K extends keyof NewDelivery>(k: K, v: NewDelivery[K]) => setD({ ...d, [k]: v });
  const id = (k: string) => `delivery-${pledge.id}-${k}`;
  return (
    <Card size="small" style={{ marginTop: 8 }} title={t('support.recordDelivery')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {field(id('deliveredOn'), t('support.deliveredOn'), <DateInput id={id('deliveredOn')} value={d.deliveredOn} onChange={(v) => set('deliveredOn', v)} />)}
        {field(id('description'), t('support.what'), <Input id={id('description')} value={d.description} onChange={(e) => set('description', e.target.value)} />)}
        <Space wrap>
          {field(id('quantity'), t('support.quantity'), <InputNumber id={id('quantity')} min={0} value={d.quantity} onChange={(v) => set('quantity', Number(v ?? 0))} />)}
          {field(id('valueVnd'), t('support.valueVnd'), <InputNumber id={id('valueVnd')} min={0} step={100000} style={{ width: 180 }} value={d.valueVnd} onChange={(v) => set('valueVnd', Number(v ?? 0))} />)}
        </Space>
        {field(id('handedOverBy'), t('support.handedOverBy'), <Input id={id('handedOverBy')} value={d.handedOverBy} placeholder="Bà Trịnh Thu Hằng, Phó Hiệu trưởng" onChange={(e) => set('handedOverBy', e.target.value)} />)}
        {field(id('receivedBy'), t('support.receivedBy'), <Input id={id('receivedBy')} value={d.receivedBy} placeholder="Ông Hà Văn Khánh, Hiệu trưởng" onChange={(e) => set('receivedBy', e.target.value)} />)}
        {field(id('place'), t('support.place'), <Input id={id('place')} value={d.place} placeholder="Thanh Xuân" onChange={(e) => set('place', e.target.value)} />)}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
        <Space>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={async () => {
              setError(null);
              try {
                await save.mutateAsync({ id: pledge.id, body: d });
                void message.success(t('support.deliverySaved'));
                onDone();
              } catch (e) {
                setError(errorText(e, t('errors.network')));
              }
            }}
          >
            {t('support.save')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}

function PledgeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const me = useMe();
  const pairs = useMyPairs();
  const save = useSupportMutation(createPledge);
  const [error, setError] = useState<string | null>(null);
  const [pairId, setPairId] = useState<string | undefined>();
  const [p, setP] = useState<Omit<NewPledge, 'schoolId' | 'anonymous'> & { schoolId: string; anonymous: boolean }>({
    donorKind: 'school',
    donorName: '',
    anonymous: false,
    kind: 'equipment',
    description: '',
    quantity: 1,
    unit: 'chiếc',
    valueVnd: 0,
    schoolId: '',
  });
  const set = <K extends keyof typeof p>(k: K, v: (typeof p)[K]) => setP({ ...p, [k]: v });
  const pair = pairs.data?.items.find((x) => x.id === pairId);
  const ownSchool = me.data?.school?.id ?? null;
  const submit = async () => {
    setError(null);
    // A school donor is the pair's other school (the one not receiving).
    const donorSchoolId = p.donorKind === 'school' ? pair?.schools.find((s) => s.id !== p.schoolId)?.id : undefined;
    try {
      await save.mutateAsync({
        ...p,
        donorName: p.donorKind === 'school' ? (pair?.schools.find((s) => s.id === donorSchoolId)?.name ?? 'x') : p.donorName,
        ...(donorSchoolId ? { donorSchoolId } : {}),
        ...(pairId ? { pairId } : {}),
      });
      void message.success(t('support.pledgeSaved'));
      onDone();
    } catch (e) {
      setError(errorText(e, t('errors.network')));
    }
  };
  return (
    <Card size="small" title={t('support.newPledge')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {field(
          'pledge-pair',
          t('support.pair'),
          <Select
            id="pledge-pair"
            style={{ width: '100%', maxWidth: 520 }}
            value={pairId}
            onChange={(v: string) => {
              setPairId(v);
              const other = pairs.data?.items.find((x) => x.id === v)?.schools.find((s) => s.id !== ownSchool);
              set('schoolId', other?.id ?? '');
            }}
            options={(pairs.data?.items ?? []).map((x) => ({ value: x.id, label: x.schools.map((s) => s.shortName).join(' – ') }))}
          />,
        )}
        {field(
          'pledge-school',
          t('support.recipient'),
          <Select id="pledge-school" style={{ width: '100%', maxWidth: 520 }} value={p.schoolId || undefined} onChange={(v: string) => set('schoolId', v)} options={(pair?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))} />,
        )}
        {field(
          'pledge-donorKind',
          t('support.donorKind'),
          <Select
            id="pledge-donorKind"
            style={{ width: 240 }}
            value={p.donorKind}
            onChange={(v: NewPledge['donorKind']) => set('donorKind', v)}
            options={(['school', 'organisation', 'person'] as const).map((k) => ({ value: k, label: t(`support.donorKinds.${k}`) }))}
          />,
        )}
        {p.donorKind !== 'school' && field('pledge-donorName', t('support.donor'), <Input id="pledge-donorName" value={p.donorName} onChange={(e) => set('donorName', e.target.value)} />)}
        <Checkbox checked={p.anonymous} onChange={(e) => set('anonymous', e.target.checked)}>
          {t('support.anonymous')}
        </Checkbox>
        {field(
          'pledge-kind',
          t('support.kindLabel'),
          <Select id="pledge-kind" style={{ width: 240 }} value={p.kind} onChange={(v: ContributionKind) => set('kind', v)} options={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`support.kind.${k}`) }))} />,
        )}
        {field('pledge-description', t('support.what'), <Input id="pledge-description" value={p.description} onChange={(e) => set('description', e.target.value)} placeholder="Ti vi 55 inch" />)}
        <Space wrap>
          {field('pledge-quantity', t('support.quantity'), <InputNumber id="pledge-quantity" min={0} value={p.quantity} onChange={(v) => set('quantity', Number(v ?? 0))} />)}
          {field('pledge-unit', t('support.unit'), <Input id="pledge-unit" value={p.unit} onChange={(e) => set('unit', e.target.value)} style={{ width: 100 }} />)}
          {field('pledge-valueVnd', t('support.valueVnd'), <InputNumber id="pledge-valueVnd" min={0} step={100000} style={{ width: 180 }} value={p.valueVnd} onChange={(v) => set('valueVnd', Number(v ?? 0))} />)}
        </Space>
        {field('pledge-expectedOn', t('support.expectedOn'), <DateInput id="pledge-expectedOn" value={p.expectedOn ?? ''} onChange={(v) => setP({ ...p, ...(v ? { expectedOn: v } : { expectedOn: undefined }) })} />)}
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
