import { Calendar, Empty, List, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNarrow } from '../../lib/use-narrow';
import { kindName, useActivityKinds, type ActivitySummary } from './activities-api';
import { ActivityStatusTag, dateSpan } from './activity-labels';

/** Activities as a table (a list of cards on a phone), each linking to its page. */
export function ActivityTable({ items, loading, showPair = true, pagination }: {
  items: readonly ActivitySummary[];
  loading?: boolean;
  showPair?: boolean;
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void };
}) {
  const { t, i18n } = useTranslation();
  const narrow = useNarrow();
  const kinds = useActivityKinds();
  const kind = (code: string) => kindName(kinds.data?.items, code, i18n.language);
  if (narrow) {
    return (
      <List
        loading={loading ?? false}
        dataSource={[...items]}
        locale={{ emptyText: <Empty description={t('activities.none')} /> }}
        pagination={pagination ? { ...pagination, size: 'small' } : false}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/app/activities/${a.id}`}>{a.title}</Link>}
              description={
                <>
                  <div>
                    {dateSpan(a.startsOn, a.endsOn)} · {kind(a.kind)}
                  </div>
                  {showPair && <div>{a.pairName}</div>}
                  <ActivityStatusTag status={a.status} overdue={a.overdue} />
                </>
              }
            />
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table
      rowKey="id"
      size="middle"
      loading={loading ?? false}
      dataSource={[...items]}
      locale={{ emptyText: t('activities.none') }}
      pagination={pagination ? { ...pagination, showSizeChanger: false } : false}
      columns={[
        { title: t('activities.when'), key: 'when', width: 200, render: (_: unknown, a: ActivitySummary) => dateSpan(a.startsOn, a.endsOn) },
        {
          title: t('activities.title'),
          key: 'title',
          render: (_: unknown, a: ActivitySummary) => (
            <>
              <Link to={`/app/activities/${a.id}`}>{a.title}</Link>
              <br />
              <Typography.Text type="secondary">{kind(a.kind)}</Typography.Text>
            </>
          ),
        },
        ...(showPair ? [{ title: t('activities.pair'), dataIndex: 'pairName', key: 'pair' }] : []),
        { title: t('activities.host'), dataIndex: 'hostSchoolName', key: 'host' },
        { title: t('activities.counts.teachers'), dataIndex: 'teachers', key: 'teachers', align: 'right' as const, width: 110 },
        { title: t('activities.status'), key: 'status', width: 170, render: (_: unknown, a: ActivitySummary) => <ActivityStatusTag status={a.status} overdue={a.overdue} /> },
      ]}
    />
  );
}

/** A month: each day lists the activities that run on it. */
export function ActivityMonth({ month, items, onMonth }: { month: Dayjs; items: readonly ActivitySummary[]; onMonth: (m: Dayjs) => void }) {
  const narrow = useNarrow();
  const onDay = (d: Dayjs) => {
    const iso = d.format('YYYY-MM-DD');
    return items.filter((a) => a.startsOn <= iso && (a.endsOn ?? a.startsOn) >= iso);
  };
  return (
    <Calendar
      value={month}
      fullscreen={!narrow}
      onPanelChange={(d) => onMonth(d.startOf('month'))}
      onSelect={(d, info) => info.source !== 'date' && onMonth(d.startOf('month'))}
      cellRender={(d, info) => {
        if (info.type !== 'date') return info.originNode;
        const list = onDay(d);
        if (!list.length) return null;
        if (narrow) return <span aria-label={String(list.length)} className="activity-dot" style={{ display: 'block', width: 6, height: 6, borderRadius: 3, background: '#0b4f8a', margin: '0 auto' }} />;
        return (
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.map((a) => (
              <li key={a.id} style={{ fontSize: 12, lineHeight: 1.3, marginBottom: 2 }}>
                <Link to={`/app/activities/${a.id}`} style={{ color: a.overdue ? '#820014' : undefined }}>
                  {a.title}
                </Link>
              </li>
            ))}
          </ul>
        );
      }}
    />
  );
}

export const monthRange = (m: Dayjs) => ({ from: m.startOf('month').format('YYYY-MM-DD'), to: m.endOf('month').format('YYYY-MM-DD') });
export const thisMonth = () => dayjs().startOf('month');
