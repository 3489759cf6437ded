import { Button, Layout, Menu, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/language-switch';
import { useLogout, useMe } from '../features/auth/use-session';
import { HeaderSearch } from '../features/schools/header-search';

/** The sections of the app, in menu order; `roles` limits who sees the link. */
const SECTIONS = [
  { path: '/app', key: 'nav.dashboard', exact: true },
  { path: '/app/schools', key: 'nav.schools' },
  { path: '/app/pairs', key: 'pairs.nav' },
  { path: '/app/campaigns', key: 'campaigns.nav' },
  { path: '/app/matching', key: 'matching.nav', roles: ['department-admin', 'area-officer'] },
] as const;

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const sections = SECTIONS.filter((s) => !('roles' in s) || (me.data && (s.roles as readonly string[]).includes(me.data.role)));
  const current = sections.find((s) => ('exact' in s ? pathname === s.path : pathname.startsWith(s.path)))?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="app-brand">
          {t('app.name')}
        </Link>
        <div className="app-header-spacer" />
        {me.data && <HeaderSearch />}
        <LanguageSwitch />
        {me.data && (
          <>
            <span className="app-user" data-testid="user">
              {me.data.displayName} · {t(`roles.${me.data.role}`)}
            </span>
            <Button size="small" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })} loading={logout.isPending}>
              {t('nav.signOut')}
            </Button>
          </>
        )}
      </Layout.Header>
      {me.data && (
        <nav aria-label={t('nav.main')} className="app-nav">
          <Menu
            mode="horizontal"
            selectedKeys={current ? [current] : []}
            items={sections.map((s) => ({ key: s.path, label: <Link to={s.path}>{t(s.key)}</Link> }))}
          />
        </nav>
      )}
      <Layout.Content id="main" style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
