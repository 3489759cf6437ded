import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, List, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '#src/core/vn/format.ts';
import type { OwnSessionListDto, SessionsEndedDto } from '#src/core/auth/dto.ts';
import { api, ApiError } from '../../lib/api';
import { setLocale, type Locale } from '../../lib/i18n';
import { NewPasswordFields, showFieldError } from './password-fields';
import { TwoFactorCard } from './two-factor-card';
import { meKey, useMe, type Me } from './use-session';

/** "Chrome trên Android" from a User-Agent: enough to recognise one's own devices. */
function deviceOf(ua: string | null, t: (k: string, o?: Record<string, string>) => string): string {
  if (!ua) return t('account.sessions.unknownDevice');
  const browser = /Edg\//u.test(ua) ? 'Edge' : /Firefox\//u.test(ua) ? 'Firefox' : /Chrom(e|ium)\//u.test(ua) ? 'Chrome' : /Safari\//u.test(ua) ? 'Safari' : null;
  const os = /Android/u.test(ua) ? 'Android' : /iPhone|iPad/u.test(ua) ? 'iOS' : /Windows/u.test(ua) ? 'Windows' : /Mac OS X/u.test(ua) ? 'macOS' : /Linux/u.test(ua) ? 'Linux' : null;
  if (!browser || !os) return ua.slice(0, 60);
  return t('account.sessions.on', { browser, os });
}

/** "Tài khoản của tôi": one's password, devices signed in, language, notifications and two-factor sign-in. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  return (
    <div style={{ maxWidth: 760 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('account.title')}
      </Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Profile me={me.data} />
        <ChangePassword />
        <Sessions />
        <TwoFactorCard />
        <Language me={me.data} />
        <Card title={<h2 className="card-title">{t('account.notifications.title')}</h2>}>
          <Typography.Paragraph>{t('account.notifications.intro')}</Typography.Paragraph>
          <Link to="/app/notifications?tab=prefs">{t('account.notifications.link')}</Link>
        </Card>
      </Space>
    </div>
  );
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Descriptions column={1} size="small" title={me.displayName}>
        <Descriptions.Item label={t('account.username')}>{me.username}</Descriptions.Item>
        <Descriptions.Item label={t('account.role')}>{t(`roles.${me.role}`)}</Descriptions.Item>
        {(me.school ?? me.area) && <Descriptions.Item label={t('account.where')}>{me.school?.name ?? me.area?.name}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => api<SessionsEndedDto>('POST', '/api/auth/password', v),
    onSuccess: ({ sessionsEnded }) => {
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['own-sessions'] });
      void message.success(sessionsEnded ? t('account.changePassword.done', { count: sessionsEnded }) : t('account.changePassword.doneNone'));
    },
    onError: (e) => showFieldError(form, e, ['currentPassword', 'newPassword']),
  });
  const other = change.error && !(change.error instanceof ApiError && change.error.field);
  return (
    <Card title={<h2 className="card-title">{t('account.changePassword.title')}</h2>}>
      {other && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={change.error instanceof ApiError ? change.error.message : t('errors.network')} />}
      <Form form={form} layout="vertical" requiredMark={false} style={{ maxWidth: 420 }} onFinish={(v: { currentPassword: string; newPassword: string }) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}>
        <Form.Item label={t('account.changePassword.current')} name="currentPassword" rules={[{ required: true, message: t('account.required') }]}>
          <Input.Password autoComplete="current-password" maxLength={200} />
        </Form.Item>
        <NewPasswordFields name="newPassword" />
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['own-sessions'], queryFn: () => api<OwnSessionListDto>('GET', '/api/auth/sessions') });
  const refresh = () => client.invalidateQueries({ queryKey: ['own-sessions'] });
  const endOthers = useMutation({
    mutationFn: () => api<SessionsEndedDto>('DELETE', '/api/auth/sessions'),
    onSuccess: ({ sessionsEnded }) => {
      void message.success(t('account.sessions.endedOthers', { count: sessionsEnded }));
      void refresh();
    },
  });
  const endOne = useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/auth/sessions/${id}`),
    onSuccess: () => {
      void message.success(t('account.sessions.ended'));
      void refresh();
    },
  });
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  const failed = endOthers.error ?? endOne.error;
  return (
    <Card title={<h2 className="card-title">{t('account.sessions.title')}</h2>}>
      <Typography.Paragraph>{t('account.sessions.intro')}</Typography.Paragraph>
      {failed && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={failed instanceof ApiError ? failed.message : t('errors.network')} />}
      <List
        loading={sessions.isPending}
        dataSource={items}
        renderItem={(s) => {
          const device = deviceOf(s.userAgent, t);
          return (
            <List.Item
              data-testid="session"
              actions={
                s.current
                  ? [<Tag key="c" color="blue">{t('account.sessions.current')}</Tag>]
                  : [
                      <Button key="out" size="small" aria-label={t('account.sessions.signOutOf', { device })} loading={endOne.isPending && endOne.variables === s.id} onClick={() => endOne.mutate(s.id)}>
                        {t('account.sessions.signOut')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={device}
                description={`${t('account.sessions.since')} ${formatDateTime(new Date(s.createdAt))}${s.address ? ` · ${t('account.sessions.address')} ${s.address}` : ''}`}
              />
            </List.Item>
          );
        }}
      />
      {others > 0 ? (
        <Popconfirm title={t('account.sessions.signOutOthersConfirm')} okText={t('users.yes')} cancelText={t('common.cancel')} onConfirm={() => endOthers.mutate()}>
          <Button danger loading={endOthers.isPending} style={{ marginTop: 12 }}>
            {t('account.sessions.signOutOthers')}
          </Button>
        </Popconfirm>
      ) : (
        !sessions.isPending && <Typography.Text type="secondary">{t('account.sessions.none')}</Typography.Text>
      )}
    </Card>
  );
}

function Language({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: Locale) => api<Me>('PATCH', '/api/auth/me', { locale }),
    onSuccess: (updated) => {
      client.setQueryData(meKey, updated);
      setLocale(updated.locale);
      void message.success(i18n.getFixedT(updated.locale)('account.language.saved'));
    },
  });
  return (
    <Card title={<h2 className="card-title">{t('account.language.title')}</h2>}>
      <Typography.Paragraph>{t('account.language.intro')}</Typography.Paragraph>
      <Segmented
        aria-label={t('account.language.title')}
        value={me.locale}
        disabled={save.isPending}
        onChange={(v) => save.mutate(v as Locale)}
        options={[
          { label: 'Tiếng Việt', value: 'vi' },
          { label: 'English', value: 'en' },
        ]}
      />
    </Card>
  );
}
