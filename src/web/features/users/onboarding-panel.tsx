import { MailOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Modal, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnboardingFilter, OnboardingRunDto } from '#src/core/onboarding.ts';
import { SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { formatDateTime } from '#src/core/vn/format.ts';
import { UnitPicker } from '../../components/unit-picker';
import { ApiError } from '../../lib/api';
import { useLatestOnboardingRun, useOnboardingPreview, useStartOnboarding } from './users-api';

const STATUS_COLOR = { queued: 'default', running: 'processing', done: 'success', stopped: 'warning', failed: 'error' } as const;

/**
 * onboarding: on the accounts page of the department and of an area officer — how many active
 * schools have no leader account, and one button inviting their leaders from the registry
 * (preview first, then one background run whose progress shows here).
 */
export function OnboardingPanel() {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  const summary = useOnboardingPreview({});
  const latest = useLatestOnboardingRun();
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const close = () => {
    setOpen(false);
    // The accounts it made and the schools left.
    void client.invalidateQueries({ queryKey: ['users'] });
    void client.invalidateQueries({ queryKey: ['onboarding'] });
  };
  const n = summary.data?.withoutLeader ?? 0;
  const run = latest.data?.run ?? null;
  if (!summary.data) return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} aria-label={t('users.onboard.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Text strong>{n > 0 ? t('users.onboard.summary', { count: n, formatted: nf.format(n) }) : t('users.onboard.none')}</Typography.Text>
          {n > 0 && (
            <Button icon={<MailOutlined />} onClick={() => setOpen(true)} style={{ whiteSpace: 'normal', height: 'auto', maxWidth: '100%', textAlign: 'left' }}>
              {t('users.onboard.open', { count: n, formatted: nf.format(n) })}
            </Button>
          )}
        </div>
        {run && <RunStatus run={run} />}
      </Space>
      {open && <OnboardingModal onClose={close} />}
    </Card>
  );
}

function RunStatus({ run, details = false }: { run: OnboardingRunDto; details?: boolean }) {
  const { t } = useTranslation();
  const percent = run.total ? Math.round((run.processed / run.total) * 100) : run.status === 'done' ? 100 : 0;
  return (
    <div>
      <Typography.Text type="secondary">
        {t('users.onboard.lastRun', { when: formatDateTime(new Date(run.createdAt)), by: run.createdBy ?? '—' })}{' '}
      </Typography.Text>
      <Tag color={STATUS_COLOR[run.status]}>{t(`users.onboard.status.${run.status}`)}</Tag>
      <Progress percent={percent} size="small" status={run.status === 'failed' ? 'exception' : run.status === 'running' || run.status === 'queued' ? 'active' : 'normal'} />
      <div role="status">{t('users.onboard.progress', run)}</div>
      {run.error && <Alert type="warning" showIcon message={run.error.message} style={{ marginTop: 8 }} />}
      {details && run.results.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          style={{ marginTop: 8 }}
          dataSource={run.results}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          scroll={{ x: 560 }}
          columns={[
            { title: t('users.onboard.code'), dataIndex: 'code', width: 120 },
            { title: t('users.onboard.school'), dataIndex: 'name' },
            {
              title: t('users.onboard.results'),
              key: 'outcome',
              render: (_: unknown, r) =>
                r.outcome === 'created'
                  ? `${t('users.onboard.outcome.created')} (${r.username})`
                  : r.message ?? t(`users.onboard.outcome.${r.outcome}`, { defaultValue: t(`users.onboard.reason.${r.outcome}`, { defaultValue: r.outcome }) }),
            },
          ]}
        />
      )}
    </div>
  );
}

function OnboardingModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  const [filter, setFilter] = useState<OnboardingFilter>({});
  const [started, setStarted] = useState(false);
  const preview = useOnboardingPreview(filter, !started);
  const latest = useLatestOnboardingRun(started);
  const start = useStartOnboarding();
  const [error, setError] = useState<string | null>(null);
  const p = preview.data;

  const go = async () => {
    setError(null);
    try {
      await start.mutateAsync(filter);
      setStarted(true);
      void message.success(t('users.onboard.started'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  return (
    <Modal
      open
      title={t('users.onboard.title')}
      onCancel={onClose}
      width={760}
      footer={
        started ? (
          <Button onClick={onClose}>{t('users.onboard.close')}</Button>
        ) : (
          <Space wrap>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!p || p.ready === 0} loading={start.isPending} onClick={go}>
              {t('users.onboard.start', { count: p?.ready ?? 0, formatted: nf.format(p?.ready ?? 0) })}
            </Button>
          </Space>
        )
      }
    >
      {started ? (
        latest.data?.run ? <RunStatus run={latest.data.run} details /> : null
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('users.onboard.intro')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 16 }}>
            <UnitPicker
              value={filter.adminUnitId}
              onChange={(v) => setFilter((f) => ({ ...f, adminUnitId: v }))}
              placeholder={t('users.onboard.allAreas')}
              aria-label={t('users.onboard.area')}
              style={{ width: 300, maxWidth: '100%' }}
            />
            <Select
              allowClear
              aria-label={t('users.onboard.level')}
              placeholder={t('users.onboard.allLevels')}
              value={filter.level}
              onChange={(v?: OnboardingFilter['level']) => setFilter((f) => ({ ...f, level: v }))}
              options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`pairs.levels.${l}`) }))}
              style={{ width: 200 }}
            />
          </Space>
          {p && (
            <>
              <Row gutter={[16, 16]}>
                <Col xs={12} sm={6}>
                  <Statistic title={t('users.onboard.withoutLeader')} value={nf.format(p.withoutLeader)} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('users.onboard.ready')} value={nf.format(p.ready)} valueStyle={{ color: '#237804' }} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('users.onboard.blockedCount')} value={nf.format(p.blockedTotal)} valueStyle={p.blockedTotal ? { color: '#ad4e00' } : undefined} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('users.onboard.duplicates')} value={nf.format(p.duplicateEmails)} />
                </Col>
              </Row>
              {p.blocked.length > 0 && (
                <>
                  <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
                    {t('users.onboard.blockedTitle')}
                  </Typography.Title>
                  <Table
                    size="small"
                    rowKey="id"
                    dataSource={p.blocked}
                    pagination={{ pageSize: 8, showSizeChanger: false }}
                    scroll={{ x: 600 }}
                    columns={[
                      { title: t('users.onboard.code'), dataIndex: 'code', width: 110 },
                      { title: t('users.onboard.school'), dataIndex: 'name' },
                      { title: t('users.onboard.email'), dataIndex: 'email', render: (e: string | null) => e ?? '—' },
                      {
                        title: t('users.onboard.reasons'),
                        dataIndex: 'reasons',
                        render: (rs: string[]) => rs.map((r) => <Tag key={r} color="orange">{t(`users.onboard.reason.${r}`)}</Tag>),
                      },
                    ]}
                  />
                  {p.blockedTotal > p.blocked.length && <Typography.Text type="secondary">{t('users.onboard.blockedMore', { count: p.blockedTotal - p.blocked.length })}</Typography.Text>}
                </>
              )}
            </>
          )}
          {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
        </>
      )}
    </Modal>
  );
}
