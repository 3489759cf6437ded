import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { RecoveryCodesDto, TwoFactorSetupDto as Setup, TwoFactorStatusDto as Status } from '#src/core/auth/dto.ts';
import { api, ApiError } from '../../lib/api';
import { showFieldError } from './password-fields';

const STATUS_KEY = ['two-factor'] as const;

/** Two-factor sign-in on "Tài khoản của tôi": turn on (scan, confirm, keep the recovery codes), or off with password and code. */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => api<Status>('GET', '/api/auth/two-factor') });
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirmForm] = Form.useForm();
  const [disableForm] = Form.useForm();
  const refresh = () => client.invalidateQueries({ queryKey: STATUS_KEY });

  const start = useMutation({ mutationFn: () => api<Setup>('POST', '/api/auth/two-factor/setup'), onSuccess: setSetup });
  const confirm = useMutation({
    mutationFn: (code: string) => api<RecoveryCodesDto>('POST', '/api/auth/two-factor/confirm', { code }),
    onSuccess: ({ recoveryCodes }) => {
      setSetup(null);
      setCodes(recoveryCodes);
      void refresh();
    },
    onError: (e) => showFieldError(confirmForm, e, ['code']),
  });
  const disable = useMutation({
    mutationFn: (v: { password: string; code: string }) => api<void>('POST', '/api/auth/two-factor/disable', v),
    onSuccess: () => {
      disableForm.resetFields();
      void message.success(t('account.twoFactor.disabled'));
      void refresh();
    },
    onError: (e) => showFieldError(disableForm, e, ['password', 'code']),
  });
  const failure = [start.error, confirm.error, disable.error].find((e) => e && !(e instanceof ApiError && e.field));

  return (
    <Card title={<h2 className="card-title">{t('account.twoFactor.title')}</h2>} data-testid="two-factor">
      <Typography.Paragraph>{t('account.twoFactor.intro')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={failure instanceof ApiError ? failure.message : t('errors.network')} />}
      {codes ? (
        <Alert
          type="warning"
          showIcon
          message={t('account.twoFactor.recoveryTitle')}
          description={
            <>
              <Typography.Paragraph>{t('account.twoFactor.recoveryIntro')}</Typography.Paragraph>
              <ol className="recovery-codes" data-testid="recovery-codes">
                {codes.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ol>
              <Space wrap>
                <Button
                  onClick={() =>
                    void navigator.clipboard?.writeText(codes.join('\n')).then(() => message.success(t('account.twoFactor.copied')))
                  }
                >
                  {t('account.twoFactor.copy')}
                </Button>
                <Button type="primary" onClick={() => setCodes(null)}>
                  {t('account.twoFactor.saved')}
                </Button>
              </Space>
            </>
          }
        />
      ) : status.data?.enabled ? (
        <>
          <Typography.Paragraph strong>
            {t('account.twoFactor.on', { date: formatDateTime(new Date(status.data.enabledAt!)), count: status.data.recoveryCodesLeft })}
          </Typography.Paragraph>
          <Typography.Paragraph>{t('account.twoFactor.disableIntro')}</Typography.Paragraph>
          <Form form={disableForm} layout="vertical" requiredMark={false} style={{ maxWidth: 420 }} onFinish={(v: { password: string; code: string }) => disable.mutate({ password: v.password, code: v.code.trim() })}>
            <Form.Item label={t('account.twoFactor.password')} name="password" rules={[{ required: true, message: t('account.required') }]}>
              <Input.Password autoComplete="current-password" maxLength={200} />
            </Form.Item>
            <Form.Item label={t('account.twoFactor.codeOrRecovery')} name="code" rules={[{ required: true, whitespace: true, message: t('account.required') }]}>
              <Input autoComplete="one-time-code" maxLength={40} />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>
              {t('account.twoFactor.disable')}
            </Button>
          </Form>
        </>
      ) : setup ? (
        <>
          <Typography.Paragraph>{t('account.twoFactor.scan')}</Typography.Paragraph>
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`} alt={t('account.twoFactor.qrAlt')} width={200} height={200} style={{ display: 'block', marginBottom: 12 }} />
          <Typography.Paragraph>
            {t('account.twoFactor.manual')}{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {setup.secret}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph>{t('account.twoFactor.enterCode')}</Typography.Paragraph>
          <Form form={confirmForm} layout="vertical" requiredMark={false} style={{ maxWidth: 260 }} onFinish={(v: { code: string }) => confirm.mutate(v.code.trim())}>
            <Form.Item label={t('account.twoFactor.code')} name="code" rules={[{ required: true, whitespace: true, message: t('account.required') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={10} />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                {t('account.twoFactor.confirm')}
              </Button>
              <Button onClick={() => setSetup(null)}>{t('account.twoFactor.cancel')}</Button>
            </Space>
          </Form>
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('account.twoFactor.off')}</Typography.Paragraph>
          <Button type="primary" loading={start.isPending} onClick={() => start.mutate()}>
            {t('account.twoFactor.start')}
          </Button>
        </>
      )}
    </Card>
  );
}
