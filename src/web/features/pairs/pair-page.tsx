import { Alert, App as AntApp, Button, Card, Descriptions, Input, Modal, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PairTransitionedDto } from '#src/core/pairs/dto.ts';
import { pairPeriods } from '#src/core/pairs/periods.ts';
import { formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { ApiError, api } from '../../lib/api';
import { MouSection } from './mou-section';
import { NoticesSection } from './notices-section';
import { PairStateTag } from './pair-labels';
import { usePair, usePairMutation, type PairDetail } from './pairs-api';
import { useEndedCampaignConfirm } from '../../components/campaign-ended';
import { ScansSection, SteeringSection } from './steering-section';
import { NoAccountTag, PaperStepButtons, paperNoteOf } from './paper-steps';
// phases
import { NextPhaseSection } from './next-phase-section';
// activities
import { PairActivitiesSection } from '../activities/activities-section';
// plans
import { PlanSection } from '../plans/plan-section';

type Event = 'accept' | 'decline' | 'approve' | 'reject' | 'complete' | 'terminate' | 'withdraw';
const NEEDS_REASON: Event[] = ['decline', 'reject', 'terminate', 'withdraw'];

/** One pair: its schools and state, the steps open to the user, and its MoU, notices, committee and scans. */
export function PairPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const pair = usePair(id);
  if (pair.isError) {
    const e = pair.error;
    return <Alert type="error" showIcon message={e instanceof ApiError ? e.message : t('errors.network')} />;
  }
  if (!pair.data) return <Skeleton active />;
  return <PairView pair={pair.data} />;
}

function PairView({ pair }: { pair: PairDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [asking, setAsking] = useState<Event | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const step = usePairMutation(pair.id, (input: { event: Event; reason?: string; confirmCampaignEnded?: boolean }) => api<PairTransitionedDto>('POST', `/api/pairs/${pair.id}/transitions`, input));
  const confirmEnded = useEndedCampaignConfirm();
  // A link may open a tab: /app/pairs/<id>?tab=plan&year=2025-2026 (the plan's notifications).
  const [searchParams] = useSearchParams();

  const run = async (event: Event, why?: string) => {
    setError(null);
    try {
      // Approving under a campaign whose phase has ended asks for an explicit confirmation naming its end date.
      const done = await confirmEnded((confirm) => step.mutateAsync({ event, ...(why ? { reason: why } : {}), ...(confirm ? { confirmCampaignEnded: true } : {}) }));
      if (!done) return;
      void message.success(t(`pairs.done.${event}`));
      setAsking(null);
      setReason('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  const stepButtons = (['accept', 'decline', 'approve', 'reject', 'complete', 'terminate', 'withdraw'] as const).filter((e) => pair.actions.includes(e));
  const title = pair.members.map((m) => m.name).join(' – ');
  // The campaign's phase and the MoU's own term are different periods (2022–2025 vs 2023–2025): each is named for what it is.
  const periods = pairPeriods(pair);

  return (
    <>
      <Typography.Paragraph>
        <Link to="/app/pairs">← {t('pairs.backToList')}</Link>
      </Typography.Paragraph>
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {title}
        </Typography.Title>
        <PairStateTag state={pair.state} />
      </Space>
      <Typography.Paragraph type="secondary">
        <span data-testid="pair-campaign-line">{t('pairs.campaignLine', { number: pair.campaign.number, title: pair.campaign.title, phase: periods.campaignPhase })}</span>
        {periods.mou && (
          <>
            <br />
            <span data-testid="pair-mou-term">{t(periods.mou.inForce ? 'pairs.mouTermLine' : 'pairs.mouDraftTermLine', periods.mou)}</span>
          </>
        )}
      </Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} title={t('pairs.members')}>
          {pair.members.map((m) => (
            <Descriptions.Item key={m.schoolId} label={`${m.name}${m.unitLine ? ` (${m.unitLine})` : ''}`}>
              <Space direction="vertical" size={4}>
                {m.declinedAt ? (
                  <span>
                    {t('pairs.memberDeclined', { date: formatDate(m.declinedAt.slice(0, 10)) })}: {m.declinedReason}
                  </span>
                ) : m.acceptedAt ? (
                  t('pairs.memberAccepted', { date: formatDateTime(new Date(m.acceptedAt)) })
                ) : (
                  t('pairs.memberWaiting')
                )}
                {/* paper */}
                {m.acceptedOnPaper && paperNoteOf(pair.id, m.acceptedOnPaper)}
                {!m.hasAccount && <NoAccountTag />}
                <PaperStepButtons pair={pair} member={m} />
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
        {pair.proposal && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            data-testid="proposal-reason"
            message={t('pairs.proposalReason', { score: new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN').format(pair.proposal.score) })}
            description={pair.proposal.explanation}
          />
        )}
        {pair.endedOn && (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            message={t('pairs.endedOn', { date: formatDate(pair.endedOn) })}
            description={pair.endReason ?? undefined}
          />
        )}
        {/* phases */}
        <NextPhaseSection pair={pair} />
        {stepButtons.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            {stepButtons.map((e) => (
              <Button
                key={e}
                type={e === 'accept' || e === 'approve' ? 'primary' : 'default'}
                danger={e === 'decline' || e === 'reject' || e === 'terminate' || e === 'withdraw'}
                loading={step.isPending && step.variables?.event === e}
                onClick={() => setAsking(e)}
              >
                {t(`pairs.action.${e}`)}
              </Button>
            ))}
          </Space>
        )}
        {error && !asking && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Card>

      <Tabs
        defaultActiveKey={searchParams.get('tab') ?? undefined}
        items={[
          { key: 'mou', label: t('mou.tab'), children: <MouSection pair={pair} /> },
          { key: 'notices', label: t('mou.notices.tab', { count: pair.notices.length }), children: <NoticesSection pair={pair} /> },
          { key: 'steering', label: t('pairs.steering.tab', { count: pair.steering.length }), children: <SteeringSection pair={pair} /> },
          { key: 'scans', label: t('mou.scans.tab', { count: pair.scans.length }), children: <ScansSection pair={pair} /> },
          // activities
          { key: 'activities', label: t('activities.tab'), children: <PairActivitiesSection pair={pair} /> },
          // plans
          { key: 'plan', label: t('plans.tab'), children: <PlanSection pair={pair} /> },
          {
            key: 'history',
            label: t('pairs.history'),
            children: (
              <Table
                rowKey={(h) => `${h.at}-${h.action}`}
                size="small"
                pagination={false}
                dataSource={pair.history}
                columns={[
                  { title: t('pairs.when'), dataIndex: 'at', render: (v: string) => formatDateTime(new Date(v)), width: 170 },
                  { title: t('pairs.who'), dataIndex: 'actor', width: 160 },
                  { title: t('pairs.what'), dataIndex: 'action', render: (a: string) => t(`pairs.audit.${a.replaceAll('.', '_')}`, { defaultValue: a }) },
                ]}
              />
            ),
          },
        ]}
      />

      <Modal
        open={asking !== null}
        title={asking ? t(`pairs.action.${asking}`) : ''}
        okText={asking ? t(`pairs.action.${asking}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: asking !== 'complete' && asking !== 'accept' && asking !== 'approve', disabled: asking !== null && NEEDS_REASON.includes(asking) && reason.trim().length === 0 }}
        confirmLoading={step.isPending}
        onCancel={() => {
          setAsking(null);
          setError(null);
        }}
        onOk={() => asking && run(asking, reason.trim() || undefined)}
      >
        <Typography.Paragraph>{asking ? t(`pairs.confirm.${asking}`, { pair: title }) : ''}</Typography.Paragraph>
        {/* Accepting and approving commit the school or the department: asked once, no reason needed. */}
        {asking !== 'accept' && asking !== 'approve' && (
          <>
            <label htmlFor="pair-reason">{t('pairs.reason')}</label>
            <Input.TextArea id="pair-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </>
        )}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Modal>
    </>
  );
}

