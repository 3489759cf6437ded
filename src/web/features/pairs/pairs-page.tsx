import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Typography, App as AntApp } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PAIR_STATES } from '#src/core/pairs/state-machine.ts';
import { SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { campaignInForce } from '#src/core/campaigns/in-force.ts';
import { formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import { ApiError } from '../../lib/api';
import { useListParams } from '../../lib/list-params';
import { useMe } from '../auth/use-session';
import { fixedOwnSchool } from '../auth/own-school';
import { actorOf, usePolicy } from '../auth/use-policy';
import { UnitPicker } from '../../components/unit-picker';
import { MouStatusTag, PairStateTag } from './pair-labels';
import { NoAccountTag } from './paper-steps';
import { pairFilterQuery, useCampaignOptions, usePairs, usePartnerCandidates, useProposePair, type PairSummary } from './pairs-api';
import { useEndedCampaignConfirm } from '../../components/campaign-ended';

/** The pairs the user may see: filters, search and paging live in the address (server-side paging). */
export function PairsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { get, list, set, limit, page } = useListParams();
  const filters = { q: get('q'), campaignId: get('campaignId'), state: list('state'), level: list('level'), adminUnitId: get('area') };
  const pairs = usePairs({ ...filters, limit, offset: (page - 1) * limit });
  const campaigns = useCampaignOptions();
  const policy = usePolicy();
  const seesAreas = policy.reach('pair.read') === 'all' || policy.reach('pair.read') === 'area';
  const [proposing, setProposing] = useState(false);

  const canPropose = policy.mayEver('pair.propose');
  const columns: TableProps<PairSummary>['columns'] = [
    {
      title: t('pairs.schools'),
      key: 'schools',
      render: (_, p) => (
        <>
          <Link to={`/app/pairs/${p.id}`}>{p.schools.map((s) => s.name).join(' – ')}</Link>
          {/* paper: schools that answer on paper until they have an account */}
          {p.schools.some((s) => !s.hasAccount) && (
            <div>
              {p.schools
                .filter((s) => !s.hasAccount)
                .map((s) => (
                  <span key={s.id} style={{ marginRight: 4 }}>
                    {s.shortName} <NoAccountTag />
                  </span>
                ))}
            </div>
          )}
        </>
      ),
    },
    { title: t('pairs.campaign'), key: 'campaign', render: (_, p) => p.campaign.number, width: 150 },
    { title: t('pairs.state'), key: 'state', render: (_, p) => <PairStateTag state={p.state} />, width: 190 },
    { title: t('pairs.mou'), key: 'mou', render: (_, p) => <MouStatusTag status={p.mouStatus} />, width: 150 },
    { title: t('pairs.signedOn'), key: 'signedOn', render: (_, p) => (p.signedOn ? formatDate(p.signedOn) : '—'), width: 120 },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('pairs.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/pairs/export.xlsx?${pairFilterQuery(filters)}`}>
            {t('pairs.exportExcel')}
          </Button>
          {canPropose && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)}>
              {t('pairs.propose')}
            </Button>
          )}
        </Space>
      </Space>
      <Space wrap style={{ margin: '16px 0' }} role="search">
        <Input.Search
          aria-label={t('pairs.search')}
          placeholder={t('pairs.searchPlaceholder')}
          allowClear
          defaultValue={get('q')}
          onSearch={(q) => set({ q: q.trim() || undefined })}
          style={{ width: 300 }}
        />
        <Select
          aria-label={t('pairs.campaign')}
          placeholder={t('pairs.allCampaigns')}
          allowClear
          value={get('campaignId')}
          onChange={(v) => set({ campaignId: v })}
          style={{ width: 200 }}
          options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.number }))}
        />
        <Select
          aria-label={t('pairs.state')}
          mode="multiple"
          placeholder={t('pairs.allStates')}
          value={list('state')}
          onChange={(v: string[]) => set({ state: v })}
          style={{ minWidth: 220 }}
          options={PAIR_STATES.map((s) => ({ value: s, label: t(`pairState.${s}`) }))}
        />
        <Select
          aria-label={t('pairs.level')}
          mode="multiple"
          placeholder={t('pairs.allLevels')}
          value={list('level')}
          onChange={(v: string[]) => set({ level: v })}
          style={{ minWidth: 200 }}
          options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`pairs.levels.${l}`) }))}
        />
        {seesAreas && (
          <UnitPicker
            aria-label={t('pairs.area')}
            placeholder={t('pairs.allAreas')}
            value={get('area')}
            onChange={(v) => set({ area: v })}
            style={{ minWidth: 260 }}
          />
        )}
      </Space>
      {pairs.isError && <Alert type="error" showIcon message={(pairs.error as Error).message} />}
      <Table
        rowKey="id"
        size="middle"
        loading={pairs.isFetching}
        dataSource={pairs.data?.items ?? []}
        columns={columns}
        // On a phone the fixed columns left the schools' names one word a line: the table scrolls sideways in its box instead.
        scroll={{ x: 860 }}
        locale={{ emptyText: t('pairs.empty') }}
        pagination={{
          current: page,
          pageSize: limit,
          total: pairs.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('pairs.total', { count: total }),
          onChange: (p, size) => set({ page: String(p), limit: String(size) }, false),
        }}
      />
      {proposing && <ProposeDialog onClose={() => setProposing(false)} ownSchool={me.data && fixedOwnSchool(actorOf(me.data), 'pair.propose') ? me.data.school : null} />}
    </>
  );
}

function ProposeDialog({ onClose, ownSchool }: { onClose: () => void; ownSchool: { id: string; name: string } | null }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const campaigns = useCampaignOptions();
  const [q, setQ] = useState('');
  const [form] = Form.useForm<{ campaignId: string; schoolIds: string[] }>();
  const defaultCampaignId = campaignInForce(campaigns.data?.items ?? [], isoDateInHanoi(new Date()))?.id;
  const campaignId = Form.useWatch('campaignId', form) ?? defaultCampaignId;
  const schools = usePartnerCandidates(q, campaignId);
  const propose = useProposePair();
  const confirmEnded = useEndedCampaignConfirm();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: { campaignId: string; schoolIds: string[] };
    try {
      v = await form.validateFields();
    } catch {
      // The form shows each field's message under it; nothing to send.
      return;
    }
    setError(null);
    try {
      const ids = ownSchool ? [ownSchool.id, ...v.schoolIds.filter((s) => s !== ownSchool.id)] : v.schoolIds;
      const created = await confirmEnded((confirm) => propose.mutateAsync({ campaignId: v.campaignId, schoolIds: ids, ...(confirm ? { confirmCampaignEnded: true } : {}) }));
      if (!created) return;
      void message.success(t('pairs.proposed'));
      onClose();
      navigate(`/app/pairs/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  const minSchools = ownSchool ? 1 : 2;
  const schoolsMessage = ownSchool ? t('pairs.partnerRequired') : t('pairs.schoolsRequired');
  return (
    <Modal open title={t('pairs.propose')} onCancel={onClose} onOk={() => void submit()} okText={t('pairs.proposeSubmit')} cancelText={t('common.cancel')} confirmLoading={propose.isPending}>
      <Form form={form} layout="vertical" initialValues={{ campaignId: defaultCampaignId, schoolIds: [] }}>
        <Form.Item name="campaignId" label={t('pairs.campaign')} rules={[{ required: true, message: t('pairs.campaignRequired') }]}>
          <Select options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} — ${c.title}` }))} />
        </Form.Item>
        {ownSchool && <Typography.Paragraph>{t('pairs.ownSchool', { name: ownSchool.name })}</Typography.Paragraph>}
        <Form.Item
          name="schoolIds"
          label={ownSchool ? t('pairs.partners') : t('pairs.schoolsToPair')}
          required
          rules={[
            {
              validator: async (_, value: string[] | undefined) => {
                const chosen = (value ?? []).filter((id) => id !== ownSchool?.id);
                if (chosen.length < minSchools) throw new Error(schoolsMessage);
              },
            },
          ]}
        >
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={schools.isFetching}
            placeholder={t('pairs.searchSchool')}
            options={(schools.data?.items ?? [])
              .filter((s) => s.id !== ownSchool?.id)
              .map((s) => ({
                value: s.id,
                label: [s.name, s.placeName, s.paired ? t('pairs.candidatePaired') : null].filter(Boolean).join(' — '),
              }))}
          />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} role="alert" />}
      </Form>
    </Modal>
  );
}
