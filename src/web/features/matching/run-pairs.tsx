import { Alert, App as AntApp, Button, Card, Checkbox, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StateTag } from '../../components/state-tag';
import { NoAccountTag } from '../../components/no-account-tag';
import type { RunDetail, RunPair } from './matching-api';
import { LeftOut, SchoolLinks } from './run-view';
import { pairKey as key, pairLabel, type PairAdjustments } from './use-pair-adjustments';

interface Props {
  r: RunDetail;
  num: Intl.NumberFormat;
  adjustments: PairAdjustments;
  selected: string[];
  setSelected: (update: string[] | ((s: string[]) => string[])) => void;
  accepting: boolean;
  accept: () => Promise<void>;
}

/**
 * The pairs a finished run proposes: score and explanation, lock, remove and swap, and the
 * choice of pairs to turn into proposed pairs; then the schools left without a partner.
 */
export function RunPairs({ r, num, adjustments, selected, setSelected, accepting, accept }: Props) {
  const { t } = useTranslation();
  const { swapFrom, isLocked, toggleLock, remove, swap } = adjustments;
  const { modal } = AntApp.useApp();
  // Proposing tells every school of every chosen pair: asked once more, with the number.
  const confirmAccept = () =>
    modal.confirm({
      title: t('matching.acceptConfirmTitle', { count: selected.length }),
      content: t('matching.acceptConfirm', { count: selected.length }),
      okText: t('matching.accept', { count: selected.length }),
      cancelText: t('common.cancel'),
      onOk: accept,
    });
  return (
<Card
  title={t('matching.pairsTitle', { count: r.pairs.length })}
  style={{ marginTop: 16 }}
  extra={
    <Space wrap>
      <Button href={`/api/matching/runs/${r.id}/export.xlsx`} data-testid="export">
        {t('matching.export')}
      </Button>
      <Button onClick={() => setSelected(r.pairs.filter((p) => !p.pairId).map(key))}>{t('matching.selectAll')}</Button>
      <Button type="primary" disabled={!selected.length} loading={accepting} onClick={confirmAccept} data-testid="accept">
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
            {/* paper: schools that will answer on paper */}
            {[p.left, p.right]
              .filter((s) => r.withoutAccount.includes(s.id))
              .map((s) => (
                <div key={s.id}>
                  {s.shortName} <NoAccountTag />
                </div>
              ))}
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
  );
}
