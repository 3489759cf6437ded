import { Button, Card, Checkbox, Empty, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { Run, useRuns } from './matching-api';
import { CompareView } from './run-view';

interface Props {
  runs: ReturnType<typeof useRuns>;
  runId: string | null;
  open: (run: Run) => void;
  num: Intl.NumberFormat;
}

/** The campaign's earlier runs: open one, or tick two to compare them. */
export function RunHistory({ runs, runId, open, num }: Props) {
  const { t } = useTranslation();
  const [compare, setCompare] = useState<string[]>([]);
  return (
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
  );
}
