import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, List, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignDto } from '#src/core/campaigns/campaign.ts';
import { campaignInForce } from '#src/core/campaigns/in-force.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { WishDto } from '#src/core/matching/dto.ts';
import type { PartnerCandidateDto } from '#src/core/pairs/dto.ts';
import type { PublicSchoolProfileDto } from '#src/core/registry/dto.ts';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../auth/use-session';

/** The engine scores at most five wishes per school and campaign (docs/matching.md). */
const MAX_WISHES = 5;

interface Choice {
  id: string;
  name: string;
  level: string;
}

function useCampaigns() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => api<{ items: CampaignDto[] }>('GET', '/api/campaigns'), staleTime: 60_000 });
}

function useCandidates(q: string) {
  const qs = new URLSearchParams();
  if (q.trim()) qs.set('q', q.trim());
  return useQuery({
    queryKey: ['partner-candidates', qs.toString()],
    queryFn: () => api<{ items: PartnerCandidateDto[] }>('GET', `/api/pairs/partner-candidates?${qs}`),
    placeholderData: keepPreviousData,
  });
}

/** Nguyện vọng: a school leader ranks the partners the school wishes for in a campaign. */
export function WishesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const campaigns = useCampaigns();
  const [campaignId, setCampaignId] = useState<string | undefined>();
  const schoolId = me.data?.school?.id;
  useEffect(() => {
    const start = campaignInForce(campaigns.data?.items ?? [], isoDateInHanoi(new Date()));
    if (!campaignId && start) setCampaignId(start.id);
  }, [campaignId, campaigns.data]);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('wishes.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('wishes.intro', { max: MAX_WISHES, school: me.data?.school?.name ?? '' })}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <label htmlFor="wishes-campaign">{t('wishes.campaign')}</label>
        <Select
          id="wishes-campaign"
          style={{ width: '100%', maxWidth: 520 }}
          loading={campaigns.isLoading}
          value={campaignId}
          onChange={setCampaignId}
          options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} — ${c.title} (${c.phaseStartYear}–${c.phaseEndYear})` }))}
        />
      </Space>
      {campaignId && schoolId ? <WishesEditor key={campaignId} campaignId={campaignId} schoolId={schoolId} /> : <Skeleton active style={{ marginTop: 16 }} />}
    </>
  );
}

function WishesEditor({ campaignId, schoolId }: { campaignId: string; schoolId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const key = ['wishes', campaignId, schoolId];
  const saved = useQuery({ queryKey: key, queryFn: () => api<{ items: WishDto[] }>('GET', `/api/matching/wishes?campaignId=${campaignId}&schoolId=${schoolId}`) });
  const [list, setList] = useState<Choice[] | null>(null);
  const [q, setQ] = useState('');
  const [viewing, setViewing] = useState<Choice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const candidates = useCandidates(q);
  const save = useMutation({
    mutationFn: (partnerIds: string[]) => api<{ items: WishDto[] }>('PUT', '/api/matching/wishes', { campaignId, schoolId, partnerIds }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  useEffect(() => {
    if (saved.data && list === null) {
      setList([...saved.data.items].sort((a, b) => a.rank - b.rank).map((w) => ({ id: w.partnerId, name: w.partner.name, level: w.partner.level })));
    }
  }, [saved.data, list]);
  if (saved.isError) return <Alert style={{ marginTop: 16 }} type="error" showIcon message={saved.error instanceof ApiError ? saved.error.message : t('errors.network')} />;
  if (!list) return <Skeleton active style={{ marginTop: 16 }} />;

  const move = (i: number, by: number) => {
    const next = [...list];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    setList(next);
  };
  const add = (c: Choice) => {
    if (list.length < MAX_WISHES && !list.some((x) => x.id === c.id)) setList([...list, c]);
  };
  const dirty = JSON.stringify(list.map((c) => c.id)) !== JSON.stringify([...(saved.data?.items ?? [])].sort((a, b) => a.rank - b.rank).map((w) => w.partnerId));
  const options = (candidates.data?.items ?? []).filter((c) => c.id !== schoolId);

  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 16 }} size="middle">
      <Card size="small" title={t('wishes.ranked', { count: list.length, max: MAX_WISHES })}>
        {list.length === 0 ? (
          <Empty description={t('wishes.none')} />
        ) : (
          <List
            dataSource={list}
            data-testid="wish-list"
            renderItem={(c, i) => (
              <List.Item
                actions={[
                  <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('wishes.up', { school: c.name })} onClick={() => move(i, -1)} />,
                  <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={i === list.length - 1} aria-label={t('wishes.down', { school: c.name })} onClick={() => move(i, 1)} />,
                  <Button key="remove" size="small" danger icon={<DeleteOutlined />} aria-label={t('wishes.remove', { school: c.name })} onClick={() => setList(list.filter((x) => x.id !== c.id))} />,
                ]}
              >
                <Space wrap size={4}>
                  <Tag color="blue">{t('wishes.rank', { n: i + 1 })}</Tag>
                  <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setViewing(c)}>
                    {c.name}
                  </Button>
                </Space>
              </List.Item>
            )}
          />
        )}
        <Space wrap style={{ marginTop: 12 }}>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            disabled={!dirty}
            loading={save.isPending}
            data-testid="save-wishes"
            onClick={async () => {
              setError(null);
              try {
                await save.mutateAsync(list.map((c) => c.id));
                void message.success(t('wishes.saved'));
              } catch (e) {
                setError(e instanceof ApiError ? e.message : t('errors.network'));
              }
            }}
          >
            {t('wishes.save')}
          </Button>
        </Space>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Card>

      <Card size="small" title={t('wishes.find')}>
        <label htmlFor="wishes-search">{t('wishes.search')}</label>
        <Select
          id="wishes-search"
          showSearch
          filterOption={false}
          style={{ width: '100%', marginTop: 4 }}
          placeholder={t('wishes.searchPlaceholder')}
          onSearch={setQ}
          loading={candidates.isFetching}
          value={null}
          onChange={(id: string) => {
            const c = options.find((x) => x.id === id);
            if (c) setViewing({ id: c.id, name: c.name, level: c.level });
          }}
          options={options.map((c) => ({ value: c.id, label: `${c.name}${c.placeName ? ` — ${c.placeName}` : ''}` }))}
        />
        {viewing && (
          <PublicProfile
            choice={viewing}
            canAdd={list.length < MAX_WISHES && !list.some((x) => x.id === viewing.id)}
            onAdd={() => add(viewing)}
          />
        )}
      </Card>
    </Space>
  );
}

/** The candidate's public profile: level, size, place, strengths and needs (no contacts). */
function PublicProfile({ choice, canAdd, onAdd }: { choice: Choice; canAdd: boolean; onAdd: () => void }) {
  const { t, i18n } = useTranslation();
  const profile = useQuery({ queryKey: ['public-profile', choice.id], queryFn: () => api<PublicSchoolProfileDto>('GET', `/api/schools/${choice.id}/public-profile`) });
  if (profile.isError) return <Alert style={{ marginTop: 12 }} type="error" showIcon message={profile.error instanceof ApiError ? profile.error.message : t('errors.network')} />;
  if (!profile.data) return <Skeleton active style={{ marginTop: 12 }} />;
  const p = profile.data;
  const num = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN').format(n));
  const area = (c: PublicSchoolProfileDto['strengths'][number]) => `${i18n.language === 'en' ? c.nameEn : c.nameVi} (${c.level})`;
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="public-profile" title={<span style={{ whiteSpace: 'normal' }}>{p.name}</span>}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('wishes.level')}>{t(`schools.level.${p.level}`, { defaultValue: p.level })}</Descriptions.Item>
        <Descriptions.Item label={t('wishes.areaType')}>{t(`schools.areaType.${p.areaType}`, { defaultValue: p.areaType })}</Descriptions.Item>
        <Descriptions.Item label={t('wishes.place')}>{[...p.place].reverse().map((u) => u.name).join(', ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('wishes.size')}>{t('wishes.sizeLine', { students: num(p.students), teachers: num(p.teachers), classes: num(p.classes) })}</Descriptions.Item>
        <Descriptions.Item label={t('wishes.strengths')}>{p.strengths.map(area).join('; ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('wishes.needs')}>{p.needs.map(area).join('; ') || '—'}</Descriptions.Item>
      </Descriptions>
      <Button type="primary" icon={<PlusOutlined />} disabled={!canAdd} onClick={onAdd} data-testid="add-wish">
        {t('wishes.add')}
      </Button>
    </Card>
  );
}
