import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { AdjustmentTags } from './adjustment-tags';
import { acceptPairs, startRun, useCampaignOptions, useRuns, type Run } from './matching-api';
import { RunHistory } from './run-history';
import { RunPairs } from './run-pairs';
import { DEFAULT_SETTINGS, runParamsOf, settingsOf, type Settings } from './run-settings';
import { RunView } from './run-view';
import { SettingsFields } from './settings-form';
import { pairKey, usePairAdjustments } from './use-pair-adjustments';
import { useEndedCampaignConfirm } from '../../components/campaign-ended';
import { campaignInForce } from '#src/core/campaigns/in-force.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { useShownRun } from './use-shown-run';

/**
 * Ghép cặp: the department sets the schools, weights, constraints and mode, runs the engine,
 * adjusts the proposal (lock, remove, swap), re-runs, compares runs and turns chosen pairs
 * into proposed pairs.
 *
 * This component holds the page's state and actions; the parts are drawn by SettingsFields
 * (the form), AdjustmentTags (locks and removals), RunView (progress and figures), RunPairs
 * (the proposal) and RunHistory (earlier runs, comparison).
 */
export function MatchingPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirmEnded = useEndedCampaignConfirm();
  const queryClient = useQueryClient();
  const campaigns = useCampaignOptions();
  const [campaignId, setCampaignId] = useState<string | undefined>();
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const adjustments = usePairAdjustments();
  const { locked, forbidden, setSwapFrom } = adjustments;
  const { runId, setRunId, run: r, running } = useShownRun();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [accepting, setAccepting] = useState(false);
  const runs = useRuns(campaignId);
  const num = useMemo(() => new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), [i18n.language]);

  useEffect(() => {
    if (!campaignId && campaigns.data?.items.length) setCampaignId(campaignInForce(campaigns.data.items, isoDateInHanoi(new Date()))!.id);
  }, [campaigns.data, campaignId]);

  useEffect(() => {
    if (r && (r.status === 'succeeded' || r.status === 'failed')) void queryClient.invalidateQueries({ queryKey: ['matching-runs'] });
  }, [r?.status, r, queryClient]);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setSettings((s) => ({ ...s, [key]: value }));

  const execute = async (parentRunId?: string) => {
    if (!campaignId) return;
    setStarting(true);
    setError(null);
    setSelected([]);
    setSwapFrom(null);
    try {
      const created = await startRun(runParamsOf(campaignId, settings, locked, forbidden, parentRunId));
      queryClient.setQueryData(['matching-run', created.id], created);
      setRunId(created.id);
      void queryClient.invalidateQueries({ queryKey: ['matching-runs'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('errors.network'));
    } finally {
      setStarting(false);
    }
  };

  /** Open an earlier run: its settings, locks and removals are taken once it has loaded. */
  const open = (run: Run) => {
    setRunId(run.id);
    setSelected([]);
  };

  // The run shown gives the form its settings, locks and removals (also when it was opened from
  // the address, the history or after a reload), so that "re-run" adjusts that run.
  const [adopted, setAdopted] = useState<string | null>(null);
  useEffect(() => {
    if (!r || r.id === adopted) return;
    setAdopted(r.id);
    setSettings(settingsOf(r.params));
    adjustments.adopt(r);
    if (r.campaignId !== campaignId) setCampaignId(r.campaignId);
    // adjustments.adopt only sets state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, adopted, campaignId]);

  const accept = async () => {
    if (!r) return;
    setAccepting(true);
    try {
      const pairs = r.pairs.filter((p) => selected.includes(pairKey(p)) && !p.pairId).map((p) => ({ left: p.left.id, right: p.right.id }));
      // Under a campaign whose phase has ended: asked once more, naming the end date.
      const res = await confirmEnded((confirm) => acceptPairs(r.id, pairs, confirm));
      if (!res) return;
      message.success(t('matching.accepted', { count: res.created.length }));
      setSelected([]);
      await queryClient.invalidateQueries({ queryKey: ['matching-run', r.id] });
      void queryClient.invalidateQueries({ queryKey: ['pairs'] });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('errors.network'));
    } finally {
      setAccepting(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('matching.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('matching.intro')}</Typography.Paragraph>

      <Card title={t('matching.setup')} data-testid="matching-setup">
        <Form layout="vertical">
          <SettingsFields campaigns={campaigns} campaignId={campaignId} setCampaignId={setCampaignId} settings={settings} set={set} />
          <AdjustmentTags adjustments={adjustments} />
          <Space wrap>
            <Input
              aria-label={t('matching.label')}
              placeholder={t('matching.label')}
              value={settings.label}
              onChange={(e) => set('label', e.target.value)}
              style={{ width: 260 }}
              maxLength={200}
            />
            <Button type="primary" onClick={() => void execute()} loading={starting} disabled={!campaignId || running} data-testid="run">
              {t('matching.run')}
            </Button>
            {r?.status === 'succeeded' && (
              <Button onClick={() => void execute(r.id)} disabled={running || starting} data-testid="rerun">
                {t('matching.rerun')}
              </Button>
            )}
            {r?.status === 'succeeded' && r.pairs.length > 0 && (
              <Button onClick={() => adjustments.keepTheRest(r)} disabled={running || starting} data-testid="keep-rest" title={t('matching.keepRestHelp')}>
                {t('matching.keepRest')}
              </Button>
            )}
          </Space>
        </Form>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 16 }} />}
      </Card>

      {runId && <RunView run={r} running={running} num={num} />}

      {r?.status === 'succeeded' && (
        <RunPairs r={r} num={num} adjustments={adjustments} selected={selected} setSelected={setSelected} accepting={accepting} accept={accept} />
      )}

      <RunHistory runs={runs} runId={runId} open={open} num={num} />
    </>
  );
}
