import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardDto as Dashboard } from '#src/core/dashboard/dto.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';
import { api } from '../../lib/api';
import { ThrottlesSection } from '../auth/throttles-section';
import { usePolicy } from '../auth/use-policy';
import { useMe } from '../auth/use-session';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const policy = usePolicy();
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('GET', '/api/dashboard') });
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');

  if (dashboard.isError) return <Alert type="error" showIcon message={t('dashboard.loadError')} />;
  if (!dashboard.data || !me.data) return <Skeleton active />;
  const d = dashboard.data;
  const scopeLabel =
    d.scope === 'all'
      ? t('dashboard.scope_all')
      : d.scope === 'area'
        ? t('dashboard.scope_area', { name: me.data.area?.name })
        : t('dashboard.scope_school', { name: me.data.school?.name });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="scope">
        {scopeLabel}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('dashboard.schools')} value={d.counts.schools} formatter={(v) => numberFormat.format(Number(v))} data-testid="count-schools" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('dashboard.pairs')} value={d.counts.pairs} formatter={(v) => numberFormat.format(Number(v))} data-testid="count-pairs" />
            <Typography.Text type="secondary">{t('dashboard.activePairs', { count: d.counts.activePairs })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('dashboard.activities')} value={d.counts.activities} formatter={(v) => numberFormat.format(Number(v))} data-testid="count-activities" />
            <Typography.Text type="secondary">{t('dashboard.activitiesDone', { count: d.counts.activitiesDone })}</Typography.Text>
          </Card>
        </Col>
      </Row>

      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 32 }}>
        {t('dashboard.pairsTitle')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={d.pairs}
        locale={{ emptyText: t('dashboard.noPairs') }}
        columns={[
          {
            title: t('dashboard.schoolsCol'),
            dataIndex: 'schoolNames',
            render: (names: string[], p) => <Link to={`/app/pairs/${p.id}`}>{names.join(' – ')}</Link>,
          },
          { title: t('dashboard.campaign'), dataIndex: 'campaignNumber' },
          {
            title: t('dashboard.state'),
            dataIndex: 'state',
            render: (s: string) => <StateTag tone={s === 'active' ? 'success' : s === 'terminated' || s === 'declined' ? 'danger' : 'neutral'}>{t(`pairState.${s}`)}</StateTag>,
          },
        ]}
      />

      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 32 }}>
        {t('dashboard.activitiesTitle')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={d.recentActivities}
        locale={{ emptyText: t('dashboard.noActivities') }}
        columns={[
          { title: t('dashboard.date'), dataIndex: 'startsOn', render: (v: string) => formatDate(v), width: 120 },
          {
            title: t('dashboard.activity'),
            dataIndex: 'title',
            render: (title: string, a) => (
              <>
                <div>{title}</div>
                <Typography.Text type="secondary">{t(`activityKind.${a.kind}`)}</Typography.Text>
              </>
            ),
          },
          { title: t('dashboard.host'), dataIndex: 'hostName' },
          { title: t('dashboard.status'), dataIndex: 'status', render: (s: string) => t(`activityStatus.${s}`) },
        ]}
      />
      {policy.mayEver('loginThrottle.manage') && <ThrottlesSection />}
    </>
  );
}
