import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUnitListDto } from '#src/core/registry/dto.ts';
import { api } from '../lib/api';

type UnitOption = AdminUnitListDto['items'][number];

const PAGE = 20;

/**
 * Picks an administrative unit from the whole catalogue (3,321 communes today, 10,035 before
 * 01/07/2025), searched on the server as the user types: no diacritics, case or kind needed
 * ("hoang liet", "P. Hoàng Liệt"). Shows each unit with its parents.
 */
export function UnitPicker(props: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  kind?: string | undefined;
  asOf?: string | undefined;
  placeholder?: string | undefined;
  'aria-label'?: string | undefined;
  style?: CSSProperties | undefined;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(h);
  }, [typed]);
  const qs = new URLSearchParams({ limit: String(PAGE) });
  if (q) qs.set('q', q);
  if (props.kind) qs.set('kind', props.kind);
  if (props.asOf) qs.set('asOf', props.asOf);
  const search = useQuery({
    queryKey: ['admin-units', 'search', qs.toString()],
    queryFn: () => api<AdminUnitListDto>('GET', `/api/admin-units?${qs}`),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const items = search.data?.items ?? [];
  // The chosen unit may not be on the page of results: fetch its name.
  const chosen = useQuery({
    queryKey: ['admin-units', props.value],
    queryFn: () => api<UnitOption & { ancestry: { name: string }[] }>('GET', `/api/admin-units/${props.value}`),
    enabled: !!props.value && !items.some((u) => u.id === props.value),
    staleTime: 5 * 60_000,
  });
  const label = (u: { name: string; path?: string }) => (u.path ? `${u.name} — ${u.path}` : u.name);
  const options = items.map((u) => ({ value: u.id, label: label(u) }));
  if (props.value && chosen.data && !items.some((u) => u.id === props.value)) {
    const path = chosen.data.ancestry
      .slice(0, -1)
      .reverse()
      .map((a) => a.name)
      .join(', ');
    options.unshift({ value: props.value, label: label({ name: chosen.data.name, path }) });
  }
  const more = (search.data?.total ?? 0) - items.length;
  return (
    <Select
      aria-label={props['aria-label']}
      placeholder={props.placeholder}
      allowClear
      showSearch
      filterOption={false}
      searchValue={typed}
      onSearch={setTyped}
      value={props.value}
      onChange={(v: string | undefined) => {
        setTyped('');
        props.onChange(v);
      }}
      loading={search.isFetching}
      style={props.style}
      options={more > 0 ? [...options, { value: '', label: t('units.more', { count: more }), disabled: true }] : options}
      notFoundContent={search.isFetching ? t('units.searching') : t('units.none')}
    />
  );
}
