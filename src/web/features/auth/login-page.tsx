import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { useLogin, useMe } from './use-session';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const state = useLocation().state as { from?: string; notice?: string; username?: string } | null;
  // Two-factor sign-in: once the password is right the server asks for a code (TOTP_REQUIRED).
  const [pending, setPending] = useState<Credentials | null>(null);
  // Only a path of this app, never another site.
  const next = state?.from && state.from.startsWith('/app') ? state.from : '/app';
  if (me.data) return <Navigate to={next} replace />;

  const needsCode = login.error instanceof ApiError && login.error.code === 'TOTP_REQUIRED';
  const error = login.error instanceof ApiError ? (needsCode ? null : login.error.message) : login.error ? t('errors.network') : null;
  const submit = (values: Credentials & { code?: string }) =>
    login.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') setPending({ username: values.username, password: values.password });
      },
    });

  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>
      <Card style={{ width: 400, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        {state?.notice && !pending && <Alert type="success" showIcon message={state.notice} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
        {pending ? (
          <Form layout="vertical" requiredMark={false} onFinish={(values: { code: string }) => submit({ ...pending, code: values.code.trim() })}>
            <Form.Item
              label={t('account.loginCode.label')}
              name="code"
              extra={t('account.loginCode.hint')}
              rules={[{ required: true, whitespace: true, message: t('account.required') }]}
            >
              <Input autoComplete="one-time-code" autoFocus maxLength={40} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('login.submit')}
            </Button>
            <Button
              type="link"
              block
              style={{ marginTop: 8 }}
              onClick={() => {
                setPending(null);
                login.reset();
              }}
            >
              {t('account.loginCode.back')}
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" requiredMark={false} initialValues={{ username: state?.username ?? '' }} onFinish={submit}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('login.submit')}
            </Button>
            <div style={{ marginTop: 12, textAlign: 'center' }}>
              <Link to="/forgot-password">{t('account.forgot.link')}</Link>
            </div>
          </Form>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
