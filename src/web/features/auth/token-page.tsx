import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { TokenInfoDto as TokenInfo, TokenUsedDto } from '#src/core/auth/dto.ts';
import { api, ApiError } from '../../lib/api';
import { NewPasswordFields, showFieldError } from './password-fields';
import { useLogin } from './use-session';

/**
 * The page a one-time link opens (`/invite/:token`, `/reset/:token`): set a password, then be
 * signed in. A used, expired or replaced link says what to do instead.
 */
export function TokenPage({ purpose }: { purpose: 'invitation' | 'password-reset' }) {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const login = useLogin();
  const info = useQuery({
    queryKey: ['account-token', token],
    queryFn: () => api<TokenInfo>('GET', `/api/auth/tokens/${encodeURIComponent(token)}`),
    retry: false,
    staleTime: Infinity,
  });
  const use = useMutation({
    mutationFn: (password: string) => api<TokenUsedDto>('POST', `/api/auth/tokens/${encodeURIComponent(token)}`, { password }),
    onSuccess: ({ username }, password) =>
      login.mutate(
        { username, password },
        {
          onSuccess: () => navigate('/app', { replace: true }),
          // Two-factor sign-in on (or anything else): the sign-in page takes over with the username filled in.
          onError: () => window.location.replace(`/login?${new URLSearchParams({ notice: 'password-set', username }).toString()}`),
        },
      ),
    onError: (e) => showFieldError(form, e, ['password']),
  });

  if (info.isPending) return <Spin />;
  if (info.isError || (info.data && info.data.purpose !== purpose)) {
    const invitation = purpose === 'invitation';
    return (
      <Result
        status="warning"
        title={t('account.token.invalidTitle')}
        subTitle={t(invitation ? 'account.token.invalidInvite' : 'account.token.invalidReset')}
        extra={[
          <Button key="in" href="/login" type={invitation ? 'primary' : 'default'}>
            {t('account.token.signIn')}
          </Button>,
          <Link key="new" to="/forgot-password">
            <Button type={invitation ? 'default' : 'primary'}>{t('account.token.askNew')}</Button>
          </Link>,
        ]}
      />
    );
  }
  const data = info.data;
  const invitation = purpose === 'invitation';
  const fieldless = use.error && !(use.error instanceof ApiError && use.error.field === 'password');
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '32px 16px' }}>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {invitation ? t('account.token.inviteTitle', { name: data.displayName }) : t('account.token.resetTitle')}
        </Typography.Title>
        <Typography.Paragraph>
          {t(invitation ? 'account.token.inviteIntro' : 'account.token.resetIntro', { username: data.username, name: data.displayName })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('account.token.validUntil', { time: formatDateTime(new Date(data.expiresAt)) })}</Typography.Paragraph>
        {fieldless && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={use.error instanceof ApiError ? use.error.message : t('errors.network')} />}
        {/* The username, for the browser's password manager. */}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v: { password: string }) => use.mutate(v.password)}>
          <input type="text" name="username" autoComplete="username" value={data.username} readOnly hidden />
          <NewPasswordFields />
          <Button type="primary" htmlType="submit" block loading={use.isPending || login.isPending}>
            {t(invitation ? 'account.token.submitInvite' : 'account.token.submitReset')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
