import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Input, InputNumber, List, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignDto as Campaign } from '#src/core/campaigns/campaign.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { MouContentEditor } from '../../components/mou-text';
import { DateInput } from '../../components/date-input';
import { ApiError, api } from '../../lib/api';
import { useNarrow } from '../../lib/use-narrow';
import { usePolicy } from '../auth/use-policy';
// audit: reminder settings
import { ReminderSettingsCard } from './reminder-settings-card';
// phases
import { CampaignPhaseLinks, NextPhaseModal } from './next-phase';

type Draft = Omit<Campaign, 'id' | 'pairCount' | 'mouTemplate' | 'endsOn' | 'previousCampaignId' | 'nextCampaignId'> & { mouTemplate?: MouContent };

/** Campaigns (kế hoạch / phong trào) and their MoU templates; the department edits them. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => api<{ items: Campaign[] }>('GET', '/api/campaigns') });
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const policy = usePolicy();
  const canCreate = policy.mayEver('campaign.create');
  const canUpdate = policy.mayEver('campaign.update');
  // phases
  const canOpenNext = policy.can('campaign.openNextPhase');
  const [opening, setOpening] = useState<Campaign | null>(null);
  // phases: a list of cards on a phone (the table's columns wrapped one word a line)
  const narrow = useNarrow();
  const actions = (c: Campaign) => (
    <Space direction="vertical" size={4}>
      {canUpdate && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(c)} aria-label={t('campaigns.editOf', { number: c.number })}>
          {t('campaigns.edit')}
        </Button>
      )}
      {/* phases */}
      <CampaignPhaseLinks campaign={c} all={campaigns.data?.items ?? []} onOpen={canOpenNext ? () => setOpening(c) : null} />
    </Space>
  );
  if (editing) return <CampaignEditor campaign={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('campaigns.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('campaigns.create')}
          </Button>
        )}
      </Space>
      {campaigns.isError && <Alert type="error" showIcon message={(campaigns.error as Error).message} />}
      {narrow ? (
        <List
          style={{ marginTop: 16 }}
          loading={campaigns.isPending}
          dataSource={campaigns.data?.items ?? []}
          data-testid="campaign-cards"
          renderItem={(c) => (
            <List.Item key={c.id}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>{c.number}</Typography.Text>
                <span>{c.title}</span>
                <Typography.Text type="secondary">
                  {t('campaigns.issuedOn')}: {formatDate(c.issuedOn)} · {t('campaigns.phase')}: {c.phaseStartYear}–{c.phaseEndYear} · {t('campaigns.pairs')}: {c.pairCount}
                </Typography.Text>
                {actions(c)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table
          style={{ marginTop: 16 }}
          rowKey="id"
          loading={campaigns.isPending}
          dataSource={campaigns.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('campaigns.number'), dataIndex: 'number', width: 160 },
            { title: t('campaigns.movement'), dataIndex: 'title' },
            { title: t('campaigns.issuedOn'), dataIndex: 'issuedOn', render: (v: string) => formatDate(v), width: 120 },
            { title: t('campaigns.phase'), key: 'phase', render: (_, c: Campaign) => `${c.phaseStartYear}–${c.phaseEndYear}`, width: 110 },
            { title: t('campaigns.pairs'), dataIndex: 'pairCount', width: 90 },
            { title: <span className="sr-only">{t('campaigns.actions')}</span>, key: 'edit', width: 130, render: (_, c: Campaign) => actions(c) },
          ]}
        />
      )}
      {opening && <NextPhaseModal previous={opening} onClose={() => setOpening(null)} />}
    </>
  );
}

function CampaignEditor({ campaign, onDone }: { campaign: Campaign | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(
    campaign
      ? { number: campaign.number, issuer: campaign.issuer, issuedOn: campaign.issuedOn, title: campaign.title, phaseStartYear: campaign.phaseStartYear, phaseEndYear: campaign.phaseEndYear, schoolYears: campaign.schoolYears, mouTemplate: campaign.mouTemplate }
      : { number: '', issuer: 'Sở Giáo dục và Đào tạo Hà Nội', issuedOn: '', title: '', phaseStartYear: new Date().getFullYear(), phaseEndYear: new Date().getFullYear() + 3, schoolYears: [] },
  );
  const [years, setYears] = useState(draft.schoolYears.join(', '));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Draft) => (campaign ? api<Campaign>('PATCH', `/api/campaigns/${campaign.id}`, body) : api<Campaign>('POST', '/api/campaigns', body)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const submit = async () => {
    setError(null);
    try {
      const schoolYears = years.split(/[,;\s]+/u).map((y) => y.trim()).filter(Boolean);
      await save.mutateAsync({ ...draft, schoolYears });
      void message.success(t('campaigns.saved'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  const field = (id: keyof Draft, label: string, node: React.ReactNode) => (
    <span style={{ display: 'inline-block' }}>
      <label htmlFor={`campaign-${id}`}>{label}</label>
      <div>{node}</div>
    </span>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {campaign ? t('campaigns.editTitle', { number: campaign.number }) : t('campaigns.create')}
      </Typography.Title>
      <Card size="small" title={t('campaigns.details')}>
        <Space wrap size="large" align="start">
          {field('number', t('campaigns.number'), <Input id="campaign-number" value={draft.number} onChange={(e) => set('number', e.target.value)} placeholder="4340/KH-SGDĐT" />)}
          {field('issuer', t('campaigns.issuer'), <Input id="campaign-issuer" value={draft.issuer} onChange={(e) => set('issuer', e.target.value)} style={{ width: 300 }} />)}
          {field('issuedOn', t('campaigns.issuedOn'), <DateInput id="campaign-issuedOn" value={draft.issuedOn} onChange={(v) => set('issuedOn', v)} />)}
          {field('phaseStartYear', t('campaigns.phaseStart'), <InputNumber id="campaign-phaseStartYear" min={2000} max={2100} value={draft.phaseStartYear} onChange={(v) => set('phaseStartYear', Number(v))} />)}
          {field('phaseEndYear', t('campaigns.phaseEnd'), <InputNumber id="campaign-phaseEndYear" min={2000} max={2100} value={draft.phaseEndYear} onChange={(v) => set('phaseEndYear', Number(v))} />)}
        </Space>
        <div style={{ marginTop: 12 }}>
          {field('title', t('campaigns.movement'), <Input id="campaign-title" value={draft.title} onChange={(e) => set('title', e.target.value)} style={{ width: 640, maxWidth: '100%' }} />)}
        </div>
        <div style={{ marginTop: 12 }}>
          {field('schoolYears', t('campaigns.schoolYears'), <Input id="campaign-schoolYears" value={years} onChange={(e) => setYears(e.target.value)} placeholder="2023-2024, 2024-2025" style={{ width: 400 }} />)}
        </div>
      </Card>
      {campaign && <ReminderSettingsCard campaignId={campaign.id} />}
      <Card size="small" title={t('campaigns.template')}>
        <Typography.Paragraph type="secondary">{t('campaigns.templateHint')}</Typography.Paragraph>
        {draft.mouTemplate ? (
          <MouContentEditor idPrefix="template" value={draft.mouTemplate} onChange={(v) => set('mouTemplate', v)} />
        ) : campaign ? (
          <Skeleton />
        ) : (
          <Typography.Paragraph>{t('campaigns.templateDefault')}</Typography.Paragraph>
        )}
      </Card>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <Space>
        <Button type="primary" loading={save.isPending} onClick={submit}>
          {t('campaigns.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Space>
  );
}
