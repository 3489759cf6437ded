/**
 * The next phase of a campaign (issue 10): the department opens it from the campaign list —
 * a new plan (its number, date and years) that starts from this one's issuer, movement and MoU
 * template — after a confirmation naming the new period. The list links the phases both ways.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { schoolYearsOf, type CampaignDto as Campaign } from '#src/core/campaigns/campaign.ts';
import { formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import { DateInput } from '../../components/date-input';
import { ApiError, api } from '../../lib/api';

/** "2026-2027, 2027-2028" for the phase 2026–2028: the school years the server gives the new plan. */
const schoolYearsText = (from: number, to: number) => schoolYearsOf(from, to).join(', ');

/** Under a campaign in the list: its next phase or the one it continues, and the button to open the next. */
export function CampaignPhaseLinks({ campaign, all, onOpen }: { campaign: Campaign; all: Campaign[]; onOpen: (() => void) | null }) {
  const { t } = useTranslation();
  const next = campaign.nextCampaignId ? all.find((c) => c.id === campaign.nextCampaignId) : undefined;
  const previous = campaign.previousCampaignId ? all.find((c) => c.id === campaign.previousCampaignId) : undefined;
  const ended = campaign.endsOn < isoDateInHanoi(new Date());
  // One line each (they used to run together: "Đã kết thúc ngày 31/12/2025Giai đoạn tiếp theo: …").
  return (
    <Space direction="vertical" size={4}>
      {ended && <Typography.Text type="secondary">{t('campaignPhases.ended', { date: formatDate(campaign.endsOn) })}</Typography.Text>}
      {previous && <Typography.Text type="secondary">{t('campaignPhases.previous', { number: previous.number })}</Typography.Text>}
      {next ? (
        <Typography.Text type="secondary">{t('campaignPhases.next', { number: next.number })}</Typography.Text>
      ) : (
        !campaign.nextCampaignId &&
        onOpen && (
          <Button onClick={onOpen} aria-label={t('campaignPhases.openOf', { number: campaign.number })} data-testid={`open-next-phase-${campaign.number}`}>
            {t('campaignPhases.open')}
          </Button>
        )
      )}
    </Space>
  );
}

export function NextPhaseModal({ previous, onClose }: { previous: Campaign; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const length = previous.phaseEndYear - previous.phaseStartYear;
  const [number, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [from, setFrom] = useState(previous.phaseEndYear + 1);
  const [to, setTo] = useState(previous.phaseEndYear + 1 + Math.max(length, 1));
  const [error, setError] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: () => api<Campaign>('POST', `/api/campaigns/${previous.id}/next-phase`, { number, issuedOn, phaseStartYear: from, phaseEndYear: to }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  const phase = `${previous.phaseStartYear}–${previous.phaseEndYear}`;
  const submit = () => {
    setError(null);
    // Asked once more, naming the new period.
    void modal.confirm({
      title: t('campaignPhases.confirm', { from, to }),
      content: t('campaignPhases.period', { from, to, years: schoolYearsText(from, to) }),
      okText: t('campaignPhases.confirm', { from, to }),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-open-next-phase' } as Record<`data-${string}`, string>,
      onOk: async () => {
        try {
          const created = await open.mutateAsync();
          void message.success(t('campaignPhases.done', { number: created.number, phase: `${created.phaseStartYear}–${created.phaseEndYear}` }));
          onClose();
        } catch (e) {
          setError(e instanceof ApiError ? e.message : t('errors.network'));
        }
      },
    });
  };
  const field = (id: string, label: string, node: React.ReactNode) => (
    <span style={{ display: 'inline-block' }}>
      <label htmlFor={`next-phase-${id}`}>{label}</label>
      <div>{node}</div>
    </span>
  );
  return (
    <Modal
      open
      title={t('campaignPhases.title', { number: previous.number, phase })}
      onCancel={onClose}
      cancelText={t('common.cancel')}
      okText={t('campaignPhases.open')}
      onOk={submit}
      confirmLoading={open.isPending}
      okButtonProps={{ disabled: !number.trim() || !issuedOn }}
    >
      <Typography.Paragraph type="secondary">{t('campaignPhases.intro', { number: previous.number, phase })}</Typography.Paragraph>
      <Space wrap size="middle" align="start">
        {field('number', t('campaignPhases.number'), <Input id="next-phase-number" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="125/KH-SGDĐT" />)}
        {field('issuedOn', t('campaignPhases.issuedOn'), <DateInput id="next-phase-issuedOn" value={issuedOn} onChange={setIssuedOn} />)}
        {field('from', t('campaignPhases.from'), <InputNumber id="next-phase-from" min={previous.phaseEndYear + 1} max={2100} value={from} onChange={(v) => setFrom(Number(v))} />)}
        {field('to', t('campaignPhases.to'), <InputNumber id="next-phase-to" min={from} max={2100} value={to} onChange={(v) => setTo(Number(v))} />)}
      </Space>
      <Typography.Paragraph style={{ marginTop: 12 }} data-testid="next-phase-period">
        {t('campaignPhases.period', { from, to, years: schoolYearsText(from, to) })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
