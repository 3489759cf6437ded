import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Checkbox, Col, Collapse, Empty, Form, Input, InputNumber, Progress, Radio, Row, Select, Slider, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CRITERIA, DEFAULT_WEIGHTS, type Criterion } from '#src/core/matching/criteria.ts';
import { AREA_TYPES, SCHOOL_LEVELS, type AreaType } from '#src/core/registry/school.ts';
import { formatDateTime } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';
import { ApiError } from '../../lib/api';
import { acceptPairs, startRun, useCampaignOptions, useComparison, useRun, useRuns, type ModeSummary, type Run, type RunDetail, type RunPair, type RunParams } from './matching-api';

interface Ref {
  a: string;
  b: string;
  label: string;
}

interface Settings {
  levels: string[];
  leftAreaTypes: AreaType[];
  rightAreaTypes: AreaType[];
  weights: Record<Criterion, number>;
  sameLevel: boolean;
  leftCapacity: number;
  rightCapacity: number;
  maxDistanceKm: number | null;
  minScore: number;
  spread: boolean;
  alreadyPaired: 'exclude' | 'reduce';
  mode: 'optimal' | 'stable';
  label: string;
}

const DEFAULTS: Settings = {
  levels: ['primary'],
  leftAreaTypes: ['inner-city'],
  rightAreaTypes: ['suburban', 'mountainous'],
  weights: DEFAULT_WEIGHTS,
  sameLevel: true,
  leftCapacity: 1,
  rightCapacity: 1,
  maxDistanceKm: null,
  minScore: 0,
  spread: false,
  alreadyPaired: 'exclude',
  mode: 'optimal',
  label: '',
};

const LAST_RUN = 'chungtay.matching.lastRun';

/** Locked and forbidden pairs shown as tags; the rest are counted. */
const SHOWN_TAGS = 30;

const same = (r: { a: string; b: string }, left: string, right: string) => (r.a === left && r.b === right) || (r.a === right && r.b === left);

/**
 * Ghép cặp: the department sets the schools, weights, constraints and mode, runs the engine,
 * adjusts the proposal (lock, remove, swap), re-runs, compares runs and turns chosen pairs
 * into proposed pairs.
 */
export function MatchingPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const campaigns = useCampaignOptions();
  const [campaignId, setCampaignId] = useState<string | undefined>();
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const [locked, setLocked] = useState<Ref[]>([]);
  const [forbidden, setForbidden] = useState<Ref[]>([]);
  // The run shown is in the address (?run=…), so coming back to the page shows it again.
  const [search, setSearch] = useSearchParams();
  const runId = search.get('run');
  const setRunId = (id: string | null) => {
    if (id) sessionStorage.setItem(LAST_RUN, id);
    setSearch(id ? { run: id } : {}, { replace: false });
  };
  // Back on the page from the menu: the run last looked at in this tab.
  useEffect(() => {
    const last = sessionStorage.getItem(LAST_RUN);
    if (!runId && last) setSearch({ run: last }, { replace: true });
    // Only when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [swapFrom, setSwapFrom] = useState<RunPair | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const [accepting, setAccepting] = useState(false);
  const run = useRun(runId);
  // A run that cannot be shown (another user's, gone): back to an empty page.
  useEffect(() => {
    if (run.isError && runId) {
      sessionStorage.removeItem(LAST_RUN);
      setSearch({}, { replace: true });
    }
  }, [run.isError, runId, setSearch]);
  const runs = useRuns(campaignId);
  const r = run.data;
  const running = Boolean(runId) && (!r || r.status === 'queued' || r.status === 'running');
  const num = useMemo(() => new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), [i18n.language]);

  useEffect(() => {
    if (!campaignId && campaigns.data?.items.length) setCampaignId(campaigns.data.items[0]!.id);
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
    const params: RunParams = {
      campaignId,
      ...(settings.label.trim() ? { label: settings.label.trim() } : {}),
      ...(parentRunId ? { parentRunId } : {}),
      mode: settings.mode,
      levels: settings.levels as RunParams['levels'],
      leftAreaTypes: settings.leftAreaTypes,
      rightAreaTypes: settings.rightAreaTypes,
      weights: settings.weights,
      sameLevel: settings.sameLevel,
      leftCapacity: settings.leftCapacity,
      rightCapacity: settings.rightCapacity,
      maxDistanceKm: settings.maxDistanceKm,
      minScore: settings.minScore,
      spread: settings.spread && (settings.leftCapacity > 1 || settings.rightCapacity > 1),
      alreadyPaired: settings.alreadyPaired,
      locked: locked.map(({ a, b }) => ({ a, b })),
      forbidden: forbidden.map(({ a, b }) => ({ a, b })),
    };
    try {
      const created = await startRun(params);
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
    const p = r.params;
    setSettings({
      levels: p.levels,
      leftAreaTypes: p.leftAreaTypes,
      rightAreaTypes: p.rightAreaTypes,
      weights: p.weights,
      sameLevel: p.sameLevel,
      leftCapacity: p.leftCapacity,
      rightCapacity: p.rightCapacity,
      maxDistanceKm: p.maxDistanceKm,
      minScore: p.minScore ?? 0,
      spread: p.spread ?? false,
      alreadyPaired: p.alreadyPaired,
      mode: p.mode,
      label: p.label ?? '',
    });
    const names = new Map<string, string>();
    for (const x of [...r.pairs, ...r.otherPairs]) {
      names.set(x.left.id, x.left.shortName);
      names.set(x.right.id, x.right.shortName);
    }
    for (const x of [...r.unpaired, ...r.excluded, ...r.withoutPosition]) names.set(x.id, x.shortName);
    const ref = (x: { a: string; b: string }) => ({ a: x.a, b: x.b, label: `${names.get(x.a) ?? '?'} – ${names.get(x.b) ?? '?'}` });
    setLocked(p.locked.map(ref));
    setForbidden(p.forbidden.map(ref));
    if (r.campaignId !== campaignId) setCampaignId(r.campaignId);
  }, [r, adopted, campaignId]);

  const pairLabel = (p: RunPair) => `${p.left.shortName} – ${p.right.shortName}`;
  const isLocked = (p: RunPair) => locked.some((x) => same(x, p.left.id, p.right.id));
  const toggleLock = (p: RunPair) =>
    setLocked((ls) => (isLocked(p) ? ls.filter((x) => !same(x, p.left.id, p.right.id)) : [...ls, { a: p.left.id, b: p.right.id, label: pairLabel(p) }]));
  const remove = (p: RunPair) => {
    setLocked((ls) => ls.filter((x) => !same(x, p.left.id, p.right.id)));
    setForbidden((fs) => (fs.some((x) => same(x, p.left.id, p.right.id)) ? fs : [...fs, { a: p.left.id, b: p.right.id, label: pairLabel(p) }]));
    message.info(t('matching.removedHint', { pair: pairLabel(p) }));
  };
  const swap = (p: RunPair) => {
    if (!swapFrom) {
      setSwapFrom(p);
      return;
    }
    const a = swapFrom;
    setSwapFrom(null);
    if (a.left.id === p.left.id || a.right.id === p.right.id) return;
    const one = { a: a.left.id, b: p.right.id, label: `${a.left.shortName} – ${p.right.shortName}` };
    const two = { a: p.left.id, b: a.right.id, label: `${p.left.shortName} – ${a.right.shortName}` };
    setLocked((ls) => [...ls.filter((x) => !same(x, a.left.id, a.right.id) && !same(x, p.left.id, p.right.id)), one, two]);
    setForbidden((fs) => fs.filter((x) => !same(x, one.a, one.b) && !same(x, two.a, two.b)));
    message.info(t('matching.swappedHint', { one: one.label, two: two.label }));
  };

  /** Lock every pair of the run not removed, so that a re-run only pairs the schools set free. */
  const keepTheRest = () => {
    if (!r) return;
    const keep = r.pairs.filter((p) => !forbidden.some((x) => same(x, p.left.id, p.right.id)) && !isLocked(p));
    setLocked((ls) => [...ls, ...keep.map((p) => ({ a: p.left.id, b: p.right.id, label: pairLabel(p) }))]);
    message.info(t('matching.keptRest', { count: keep.length }));
  };

  const key = (p: RunPair) => `${p.left.id}|${p.right.id}`;
  const accept = async () => {
    if (!r) return;
    setAccepting(true);
    try {
      const pairs = r.pairs.filter((p) => selected.includes(key(p)) && !p.pairId).map((p) => ({ left: p.left.id, right: p.right.id }));
      const res = await acceptPairs(r.id, pairs);
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

  const areaOptions = AREA_TYPES.map((a) => ({ value: a, label: t(`schools.areaType.${a}`) }));

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('matching.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('matching.intro')}</Typography.Paragraph>

      <Card title={t('matching.setup')} data-testid="matching-setup">
        <Form layout="vertical">
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item label={t('matching.campaign')} htmlFor="matching-campaign">
                <Select
                  id="matching-campaign"
                  value={campaignId}
                  onChange={setCampaignId}
                  loading={campaigns.isPending}
                  options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} — ${c.title}` }))}
                />
              </Form.Item>
              <Form.Item label={t('matching.levels')} htmlFor="matching-levels">
                <Select
                  id="matching-levels"
                  mode="multiple"
                  value={settings.levels}
                  onChange={(v) => set('levels', v)}
                  placeholder={t('matching.allLevels')}
                  options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`schools.level.${l}`) }))}
                />
              </Form.Item>
              <Form.Item label={t('matching.leftSide')}>
                <Checkbox.Group
                  aria-label={t('matching.leftSide')}
                  value={settings.leftAreaTypes}
                  onChange={(v) => {
                    set('leftAreaTypes', v as AreaType[]);
                    set('rightAreaTypes', settings.rightAreaTypes.filter((x) => !v.includes(x)));
                  }}
                  options={areaOptions}
                />
              </Form.Item>
              <Form.Item label={t('matching.rightSide')}>
                <Checkbox.Group
                  aria-label={t('matching.rightSide')}
                  value={settings.rightAreaTypes}
                  onChange={(v) => {
                    set('rightAreaTypes', v as AreaType[]);
                    set('leftAreaTypes', settings.leftAreaTypes.filter((x) => !v.includes(x)));
                  }}
                  options={areaOptions}
                />
              </Form.Item>
              <Form.Item label={t('matching.mode')}>
                <Radio.Group value={settings.mode} onChange={(e) => set('mode', e.target.value as Settings['mode'])} aria-label={t('matching.mode')}>
                  <Space direction="vertical">
                    <Radio value="optimal">{t('matching.modes.optimal')}</Radio>
                    <Radio value="stable">{t('matching.modes.stable')}</Radio>
                  </Space>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('matching.weights')}</Typography.Text>
              {CRITERIA.map((c) => (
                <div key={c} style={{ marginTop: 8 }}>
                  <Typography.Text id={`weight-${c}`}>
                    {t(`matching.criteria.${c}`)}: {settings.weights[c]}
                  </Typography.Text>
                  <Slider
                    min={0}
                    max={10}
                    value={settings.weights[c]}
                    onChange={(v) => set('weights', { ...settings.weights, [c]: v })}
                    ariaLabelledByForHandle={`weight-${c}`}
                  />
                </div>
              ))}
              <Space wrap size="large" style={{ marginTop: 8 }}>
                <Form.Item label={t('matching.leftCapacity')} htmlFor="left-capacity">
                  <InputNumber id="left-capacity" min={1} max={20} value={settings.leftCapacity} onChange={(v) => set('leftCapacity', v ?? 1)} />
                </Form.Item>
                <Form.Item label={t('matching.rightCapacity')} htmlFor="right-capacity">
                  <InputNumber id="right-capacity" min={1} max={20} value={settings.rightCapacity} onChange={(v) => set('rightCapacity', v ?? 1)} />
                </Form.Item>
                <Form.Item label={t('matching.maxDistance')} htmlFor="max-distance">
                  <InputNumber id="max-distance" style={{ width: 160 }} min={1} max={5000} value={settings.maxDistanceKm} placeholder={t('matching.noLimit')} onChange={(v) => set('maxDistanceKm', v ?? null)} />
                </Form.Item>
                <Form.Item label={t('matching.minScore')} htmlFor="min-score" tooltip={t('matching.minScoreHelp')}>
                  <InputNumber id="min-score" min={0} max={100} value={settings.minScore} onChange={(v) => set('minScore', v ?? 0)} />
                </Form.Item>
              </Space>
              <Form.Item>
                <Space>
                  <Switch id="same-level" checked={settings.sameLevel} onChange={(v) => set('sameLevel', v)} />
                  <label htmlFor="same-level">{t('matching.sameLevel')}</label>
                </Space>
              </Form.Item>
              <Form.Item extra={t('matching.spreadHelp')}>
                <Space>
                  <Switch
                    id="spread"
                    checked={settings.spread && (settings.leftCapacity > 1) !== (settings.rightCapacity > 1)}
                    disabled={(settings.leftCapacity > 1) === (settings.rightCapacity > 1)}
                    onChange={(v) => set('spread', v)}
                  />
                  <label htmlFor="spread">{t('matching.spread')}</label>
                </Space>
              </Form.Item>
              <Form.Item label={t('matching.alreadyPaired')}>
                <Radio.Group value={settings.alreadyPaired} onChange={(e) => set('alreadyPaired', e.target.value as Settings['alreadyPaired'])} aria-label={t('matching.alreadyPaired')}>
                  <Radio value="exclude">{t('matching.alreadyPairedExclude')}</Radio>
                  <Radio value="reduce">{t('matching.alreadyPairedReduce')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          </Row>
          {(locked.length > 0 || forbidden.length > 0) && (
            <div style={{ marginBottom: 16 }} data-testid="adjustments">
              {locked.length > 0 && (
                <Typography.Paragraph>
                  <Typography.Text strong>
                    {t('matching.lockedPairs')} ({locked.length}):{' '}
                  </Typography.Text>
                  {locked.slice(0, SHOWN_TAGS).map((x) => (
                    <Tag key={`${x.a}|${x.b}`} color="blue" closable closeIcon={<span aria-label={t('matching.unlock', { pair: x.label })}>×</span>} onClose={() => setLocked((ls) => ls.filter((y) => y !== x))}>
                      {x.label}
                    </Tag>
                  ))}
                  {locked.length > SHOWN_TAGS && t('matching.andMorePairs', { count: locked.length - SHOWN_TAGS })}{' '}
                  <Button size="small" type="link" onClick={() => setLocked([])}>
                    {t('matching.unlockAll')}
                  </Button>
                </Typography.Paragraph>
              )}
              {forbidden.length > 0 && (
                <Typography.Paragraph>
                  <Typography.Text strong>
                    {t('matching.forbiddenPairs')} ({forbidden.length}):{' '}
                  </Typography.Text>
                  {forbidden.slice(0, SHOWN_TAGS).map((x) => (
                    <Tag key={`${x.a}|${x.b}`} color="red" closable closeIcon={<span aria-label={t('matching.allow', { pair: x.label })}>×</span>} onClose={() => setForbidden((fs) => fs.filter((y) => y !== x))}>
                      {x.label}
                    </Tag>
                  ))}
                  {forbidden.length > SHOWN_TAGS && t('matching.andMorePairs', { count: forbidden.length - SHOWN_TAGS })}
                </Typography.Paragraph>
              )}
            </div>
          )}
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
              <Button onClick={keepTheRest} disabled={running || starting} data-testid="keep-rest" title={t('matching.keepRestHelp')}>
                {t('matching.keepRest')}
              </Button>
            )}
          </Space>
        </Form>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 16 }} />}
      </Card>

      {runId && <RunView run={r} running={running} num={num} />}

      {r?.status === 'succeeded' && (
        <Card
          title={t('matching.pairsTitle', { count: r.pairs.length })}
          style={{ marginTop: 16 }}
          extra={
            <Space wrap>
              <Button href={`/api/matching/runs/${r.id}/export.xlsx`} data-testid="export">
                {t('matching.export')}
              </Button>
              <Button onClick={() => setSelected(r.pairs.filter((p) => !p.pairId).map(key))}>{t('matching.selectAll')}</Button>
              <Button type="primary" disabled={!selected.length} loading={accepting} onClick={() => void accept()} data-testid="accept">
                {t('matching.accept', { count: selected.length })}
              </Button>
            </Space>
          }
        >
          {swapFrom && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('matching.swapPick', { pair: pairLabel(swapFrom) })} />}
          {r.withoutPosition.length > 0 && (r.params.weights.distance > 0 || r.params.maxDistanceKm !== null) && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="without-position"
              message={t('matching.withoutPosition', { count: r.withoutPosition.length })}
              description={
                <>
                  <SchoolLinks schools={r.withoutPosition} />. {t('matching.withoutPositionHelp')}
                </>
              }
            />
          )}
          <Table<RunPair>
            rowKey={key}
            dataSource={r.pairs}
            size="middle"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="matching-pairs"
            columns={[
              {
                key: 'select',
                title: t('matching.choose'),
                width: 70,
                render: (_, p) =>
                  p.pairId ? (
                    <Link to={`/app/pairs/${p.pairId}`}>
                      <Tag color="#237804">{t('matching.proposed')}</Tag>
                    </Link>
                  ) : (
                    <Checkbox
                      aria-label={t('matching.choosePair', { pair: pairLabel(p) })}
                      checked={selected.includes(key(p))}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, key(p)] : s.filter((x) => x !== key(p))))}
                    />
                  ),
              },
              {
                key: 'pair',
                title: t('matching.pair'),
                width: 220,
                render: (_, p) => (
                  <>
                    <Typography.Text strong>{p.left.shortName}</Typography.Text> – <Typography.Text strong>{p.right.shortName}</Typography.Text>
                    {(p.locked || isLocked(p)) && (
                      <Tag color="blue" style={{ marginLeft: 8 }}>
                        {t('matching.locked')}
                      </Tag>
                    )}
                    {!p.locked && p.points.complement === 0 && p.points.wishes === 0 && (
                      <span style={{ marginLeft: 8 }}>
                        <StateTag tone="warning" title={t('matching.weakHelp')}>
                          {t('matching.weak')}
                        </StateTag>
                      </span>
                    )}
                  </>
                ),
              },
              {
                key: 'codes',
                title: t('schools.code'),
                width: 150,
                render: (_, p) => (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    <Link to={`/app/schools/${p.left.id}`}>{p.left.code}</Link> – <Link to={`/app/schools/${p.right.id}`}>{p.right.code}</Link>
                  </Typography.Text>
                ),
              },
              {
                key: 'score',
                title: t('matching.score'),
                width: 90,
                align: 'right',
                sorter: (a, b) => a.score - b.score,
                sortDirections: ['descend', 'ascend', 'descend'],
                defaultSortOrder: 'descend',
                render: (_, p) => num.format(p.score),
              },
              { key: 'why', title: t('matching.explanation'), render: (_, p) => <span data-testid="explanation">{p.explanation}</span> },
              {
                key: 'actions',
                title: t('matching.actions'),
                width: 230,
                render: (_, p) => (
                  <Space size={4} wrap>
                    <Button size="small" onClick={() => toggleLock(p)} aria-label={`${isLocked(p) ? t('matching.unlockShort') : t('matching.lock')}: ${pairLabel(p)}`}>
                      {isLocked(p) ? t('matching.unlockShort') : t('matching.lock')}
                    </Button>
                    <Button size="small" onClick={() => remove(p)} aria-label={`${t('matching.remove')}: ${pairLabel(p)}`}>
                      {t('matching.remove')}
                    </Button>
                    <Button size="small" type={swapFrom && key(swapFrom) === key(p) ? 'primary' : 'default'} onClick={() => swap(p)} aria-label={`${swapFrom && key(swapFrom) !== key(p) ? t('matching.swapWith') : t('matching.swap')}: ${pairLabel(p)}`}>
                      {swapFrom && key(swapFrom) !== key(p) ? t('matching.swapWith') : t('matching.swap')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
          {(r.unpaired.length > 0 || r.excluded.length > 0) && <LeftOut run={r} />}
        </Card>
      )}

      <Card title={t('matching.history')} style={{ marginTop: 16 }}>
        {!runs.data?.items.length ? (
          <Empty description={t('matching.noRuns')} />
        ) : (
          <>
            <Table<Run>
              rowKey="id"
              size="small"
              dataSource={runs.data.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="matching-runs"
              columns={[
                {
                  key: 'cmp',
                  title: t('matching.compareCol'),
                  width: 80,
                  render: (_, x) => (
                    <Checkbox
                      aria-label={t('matching.compareRun', { time: formatDateTime(new Date(x.createdAt)) })}
                      disabled={x.status !== 'succeeded'}
                      checked={compare.includes(x.id)}
                      onChange={(e) => setCompare((c) => (e.target.checked ? [...c, x.id].slice(-2) : c.filter((y) => y !== x.id)))}
                    />
                  ),
                },
                { key: 'time', title: t('matching.when'), render: (_, x) => formatDateTime(new Date(x.createdAt)) },
                { key: 'label', title: t('matching.labelCol'), render: (_, x) => x.label ?? '' },
                { key: 'mode', title: t('matching.mode'), render: (_, x) => t(`matching.modes.${x.mode}`) },
                { key: 'pairs', title: t('matching.pairsCount'), align: 'right', render: (_, x) => (x.summary ? x.summary.matched : x.status === 'failed' ? t('matching.failed') : '…') },
                { key: 'score', title: t('matching.totalScore'), align: 'right', render: (_, x) => (x.summary ? num.format(x.summary.totalScore) : '') },
                { key: 'blocking', title: t('matching.blocking'), align: 'right', render: (_, x) => (x.summary ? x.summary.blockingPairs : '') },
                {
                  key: 'open',
                  title: '',
                  render: (_, x) => (
                    <Button size="small" type="link" onClick={() => open(x)} disabled={x.id === runId}>
                      {t('matching.open')}
                    </Button>
                  ),
                },
              ]}
            />
            {compare.length === 2 && <CompareView a={compare[0]!} b={compare[1]!} num={num} />}
          </>
        )}
      </Card>
    </>
  );
}

/** Links to the schools' profiles: the first few, and all of them on request. */
function SchoolLinks({ schools, first = 12 }: { schools: { id: string; shortName: string }[]; first?: number }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? schools : schools.slice(0, first);
  return (
    <>
      {shown.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ', '}
          <Link to={`/app/schools/${s.id}`} style={{ textDecoration: 'underline' }}>
            {s.shortName}
          </Link>
        </span>
      ))}
      {schools.length > shown.length && (
        <>
          {' '}
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(true)}>
            {t('matching.showAll', { count: schools.length })}
          </Button>
        </>
      )}
    </>
  );
}

/** The schools of the run left without a partner (side, code, profile link) and those left out, and why. */
function LeftOut({ run }: { run: RunDetail }) {
  const { t } = useTranslation();
  const rows = [
    ...run.unpaired.map((u) => ({ id: u.id, code: u.code, shortName: u.shortName, what: t('matching.noPartner', { side: u.side === 'left' ? 'A' : 'B' }) })),
    ...run.excluded.map((e) => ({ id: e.id, code: e.code, shortName: e.shortName, what: t(`matching.excludedBecause`, { reason: t(`matching.reasons.${e.reason}`) }) })),
  ];
  const left = run.unpaired.filter((u) => u.side === 'left').length;
  const right = run.unpaired.length - left;
  // Schools of each side in the run (paired or not), for the capacity hint.
  const sideA = new Set([...run.pairs.map((p) => p.left.id), ...run.unpaired.filter((u) => u.side === 'left').map((u) => u.id)]).size;
  const sideB = new Set([...run.pairs.map((p) => p.right.id), ...run.unpaired.filter((u) => u.side === 'right').map((u) => u.id)]).size;
  const spreadCould = left > 0 && !run.params.spread && (run.params.leftCapacity > 1) !== (run.params.rightCapacity > 1);
  return (
    <Collapse
      style={{ marginTop: 12 }}
      data-testid="left-out"
      items={[
        {
          key: 'left-out',
          label: t('matching.leftOutTitle', { left, right, excluded: run.excluded.length }),
          children: (
            <>
              {right > 0 && left === 0 && sideA > 0 && (
                <Typography.Paragraph type="secondary">{t('matching.capacityHint', { count: Math.ceil(sideB / sideA) })}</Typography.Paragraph>
              )}
              {spreadCould && <Typography.Paragraph type="secondary">{t('matching.spreadHint', { count: left })}</Typography.Paragraph>}
              <Table
                rowKey="id"
                size="small"
                dataSource={rows}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { key: 'code', title: t('schools.code'), width: 140, render: (_, x) => x.code },
                  { key: 'school', title: t('matching.school'), render: (_, x) => <Link to={`/app/schools/${x.id}`}>{x.shortName}</Link> },
                  { key: 'what', title: t('matching.situation'), render: (_, x) => x.what },
                ]}
              />
            </>
          ),
        },
      ]}
    />
  );
}

function TradeOff({ run, num }: { run: RunDetail; num: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const s = run.summary!;
  const rows: { mode: 'optimal' | 'stable'; m: ModeSummary }[] = [
    { mode: 'optimal', m: s.alternatives.optimal },
    { mode: 'stable', m: s.alternatives.stable },
  ];
  return (
    <Table
      rowKey="mode"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="tradeoff"
      rowClassName={(x) => (x.mode === run.mode ? 'matching-chosen' : '')}
      columns={[
        {
          key: 'mode',
          title: t('matching.mode'),
          render: (_, x) => (
            <>
              {t(`matching.modes.${x.mode}`)}
              {x.mode === run.mode && (
                <Tag color="blue" style={{ marginLeft: 8 }}>
                  {t('matching.chosen')}
                </Tag>
              )}
            </>
          ),
        },
        { key: 'pairs', title: t('matching.pairsCount'), align: 'right', render: (_, x) => x.m.matched },
        { key: 'score', title: t('matching.totalScore'), align: 'right', render: (_, x) => num.format(x.m.totalScore) },
        { key: 'avg', title: t('matching.averageScore'), align: 'right', render: (_, x) => num.format(x.m.averageScore) },
        { key: 'blocking', title: t('matching.blocking'), align: 'right', render: (_, x) => x.m.blockingPairs },
        { key: 'wishes', title: t('matching.wishesHonoured'), align: 'right', render: (_, x) => `${x.m.wishesHonoured}/${x.m.wishesTotal}` },
      ]}
    />
  );
}

function RunView({ run, running, num }: { run: RunDetail | undefined; running: boolean; num: Intl.NumberFormat }) {
  const { t, i18n } = useTranslation();
  const int = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  if (running || !run) {
    return (
      <Card style={{ marginTop: 16 }} aria-live="polite" data-testid="matching-progress">
        <Typography.Text>{t(`matching.phases.${run?.phase ?? 'queued'}`, { defaultValue: run?.phase ?? '' })}</Typography.Text>
        <Progress percent={run?.progress ?? 0} status="active" aria-label={t('matching.progress')} />
      </Card>
    );
  }
  if (run.status === 'failed') {
    return <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" message={run.error?.message ?? t('matching.failed')} />;
  }
  const s = run.summary!;
  return (
    <Card title={t('matching.resultTitle')} style={{ marginTop: 16 }} data-testid="matching-result">
      <Typography.Paragraph>
        {t('matching.resultLine', {
          schools: s.schools,
          left: s.leftCount,
          right: s.rightCount,
          edges: int.format(s.edgeCount),
          millis: int.format(s.millis),
        })}
      </Typography.Paragraph>
      <TradeOff run={run} num={num} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('matching.tradeoffHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function CompareView({ a, b, num }: { a: string; b: string; num: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const cmp = useComparison(a, b);
  if (!cmp.data) return null;
  const c = cmp.data;
  const list = (pairs: RunPair[]) => (pairs.length ? pairs.map((p) => `${p.left.shortName} – ${p.right.shortName} (${num.format(p.score)})`).join('; ') : t('matching.none'));
  const line = (x: Run) =>
    `${x.label ?? t(`matching.modes.${x.mode}`)}: ${t('matching.compareLine', { pairs: x.summary?.matched ?? 0, score: num.format(x.summary?.totalScore ?? 0), blocking: x.summary?.blockingPairs ?? 0 })}`;
  return (
    <Card type="inner" title={t('matching.compareTitle')} style={{ marginTop: 12 }} data-testid="matching-compare">
      <Typography.Paragraph>
        A — {line(c.a)}
        <br />B — {line(c.b)}
      </Typography.Paragraph>
      <Typography.Paragraph>{t('matching.common', { count: c.common })}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text strong>{t('matching.onlyA')}</Typography.Text> {list(c.onlyA)}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text strong>{t('matching.onlyB')}</Typography.Text> {list(c.onlyB)}
      </Typography.Paragraph>
    </Card>
  );
}
