import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { importUsersFile, type UserImportResult } from './users-api';

/** Nhập tài khoản từ Excel: the template, one file checked as a whole, created all or nothing. */
export function UserImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UserImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await importUsersFile(file);
      setResult(r);
      if (r.ok) void client.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.import.title')}
      onCancel={onClose}
      width={760}
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('users.onboard.close')}</Button>
          <Button type="primary" disabled={!file || result?.ok === true} loading={busy} onClick={go}>
            {t('users.import.submit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('users.import.help')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Button icon={<DownloadOutlined />} href="/api/users/import-template.xlsx">
          {t('users.import.template')}
        </Button>
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setResult(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setResult(null);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('users.import.drop')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      {result?.ok === true && <Alert type="success" showIcon role="status" style={{ marginTop: 12 }} message={t('users.import.done', { count: result.created.length })} />}
      {result?.ok === false && (
        <>
          <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} message={result.message} />
          <Table
            size="small"
            style={{ marginTop: 8 }}
            rowKey={(i) => `${i.row}-${i.field ?? ''}-${i.code}`}
            dataSource={result.issues}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            scroll={{ x: 560 }}
            columns={[
              { title: t('users.import.row'), dataIndex: 'row', width: 70 },
              { title: t('users.import.column'), dataIndex: 'column', width: 140, render: (c: string | null) => c ?? '—' },
              { title: t('users.import.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
