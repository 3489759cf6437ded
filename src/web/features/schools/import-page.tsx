import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { startImport, useImportJob, type ImportJob } from './schools-api';
import type { IssueDto } from '#src/core/registry/dto.ts';

/**
 * Import in two steps: a dry run shows every error (or what would change), then the
 * real import. Nothing is written while any row is wrong.
 */
const WARNING_KINDS = ['sameName', 'unit', 'position', 'skipped', 'other'] as const;

/** Warnings grouped for the filter: same names, administrative units, positions, the rest. */
function warningKind(code: string): (typeof WARNING_KINDS)[number] {
  if (code.startsWith('same_name')) return 'sameName';
  if (code.startsWith('unit_')) return 'unit';
  if (code === 'outside_vietnam') return 'position';
  if (code === 'skipped_row') return 'skipped';
  return 'other';
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  const j = job.data;
  const running = Boolean(jobId) && (!j || j.status === 'queued' || j.status === 'running');

  // Set at once (state is not): a double click must start one import, not two.
  const startingNow = useRef(false);
  const run = async (dryRun: boolean) => {
    if (!file || startingNow.current) return;
    startingNow.current = true;
    setStarting(true);
    setStartError(null);
    try {
      setJobId(await startImport(file, dryRun));
    } catch (err) {
      setStartError(err instanceof ApiError ? err.message : t('errors.network'));
    } finally {
      startingNow.current = false;
      setStarting(false);
    }
  };

  const step = !file ? 0 : !j || j.dryRun || j.status !== 'succeeded' ? 1 : 2;

  return (
    <>
      <Typography.Paragraph>
        <Link to="/app/schools">← {t('schools.backToList')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('schools.importTitle')}
      </Typography.Title>
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('schools.stepChoose') }, { title: t('schools.stepCheck') }, { title: t('schools.stepDone') }]}
      />
      <Card>
        <Typography.Paragraph>{t('schools.importHelp')}</Typography.Paragraph>
        <Typography.Paragraph>
          <Button icon={<DownloadOutlined />} href="/api/schools/import-template.xlsx">
            {t('schools.template')}
          </Button>
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setJobId(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setJobId(null);
          }}
          disabled={running}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('schools.dropFile')}</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" disabled={!file || running || starting} loading={starting} onClick={() => void run(true)} data-testid="dry-run">
            {t('schools.dryRun')}
          </Button>
          {j?.dryRun && j.status === 'succeeded' && (
            <Button type="primary" danger={false} disabled={running || starting} loading={starting} onClick={() => void run(false)} data-testid="import-now">
              {t('schools.importNow', { created: numberFormat.format(j.created), updated: numberFormat.format(j.updated) })}
            </Button>
          )}
        </Space>
        {startError && <Alert type="error" showIcon role="alert" message={startError} style={{ marginTop: 16 }} />}
      </Card>
      {jobId && <JobView job={j} running={running} />}
    </>
  );
}

function JobView({ job, running }: { job: ImportJob | undefined; running: boolean }) {
  const { t, i18n } = useTranslation();
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  if (running || !job) {
    const reading = !job || job.phase === 'reading' || job.phase === 'queued';
    const percent = job && job.totalRows ? Math.round((job.processedRows / job.totalRows) * 100) : undefined;
    return (
      <Card style={{ marginTop: 16 }} aria-live="polite" data-testid="import-progress">
        <Typography.Text>
          {reading
            ? t('schools.phaseReading', { rows: numberFormat.format(job?.processedRows ?? 0) })
            : job.phase === 'checking'
              ? t('schools.phaseChecking', { rows: numberFormat.format(job.totalRows) })
              : t('schools.phaseWriting', { done: numberFormat.format(job.processedRows), total: numberFormat.format(job.totalRows) })}
        </Typography.Text>
        <Progress percent={reading ? 100 : (percent ?? 0)} status="active" showInfo={!reading} aria-label={t('schools.progress')} />
      </Card>
    );
  }
  if (job.status === 'failed') {
    return <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" message={t('schools.importFailed')} description={job.error?.message} data-testid="import-failed" />;
  }
  if (job.status === 'rejected') {
    return (
      <Card style={{ marginTop: 16 }} data-testid="import-errors">
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('schools.rejected', { count: job.errorCount })}
          description={t('schools.rejectedHelp')}
          action={
            <Button icon={<DownloadOutlined />} href={`/api/schools/imports/${job.id}/report.xlsx`}>
              {t('schools.report')}
            </Button>
          }
        />
        <Table
          style={{ marginTop: 16 }}
          rowKey={(e) => `${e.row}-${e.cell}-${e.code}`}
          size="small"
          dataSource={job.errors}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('schools.row'), dataIndex: 'row', width: 80, render: (r: number) => r || '—' },
            { title: t('schools.column'), dataIndex: 'column', width: 160, render: (c: string | null) => c ?? '—' },
            { title: t('schools.message'), dataIndex: 'message' },
          ]}
        />
      </Card>
    );
  }
  return (
    <Card style={{ marginTop: 16 }} data-testid="import-result">
      <Result
        status={job.dryRun ? 'info' : 'success'}
        title={job.dryRun ? t('schools.dryRunOk') : t('schools.imported')}
        subTitle={t('schools.counts', {
          created: numberFormat.format(job.created),
          updated: numberFormat.format(job.updated),
          unchanged: numberFormat.format(job.unchanged),
        })}
      />
      {job.warnings.length > 0 && (
        <>
          <Alert type="warning" showIcon message={t('schools.warnings', { count: job.warnings.length })} />
          <Table<IssueDto>
            style={{ marginTop: 8 }}
            data-testid="import-warnings"
            rowKey={(w) => `${w.row}-${w.code}-${w.column}`}
            size="small"
            dataSource={job.warnings}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('schools.row'), dataIndex: 'row', width: 80, render: (r: number) => r || '—' },
              {
                title: t('schools.warningKind'),
                key: 'kind',
                width: 170,
                render: (_, w) => t(`schools.warningKinds.${warningKind(w.code)}`),
                filters: WARNING_KINDS.filter((k) => job.warnings.some((w) => warningKind(w.code) === k)).map((k) => ({
                  text: `${t(`schools.warningKinds.${k}`)} (${job.warnings.filter((w) => warningKind(w.code) === k).length})`,
                  value: k,
                })),
                onFilter: (value, w) => warningKind(w.code) === value,
              },
              { title: t('schools.column'), dataIndex: 'column', width: 160, render: (c: string | null) => c ?? '—' },
              { title: t('schools.note'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
      {job.changes.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          rowKey={(c) => `${c.row}`}
          size="small"
          dataSource={job.changes}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          caption={job.changesTotal > job.changes.length ? t('schools.changesCut', { shown: job.changes.length, total: job.changesTotal }) : undefined}
          columns={[
            { title: t('schools.row'), dataIndex: 'row', width: 80 },
            { title: t('schools.code'), dataIndex: 'code', width: 150 },
            { title: t('schools.name'), dataIndex: 'name' },
            {
              title: t('schools.change'),
              dataIndex: 'action',
              render: (a: string, c) => (a === 'create' ? t('schools.willCreate') : `${t('schools.willUpdate')}: ${c.fields.join(', ')}`),
            },
          ]}
        />
      )}
    </Card>
  );
}
