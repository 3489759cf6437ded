import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AREA_TYPES, SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { StateTag } from '../../components/state-tag';
import { useListParams } from '../../lib/list-params';
import { ApiError } from '../../lib/api';
import { usePolicy } from '../auth/use-policy';
import { cursorOfPage, listTotals, rememberPage } from './list-cursors';
import { pairStatusLabel, placeOf } from './school-labels';
import { listQueryString, useSchools, type SchoolItem } from './schools-api';

const PAGE_SIZES = [20, 50, 100];

/**
 * The registry: filters, search and paging live in the address, so a list can be shared and reloaded.
 * The next and previous pages of a list in name order are opened by cursor (`page=N&after=…`,
 * list-cursors.ts); a page number chosen in the pager is opened by `offset`.
 */
export function SchoolsPage() {
  const { t, i18n } = useTranslation();
  const { get, list, set, limit, page } = useListParams();
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  const filters = {
    q: get('q'),
    level: list('level'),
    areaType: list('areaType'),
    ownership: get('ownership'),
    status: get('status'),
    paired: get('paired') as 'true' | 'false' | undefined,
    asOf: get('asOf'),
    sort: get('sort'),
    order: get('order') as 'asc' | 'desc' | undefined,
  };
  const after = get('after');
  // The list itself, whatever the page: where the cursors of its pages are remembered.
  const listKey = (size: number) => listQueryString({ ...filters, limit: size });
  const schools = useSchools({ ...filters, limit, offset: after ? 0 : (page - 1) * limit, after });
  useEffect(() => {
    // Not while the page before is still shown in its place: its `next` is not this page's.
    if (schools.data && !schools.isPlaceholderData) rememberPage(listKey(limit), page, after, schools.data.next);
  });
  // A cursor the API no longer takes (edited by hand, or the list's order changed): the same page by offset.
  const badCursor = schools.error instanceof ApiError && schools.error.field === 'after';
  useEffect(() => {
    if (badCursor) set({ after: undefined }, false);
  });
  const totals = listTotals(page, limit, after, schools.data?.total ?? 0, schools.data?.totalExact !== false);

  const policy = usePolicy();
  const canImport = policy.mayEver('school.import');
  const canExport = policy.mayEver('school.export');
  const sortOrder = (key: string) => (filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);

  const columns: TableProps<SchoolItem>['columns'] = [
    { title: t('schools.code'), dataIndex: 'code', key: 'code', sorter: true, sortOrder: sortOrder('code'), width: 150 },
    {
      title: t('schools.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, s) => (
        <>
          <Link to={`/app/schools/${s.id}`}>{name}</Link>
          {s.status !== 'active' && (
            <>
              {' '}
              <StateTag tone="warning">{t(`schools.status.${s.status}`)}</StateTag>
            </>
          )}
        </>
      ),
    },
    { title: t('schools.levelCol'), dataIndex: 'level', key: 'level', render: (l: string) => t(`schools.level.${l}`), width: 120 },
    { title: t('schools.place'), key: 'place', render: (_: unknown, s) => placeOf(s.units, s.unitLabels) || <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('schools.areaTypeCol'), dataIndex: 'areaType', key: 'areaType', render: (a: string) => t(`schools.areaType.${a}`), width: 130 },
    {
      title: t('schools.students'),
      dataIndex: 'students',
      key: 'students',
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('students'),
      width: 110,
      render: (n: number | null) => (n === null ? '—' : numberFormat.format(n)),
    },
    {
      title: t('schools.paired'),
      dataIndex: 'pairStatus',
      key: 'paired',
      width: 120,
      render: (p: 'paired' | 'proposed' | 'none') => {
        const label = pairStatusLabel(t, p);
        return <StateTag tone={label.tone}>{label.text}</StateTag>;
      },
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }} align="center">
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('schools.title')}
        </Typography.Title>
        <Space wrap>
          {canExport && (
            <Button icon={<DownloadOutlined />} href={`/api/schools/export.xlsx?${listQueryString({ ...filters, sort: undefined, order: undefined })}`}>
              {t('schools.export')}
            </Button>
          )}
          {canImport && (
            <Link to="/app/schools/import">
              <Button type="primary" icon={<UploadOutlined />}>
                {t('schools.import')}
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      <Space wrap style={{ margin: '16px 0' }} aria-label={t('schools.filters')}>
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('schools.searchPlaceholder')}
          aria-label={t('schools.search')}
          onSearch={(q) => set({ q, sort: q ? undefined : filters.sort })}
          style={{ width: 280 }}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('schools.levelCol')}
          placeholder={t('schools.levelCol')}
          value={filters.level}
          onChange={(v: string[]) => set({ level: v })}
          options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`schools.level.${l}`) }))}
          style={{ minWidth: 180 }}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('schools.areaTypeCol')}
          placeholder={t('schools.areaTypeCol')}
          value={filters.areaType}
          onChange={(v: string[]) => set({ areaType: v })}
          options={AREA_TYPES.map((a) => ({ value: a, label: t(`schools.areaType.${a}`) }))}
          style={{ minWidth: 170 }}
        />
        <Select
          allowClear
          aria-label={t('schools.paired')}
          placeholder={t('schools.paired')}
          value={filters.paired}
          onChange={(v?: string) => set({ paired: v })}
          options={[
            { value: 'true', label: t('schools.pairedYes') },
            { value: 'false', label: t('schools.pairedNo') },
          ]}
          style={{ width: 150 }}
        />
        <Select
          aria-label={t('schools.statusFilter')}
          value={filters.status ?? 'active'}
          onChange={(v: string) => set({ status: v === 'active' ? undefined : v })}
          options={['active', 'merged', 'all'].map((s) => ({ value: s, label: t(`schools.statusFilterOption.${s}`) }))}
          style={{ width: 170 }}
        />
        <DatePicker
          aria-label={t('schools.asOf')}
          placeholder={t('schools.asOfToday')}
          format="DD/MM/YYYY"
          value={filters.asOf ? dayjs(filters.asOf) : null}
          onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
        />
      </Space>
      {schools.isError && <Alert type="error" showIcon message={t('schools.loadError')} />}
      <Table<SchoolItem>
        rowKey="id"
        size="middle"
        loading={schools.isFetching}
        dataSource={schools.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{t('schools.empty')}</span> }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: limit,
          total: totals.pagerTotal,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          // Past 1,000 schools the list stops counting and says "more than" (docs/performance.md).
          showTotal: () => t(schools.data?.totalExact === false ? 'schools.totalMoreThan' : 'schools.total', { count: totals.shown, formatted: numberFormat.format(totals.shown) }),
        }}
        onChange={(pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const sort = s?.order ? String(s.columnKey) : undefined;
          const sortChanged = sort !== filters.sort || (s?.order === 'descend' ? 'desc' : undefined) !== filters.order;
          const size = pagination.pageSize ?? limit;
          const target = !sortChanged && pagination.current && pagination.current > 1 ? pagination.current : 1;
          set(
            {
              sort,
              order: s?.order === 'descend' ? 'desc' : undefined,
              limit: pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
              page: target > 1 ? String(target) : undefined,
              // The next page (or one seen before) by its cursor; any other page by offset.
              after: !sortChanged && size === limit ? cursorOfPage(listKey(size), target) : undefined,
            },
            false,
          );
        }}
      />
    </>
  );
}
