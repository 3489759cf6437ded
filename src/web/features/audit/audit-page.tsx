import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Collapse, Empty, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/date-input';
import type { AuditActionsDto, AuditChange, AuditPageDto } from '#src/core/audit/dto.ts';
import { auditFieldLabel } from '#src/core/audit/field-labels.ts';
import { api } from '../../lib/api';
import { useListParams } from '../../lib/list-params';
import { useNarrow } from '../../lib/use-narrow';
import { useMe } from '../auth/use-session';
import { auditActionKey, auditEntityKey, auditValueText, type CatalogLookup } from './audit-values';

const FILTERS = ['actorUserId', 'action', 'schoolId', 'pairId', 'from', 'to'] as const;
const PAGE = 50;

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));


/** A search-as-you-type select over a list route (`/api/users`, `/api/schools`, `/api/pairs`). */
function RemoteSelect({ id, value, onChange, url, label, placeholder }: { id: string; value: string | undefined; onChange: (v: string | undefined) => void; url: string; label: (item: never) => string; placeholder: string }) {
  const [q, setQ] = useState('');
  const qs = new URLSearchParams({ limit: '20' });
  if (q) qs.set('q', q);
  const options = useQuery({
    queryKey: ['audit-options', url, qs.toString()],
    queryFn: () => api<{ items: { id: string }[] }>('GET', `${url}?${qs}`),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      placeholder={placeholder}
      loading={options.isFetching}
      options={(options.data?.items ?? []).map((i) => ({ value: i.id, label: label(i as never) }))}
      style={{ width: '100%' }}
    />
  );
}

const SHOWN = 8;

/**
 * The changed fields of one row, before and after side by side; a long list shows its first lines until asked.
 * Field names and known enum values in the reader's language (audit-values.ts); timestamps in Hanoi time, dates dd/mm/yyyy.
 */
function Changes({ entity, changes }: { entity: string; changes: AuditChange[] }) {
  const { t, i18n } = useTranslation();
  const lookup: CatalogLookup = (key) => {
    if (!i18n.exists(key)) return undefined;
    const v: unknown = t(key, { returnObjects: true });
    return typeof v === 'string' ? v : undefined;
  };
  const text = (c: AuditChange, v: unknown) => auditValueText(entity, c.path, v, lookup);
  // Field names come from the one table the Excel export uses too (src/core/audit/field-labels.ts).
  const locale = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'vi';
  const [all, setAll] = useState(false);
  if (changes.length === 0) return null;
  const shown = all ? changes : changes.slice(0, SHOWN);
  return (
    <>
      <table className="audit-changes" aria-label={t('audit.changes')}>
        <thead>
          <tr>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.path}>
              <th scope="row" title={c.path}>{auditFieldLabel(c.path, locale)}</th>
              <td className={c.kind === 'added' ? 'audit-empty' : 'audit-before'}>{c.kind === 'added' ? '∅' : text(c, c.before)}</td>
              <td className={c.kind === 'removed' ? 'audit-empty' : 'audit-after'}>{c.kind === 'removed' ? '∅' : text(c, c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {changes.length > SHOWN && (
        <Button type="link" size="small" onClick={() => setAll(!all)} style={{ paddingInline: 0 }}>
          {all ? t('audit.fewer') : t('audit.allChanges', { count: changes.length })}
        </Button>
      )}
    </>
  );
}

/** "Nhật ký thay đổi": who changed what, when; the department's whole log, an area officer's area. */
export function AuditPage() {
  const { t } = useTranslation();
  const me = useMe();
  const narrow = useNarrow();
  const { get, set } = useListParams();
  const filters = Object.fromEntries(FILTERS.flatMap((k) => (get(k) ? [[k, get(k)!]] : []))) as Partial<Record<(typeof FILTERS)[number], string>>;
  const qs = new URLSearchParams(filters);
  const actions = useQuery({ queryKey: ['audit-actions'], queryFn: () => api<AuditActionsDto>('GET', '/api/audit/actions'), staleTime: 60_000 });
  const log = useInfiniteQuery({
    queryKey: ['audit', qs.toString()],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(qs);
      p.set('limit', String(PAGE));
      if (pageParam) p.set('before', String(pageParam));
      return api<AuditPageDto>('GET', `/api/audit?${p}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const field = (key: string) => `audit-filter-${key}`;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeCount = Object.keys(filters).length;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{me.data?.role === 'area-officer' ? t('audit.introArea') : t('audit.intro')}</Typography.Paragraph>
      {narrow && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button aria-expanded={filtersOpen} aria-controls="audit-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
            {activeCount ? t('audit.filtersCount', { count: activeCount }) : t('audit.filtersButton')}
          </Button>
          {!filtersOpen && (
            <Button icon={<DownloadOutlined />} href={`/api/audit/export.xlsx${qs.size ? `?${qs}` : ''}`}>
              {t('audit.export')}
            </Button>
          )}
        </Space>
      )}
      <Form id="audit-filters" layout={narrow ? 'vertical' : 'inline'} style={{ rowGap: 12, marginBottom: 16, ...(narrow && !filtersOpen ? { display: 'none' } : {}) }} aria-label={t('audit.filters')}>
        <Form.Item label={t('audit.who')} htmlFor={field('actor')} style={{ minWidth: narrow ? undefined : 240 }}>
          <RemoteSelect
            id={field('actor')}
            value={filters.actorUserId}
            onChange={(v) => set({ actorUserId: v })}
            url="/api/users"
            label={(u: { displayName: string; username: string }) => `${u.displayName} (${u.username})`}
            placeholder={t('audit.anyone')}
          />
        </Form.Item>
        <Form.Item label={t('audit.what')} htmlFor={field('action')} style={{ minWidth: narrow ? undefined : 220 }}>
          <Select
            id={field('action')}
            showSearch
            allowClear
            value={filters.action}
            onChange={(v: string | undefined) => set({ action: v })}
            placeholder={t('audit.anything')}
            options={(actions.data?.items ?? []).map((a) => ({ value: a, label: t(auditActionKey(a), { defaultValue: a }) }))}
            optionFilterProp="label"
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('audit.school')} htmlFor={field('school')} style={{ minWidth: narrow ? undefined : 260 }}>
          <RemoteSelect id={field('school')} value={filters.schoolId} onChange={(v) => set({ schoolId: v })} url="/api/schools" label={(s: { name: string; code: string }) => `${s.name} (${s.code})`} placeholder={t('audit.anySchool')} />
        </Form.Item>
        <Form.Item label={t('audit.pair')} htmlFor={field('pair')} style={{ minWidth: narrow ? undefined : 260 }}>
          <RemoteSelect
            id={field('pair')}
            value={filters.pairId}
            onChange={(v) => set({ pairId: v })}
            url="/api/pairs"
            label={(p: { schools: { name: string }[] }) => p.schools.map((s) => s.name).join(' – ')}
            placeholder={t('audit.anyPair')}
          />
        </Form.Item>
        <Form.Item label={t('audit.from')} htmlFor={field('from')}>
          <DateInput id={field('from')} value={filters.from ?? ''} onChange={(v) => set({ from: v })} width={narrow ? 300 : 160} />
        </Form.Item>
        <Form.Item label={t('audit.to')} htmlFor={field('to')}>
          <DateInput id={field('to')} value={filters.to ?? ''} onChange={(v) => set({ to: v })} width={narrow ? 300 : 160} />
        </Form.Item>
        <Form.Item>
          <Space wrap>
            {Object.keys(filters).length > 0 && <Button onClick={() => set(Object.fromEntries(FILTERS.map((k) => [k, undefined])))}>{t('audit.clear')}</Button>}
            <Button icon={<DownloadOutlined />} href={`/api/audit/export.xlsx${qs.size ? `?${qs}` : ''}`}>
              {t('audit.export')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.isError && <Alert type="error" showIcon message={(log.error as Error).message} style={{ marginBottom: 16 }} />}
      <List
        loading={log.isPending}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        renderItem={(r) => (
          <List.Item data-testid="audit-row" style={{ display: 'block' }}>
            <Space wrap size={[8, 4]} style={{ marginBottom: 4 }}>
              <Typography.Text strong>{dateTime(r.at)}</Typography.Text>
              <Tag color="blue" title={r.action}>
                {t(auditActionKey(r.action), { defaultValue: r.action })}
              </Tag>
              <span style={{ overflowWrap: 'anywhere' }}>
                {r.actorName ? `${r.actorName} (${r.actor})` : (r.actor ?? t('audit.system'))}
              </span>
            </Space>
            <div style={{ overflowWrap: 'anywhere' }}>
              <Typography.Text type="secondary">
                {t(auditEntityKey(r.entity), { defaultValue: r.entity })}
                {r.entityId ? ` · ${r.entityId}` : ''}
              </Typography.Text>
            </div>
            {(r.pair || r.schools.length > 0) && (
              <div style={{ overflowWrap: 'anywhere' }}>
                {r.pair ? `${t('audit.pair')}: ${r.pair.label ?? r.pair.id}` : `${t('audit.school')}: ${r.schools.map((s) => s.name ?? s.id).join('; ')}`}
              </div>
            )}
            <Changes entity={r.entity} changes={r.changes} />
            {r.changesTruncated && <Typography.Text type="secondary">{t('audit.truncated')}</Typography.Text>}
            {(r.before !== null || r.after !== null) && (
              <Collapse
                size="small"
                ghost
                items={[
                  {
                    key: 'json',
                    label: t('audit.raw'),
                    children: (
                      <pre className="audit-json">
                        {t('audit.before')}: {JSON.stringify(r.before, null, 2)}
                        {'\n'}
                        {t('audit.after')}: {JSON.stringify(r.after, null, 2)}
                      </pre>
                    ),
                  },
                ]}
              />
            )}
          </List.Item>
        )}
      />
      {log.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('audit.more')}
          </Button>
        </div>
      )}
    </>
  );
}
