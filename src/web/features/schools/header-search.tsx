import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchResultDto } from '#src/core/registry/dto.ts';
import { api } from '../../lib/api';


/** One search box for everything the user may see (schools today; pairs and activities later). */
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
  const options = (result.data?.schools ?? []).map((s) => ({
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
    options.push({ value: `all:${q}`, label: <div>{t('schools.seeAll', { count: result.data.schoolsTotal })}</div> });
  }
  return (
    <div style={{ lineHeight: 'normal', display: 'flex', alignItems: 'center' }}>
    <AutoComplete
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        setText('');
        navigate(value.startsWith('all:') ? `/app/schools?q=${encodeURIComponent(value.slice(4))}` : `/app/schools/${value}`);
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
