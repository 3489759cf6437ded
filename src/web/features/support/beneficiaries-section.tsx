import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatVnd } from '#src/core/vn/format.ts';
import type { BeneficiaryDto, BeneficiaryListDto, BeneficiarySummaryDto } from '#src/core/support/dto.ts';
import { ApiError, api } from '../../lib/api';
import { usePolicy } from '../auth/use-policy';
import { useMe } from '../auth/use-session';
import { BeneficiaryForm } from './beneficiary-form';
import { emptyText } from './empty-text';
import { SponsorshipsSection } from './sponsorships-section';

/** A beneficiary's record as the API answers it (src/core/support/dto.ts). */
export type Beneficiary = BeneficiaryDto;

/**
 * Beneficiaries: counts for everyone (small groups "< 5", and "hidden" where the rest would give one away); the list, the form and the
 * sponsorships only for those the policy lets read the own school's records (its leader and
 * coordinator), after they say why they open it (every read is logged).
 */
export function BeneficiariesSection() {
  const { t } = useTranslation();
  /** "hidden": a count of 5 or more hidden so that no "< 5" can be worked out from the rest. */
  const shownCount = (c: BeneficiarySummaryDto['students']) => (c === 'hidden' ? t('support.beneficiaries.hidden') : c);
  const me = useMe();
  const policy = usePolicy();
  const schoolId = me.data?.school?.id;
  const summary = useQuery({
    queryKey: ['support', 'beneficiaries', 'summary', schoolId ?? 'all'],
    queryFn: () => api<BeneficiarySummaryDto>('GET', `/api/support/beneficiaries/summary${schoolId ? `?schoolId=${schoolId}` : ''}`),
  });
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<Beneficiary | 'new' | null>(null);
  const list = useMutation({
    mutationFn: () => api<BeneficiaryListDto>('GET', `/api/support/beneficiaries?schoolId=${schoolId}&reason=${encodeURIComponent(reason)}`),
  });
  const own = schoolId ? { school: { schoolId, unitChain: [] } } : undefined;
  const staff = Boolean(own && policy.can('beneficiary.read', own));
  const mayCreate = Boolean(own && policy.can('beneficiary.create', own));
  const mayUpdate = Boolean(own && policy.can('beneficiary.update', own));
  return (
    <Card size="small" title={t('support.beneficiaries.title')}>
      {summary.data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('support.beneficiaries.counts', { students: shownCount(summary.data.students), teachers: shownCount(summary.data.teachers) })}
            {summary.data.receivedVnd !== null ? ` · ${formatVnd(summary.data.receivedVnd)}` : ''}
          </Typography.Text>
          <Space wrap>
            {summary.data.byHardship
              .filter((h) => h.count !== 0)
              .map((h) => (
                <Tag key={h.hardship}>
                  {t(`support.beneficiaries.hardship.${h.hardship}`)}: {shownCount(h.count)}
                </Tag>
              ))}
          </Space>
        </Space>
      )}
      {staff && schoolId && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Typography.Paragraph type="secondary">{t('support.beneficiaries.sensitive')}</Typography.Paragraph>
          <label htmlFor="beneficiary-reason">{t('support.beneficiaries.reason')}</label>
          <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
            <Input id="beneficiary-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('support.beneficiaries.reasonPlaceholder')} />
            <Button type="primary" loading={list.isPending} onClick={() => list.mutate()}>
              {t('support.beneficiaries.open')}
            </Button>
          </Space.Compact>
          {mayCreate && editing === null && (
            <Button onClick={() => setEditing('new')} style={{ alignSelf: 'flex-start' }}>
              {t('support.beneficiaries.add')}
            </Button>
          )}
          {editing !== null && (
            <BeneficiaryForm
              schoolId={schoolId}
              initial={editing === 'new' ? null : editing}
              onDone={(saved) => {
                setEditing(null);
                if (saved && list.data) list.mutate();
              }}
            />
          )}
          {list.isError && <Alert type="error" showIcon role="alert" message={list.error instanceof ApiError ? list.error.message : t('errors.network')} />}
          {list.data && (
            <List
              dataSource={list.data.items}
              locale={{ emptyText: emptyText(t('support.none')) }}
              renderItem={(b) => (
                <List.Item key={b.id} style={{ display: 'block' }}>
                  <Descriptions
                    size="small"
                    column={{ xs: 1, sm: 2 }}
                    title={b.fullName}
                    extra={
                      mayUpdate && (
                        <Button size="small" onClick={() => setEditing(b)}>
                          {t('support.beneficiaries.edit')}
                        </Button>
                      )
                    }
                  >
                    <Descriptions.Item label={t('support.beneficiaries.class')}>{b.className ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('support.beneficiaries.born')}>{b.birthDate ? formatDate(b.birthDate) : '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('support.beneficiaries.category')}>{t(`support.beneficiaries.hardship.${b.hardship}`)}</Descriptions.Item>
                    <Descriptions.Item label={t('support.beneficiaries.consentScope')}>
                      {(b.guardianConsent?.scope ?? b.ownConsent?.scope ?? []).map((s) => t(`support.beneficiaries.scope.${s}`)).join(', ') || '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('support.beneficiaries.received')}>{b.received.map((r) => `${formatDate(r.receivedOn)} ${r.what} (${formatVnd(r.valueVnd)})`).join('; ') || '—'}</Descriptions.Item>
                  </Descriptions>
                </List.Item>
              )}
            />
          )}
          <SponsorshipsSection schoolId={schoolId} beneficiaries={list.data?.items ?? null} />
        </Space>
      )}
    </Card>
  );
}
