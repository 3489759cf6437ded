import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';

/** "Quên mật khẩu": ask for a reset link by e-mail or username; the answer never says whether an account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const ask = useMutation({ mutationFn: (login: string) => api<{ ok: true }>('POST', '/api/auth/password-reset', { login }) });
  if (ask.isSuccess)
    return (
      <Result
        status="success"
        title={t('account.forgot.sentTitle')}
        subTitle={
          <>
            <Typography.Paragraph>{t('account.forgot.sent', { login: ask.variables })}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('account.forgot.noMail')}</Typography.Paragraph>
          </>
        }
        extra={<a href="/login">{t('account.forgot.back')}</a>}
      />
    );
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>
      <Card style={{ width: 440, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('account.forgot.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('account.forgot.intro')}</Typography.Paragraph>
        {ask.isError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={ask.error instanceof ApiError ? ask.error.message : t('errors.network')} />}
        <Form layout="vertical" requiredMark={false} onFinish={(v: { login: string }) => ask.mutate(v.login.trim())}>
          <Form.Item label={t('account.forgot.login')} name="login" rules={[{ required: true, whitespace: true, message: t('account.required') }]}>
            <Input autoComplete="username" autoFocus maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={ask.isPending}>
            {t('account.forgot.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <a href="/login">{t('account.forgot.back')}</a>
        </div>
      </Card>
    </div>
  );
}
