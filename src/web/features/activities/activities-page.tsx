import { DownloadOutlined } from '@ant-design/icons';
import { Card, Col, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTIVITY_STATUSES, schoolYearOf } from '#src/core/activities/activity.ts';
import { formatCount, isoDateInHanoi } from '#src/core/vn/format.ts';
import { UnitPicker } from '../../components/unit-picker';
import { usePolicy } from '../auth/use-policy';
import { filterQuery, kindName, useActivities, useActivityKinds, useActivityTotals, type ActivityFilters } from './activities-api';
import { ActivityMonth, ActivityTable, monthRange, thisMonth } from './activity-list';
import { CalendarFeedCard } from './calendar-feed-card';

/** School years offered: from the programme's first (2022-2023) to the one after this one. */
function schoolYears(): string[] {
  const current = Number(schoolYearOf(isoDateInHanoi(new Date())).slice(0, 4));
  const out: string[] = [];
  for (let y = current + 1; y >= 2022; y--) out.push(`${y}-${y + 1}`);
  return out;
}

/**
 * Activities of everything the user may see — a school's pairs, an area's, the whole
 * department's — as a list or a month, filtered by kind, status and school year, with the
 * participant totals, the Excel download and the user's calendar subscription.
 */
export function ActivitiesPage() {
  const { t, i18n } = useTranslation();
  const policy = usePolicy();
  const kinds = useActivityKinds();
  const [view, setView] = useState<'list' | 'month'>('list');
  const [month, setMonth] = useState(thisMonth);
  const [page, setPage] = useState(1);
  const [schoolYear, setSchoolYear] = useState<string | undefined>(() => schoolYearOf(isoDateInHanoi(new Date())));
  const [kind, setKind] = useState<string[]>([]);
  const [status, setStatus] = useState<string[]>([]);
  const [adminUnitId, setAdminUnitId] = useState<string | undefined>();
  const pageSize = 20;
  const reach = policy.reach('activity.read');
  const seesMany = reach === 'all' || reach === 'area';
  const filters: ActivityFilters = { schoolYear, kind, status, adminUnitId };
  const shown = view === 'month' ? { ...filters, schoolYear: undefined, ...monthRange(month) } : filters;
  const list = useActivities(shown, view === 'month' ? { limit: 500, offset: 0 } : { limit: pageSize, offset: (page - 1) * pageSize, order: 'desc' });
  const totals = useActivityTotals(filters);
  const exportUrl = `/api/activities/export.xlsx?${filterQuery(filters)}`;
  const reset = () => setPage(1);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('activities.nav')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t(reach === 'area' ? 'activities.scopeArea' : reach === 'all' ? 'activities.scopeAll' : 'activities.scopeSchool')}</Typography.Paragraph>
      {/* An activity is recorded on its pair's page: say so here, where a school first looks for an "add" button. */}
      {policy.mayEver('activity.create') && (
        <Typography.Paragraph data-testid="activities-record-where">
          {t('activities.recordWhere')} <Link to="/app/pairs">{t('activities.openPairs')}</Link>
        </Typography.Paragraph>
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('activities.schoolYear')}
          style={{ width: 160 }}
          allowClear
          placeholder={t('activities.allYears')}
          value={schoolYear}
          onChange={(v) => {
            setSchoolYear(v);
            reset();
          }}
          options={schoolYears().map((y) => ({ value: y, label: y }))}
        />
        <Select
          aria-label={t('activities.kind')}
          mode="multiple"
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('activities.allKinds')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            reset();
          }}
          options={kinds.data?.items.map((k) => ({ value: k.code, label: kindName(kinds.data?.items, k.code, i18n.language) }))}
        />
        <Select
          aria-label={t('activities.status')}
          mode="multiple"
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('activities.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            reset();
          }}
          options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`activityStatus.${s}`) }))}
        />
        {seesMany && <UnitPicker aria-label={t('activities.area')} placeholder={t('activities.area')} value={adminUnitId} onChange={(v) => { setAdminUnitId(v); reset(); }} style={{ width: 260 }} />}
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'list' | 'month')}
          options={[
            { value: 'list', label: t('activities.views.list') },
            { value: 'month', label: t('activities.views.month') },
          ]}
        />
        <a href={exportUrl} download>
          <DownloadOutlined /> {t('activities.export')}
        </a>
      </Space>

      {totals.data && (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          {(
            [
              ['activities', totals.data.activities],
              ['done', totals.data.done],
              ['planned', totals.data.planned],
              ['overdueCount', totals.data.overdue],
              ['teacherParticipations', totals.data.bySchool.reduce((n, s) => n + s.teachers, 0)],
            ] as const
          ).map(([key, value]) => (
            <Col xs={12} md={4} key={key}>
              <Card size="small">
                <Statistic title={t(`activities.totals.${key}`)} value={value} formatter={(v) => formatCount(Number(v))} />
              </Card>
            </Col>
          ))}
        </Row>
      )}

      {view === 'list' ? (
        <ActivityTable items={list.data?.items ?? []} loading={list.isFetching} pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage }} />
      ) : (
        <ActivityMonth month={month} items={list.data?.items ?? []} onMonth={setMonth} />
      )}

      {totals.data && totals.data.byKind.length > 0 && (
        <Card size="small" title={t('activities.totals.byKind')} style={{ marginTop: 16 }}>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={totals.data.byKind}
            columns={[
              { title: t('activities.kind'), dataIndex: 'kind', render: (k: string) => kindName(kinds.data?.items, k, i18n.language) },
              { title: t('activities.totals.activities'), dataIndex: 'activities', align: 'right' },
              { title: t('activities.counts.teachers'), dataIndex: 'teachers', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('activities.counts.staff'), dataIndex: 'staff', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('activities.counts.students'), dataIndex: 'students', align: 'right', render: (n: number) => formatCount(n) },
            ]}
          />
        </Card>
      )}
      {totals.data && totals.data.bySchool.length > 0 && (
        <Card size="small" title={t('activities.totals.bySchool')} style={{ marginTop: 16 }}>
          <Table
            rowKey="schoolId"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            dataSource={totals.data.bySchool}
            columns={[
              { title: t('activities.school'), dataIndex: 'schoolName' },
              { title: t('activities.counts.teachers'), dataIndex: 'teachers', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('activities.counts.staff'), dataIndex: 'staff', align: 'right', render: (n: number) => formatCount(n) },
              { title: t('activities.counts.students'), dataIndex: 'students', align: 'right', render: (n: number) => formatCount(n) },
            ]}
          />
        </Card>
      )}
      <CalendarFeedCard />
    </>
  );
}
