import { Button, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/language-switch';
import { useLogout, useMe } from '../features/auth/use-session';

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#0b4f8a', paddingInline: 24, flexWrap: 'wrap' }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 700, fontSize: 18 }}>
          {t('app.name')}
        </Link>
        {me.data && (
          <Link to="/app" style={{ color: '#fff' }}>
            {t('nav.dashboard')}
          </Link>
        )}
        <div style={{ flex: 1 }} />
        <Space size="middle" wrap>
          <LanguageSwitch />
          {me.data && (
            <>
              <span style={{ color: '#fff' }} data-testid="user">
                {me.data.displayName} · {t(`roles.${me.data.role}`)}
              </span>
              <Button
                size="small"
                onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })}
                loading={logout.isPending}
              >
                {t('nav.signOut')}
              </Button>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content id="main" style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
