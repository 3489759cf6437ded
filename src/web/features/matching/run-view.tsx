import { Alert, Button, Card, Collapse, Progress, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useComparison, type ModeSummary, type Run, type RunDetail, type RunPair } from './matching-api';

/** Links to the schools' profiles: the first few, and all of them on request. */
export function SchoolLinks({ schools, first = 12 }: { schools: { id: string; shortName: string }[]; first?: number }) {
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
export function LeftOut({ run }: { run: RunDetail }) {
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

/** Both modes' figures, the chosen one marked. */
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

/** A run being computed (its progress), failed (why), or finished (its figures and the trade-off between the modes). */
export function RunView({ run, running, num }: { run: RunDetail | undefined; running: boolean; num: Intl.NumberFormat }) {
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

/** Two runs side by side. */
export function CompareView({ a, b, num }: { a: string; b: string; num: Intl.NumberFormat }) {
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
