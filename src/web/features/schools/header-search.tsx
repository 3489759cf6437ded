import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchResultDto } from '#src/core/registry/dto.ts';
import { api } from '../../lib/api';


/** One search box for everything the user may see: schools and pairs (activities later). */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const result = useQuery({
    queryKey: ['search', q],
    enabled: q.length > 0,
    queryFn: () => api<SearchResultDto>('GET', `/api/search?q=${encodeURIComponent(q)}`),
  });
  const schoolOptions = (result.data?.schools ?? []).map((s) => ({
    value: s.id,
    label: (
      <div>
        <div>{s.name}</div>
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
          {s.code} · {t(`schools.level.${s.level}`)}
          {s.place ? ` · ${s.place}` : ''}
        </div>
      </div>
    ),
  }));
  if (q && result.data && result.data.schoolsTotal > result.data.schools.length) {
    schoolOptions.push({ value: `all:${q}`, label: <div>{t('schools.seeAll', { count: result.data.schoolsTotal })}</div> });
  }
  const pairOptions = (result.data?.pairs ?? []).map((p) => ({
    value: `pair:${p.id}`,
    label: (
      <div>
        <div style={{ whiteSpace: 'normal' }}>{p.schools.map((s) => s.name).join(' – ')}</div>
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
          {t(`pairState.${p.state}`)} · {p.campaignNumber}
        </div>
      </div>
    ),
  }));
  if (q && result.data && result.data.pairsTotal > result.data.pairs.length) {
    pairOptions.push({ value: `pairs:${q}`, label: <div>{t('search.allPairs', { count: result.data.pairsTotal })}</div> });
  }
  const options = [
    ...(schoolOptions.length ? [{ label: t('search.schools'), options: schoolOptions }] : []),
    ...(pairOptions.length ? [{ label: t('search.pairs'), options: pairOptions }] : []),
  ];
  return (
    <div style={{ lineHeight: 'normal', display: 'flex', alignItems: 'center' }}>
    <AutoComplete
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        setText('');
        if (value.startsWith('all:')) navigate(`/app/schools?q=${encodeURIComponent(value.slice(4))}`);
        else if (value.startsWith('pairs:')) navigate(`/app/pairs?q=${encodeURIComponent(value.slice(6))}`);
        else if (value.startsWith('pair:')) navigate(`/app/pairs/${value.slice(5)}`);
        else navigate(`/app/schools/${value}`);
      }}
      style={{ width: 300, maxWidth: '100%' }}
      notFoundContent={q && result.data ? t('schools.noResults') : null}
    >
      <Input.Search
        aria-label={t('schools.headerSearch')}
        placeholder={t('schools.headerSearch')}
        onSearch={(v) => v.trim() && navigate(`/app/schools?q=${encodeURIComponent(v.trim())}`)}
      />
    </AutoComplete>
    </div>
  );
}
