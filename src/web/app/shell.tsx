import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/language-switch';
import { actorOf } from '../features/auth/use-policy';
import { useLogout, useMe } from '../features/auth/use-session';
import { HeaderSearch } from '../features/schools/header-search';
// notify
import { NotificationBell } from '../features/notifications/notification-bell';
import { useNarrow } from '../lib/use-narrow';
import { mayOpen } from './page-access';

/** The sections of the app, in menu order; `limited`: shown only to whom the access policy lets open it (page-access.ts). */
const SECTIONS = [
  { path: '/app', key: 'nav.dashboard', exact: true },
  { path: '/app/schools', key: 'nav.schools' },
  { path: '/app/pairs', key: 'pairs.nav' },
  { path: '/app/campaigns', key: 'campaigns.nav' },
  { path: '/app/matching', key: 'matching.nav', limited: true },
  // notify
  { path: '/app/outbox', key: 'outbox.nav', limited: true },
  { path: '/app/notifications', key: 'notifications.nav' },
  // support
  { path: '/app/support', key: 'support.nav' },
  // accounts
  { path: '/app/users', key: 'users.nav', limited: true },
  // activities
  { path: '/app/activities', key: 'activities.nav' },
  // paper: a leader's ranked wishes for partners
  { path: '/app/wishes', key: 'wishes.nav', limited: true },
  // audit
  { path: '/app/audit', key: 'audit.nav', limited: true },
] as const;

/**
 * The frame of every signed-in page. On a desktop: header (search, language, account) over a
 * horizontal menu. On a phone: a one-line header whose menu button opens a drawer with every
 * section, the search, the language and the account, so nothing is hidden behind "…".
 */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const { pathname } = useLocation();
  const narrow = useNarrow();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const actor = me.data ? actorOf(me.data) : null;
  const sections = SECTIONS.filter((s) => !('limited' in s) || (actor !== null && mayOpen(actor, s.path)));
  const current = sections.find((s) => ('exact' in s ? pathname === s.path : pathname.startsWith(s.path)))?.path;
  const roleLabel = me.data ? t(`roles.${me.data.role}`) : '';
  // "Hiệu trưởng THPT Nhân Chính · Lãnh đạo nhà trường" said the role twice: the role is shown
  // only when the name does not already say it.
  const userLine = me.data ? (me.data.displayName.toLocaleLowerCase('vi').includes(roleLabel.toLocaleLowerCase('vi')) ? me.data.displayName : `${me.data.displayName} · ${roleLabel}`) : '';
  // The home page is the server's (docs/decisions/0027).
  const signOut = () => logout.mutate(undefined, { onSettled: () => window.location.assign('/') });
  const menuItems = sections.map((s) => ({ key: s.path, label: <Link to={s.path} onClick={() => setDrawerOpen(false)}>{t(s.key)}</Link> }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        <a href="/" className="app-brand">
          {t('app.name')}
        </a>
        <div className="app-header-spacer" />
        {/* notify */}
        {me.data && <NotificationBell />}
        {narrow ? (
          <Button
            className="app-menu-button"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            aria-expanded={drawerOpen}
            aria-controls="app-drawer"
            onClick={() => setDrawerOpen(true)}
          >
            {t('nav.menu')}
          </Button>
        ) : (
          <>
            {me.data && <HeaderSearch />}
            <LanguageSwitch />
            {me.data && (
              <>
                <Link to="/app/account" className="app-user" data-testid="user" title={userLine} aria-label={t('account.openOf', { name: userLine })}>
                  {userLine}
                </Link>
                <Button size="small" onClick={signOut} loading={logout.isPending}>
                  {t('nav.signOut')}
                </Button>
              </>
            )}
          </>
        )}
      </Layout.Header>
      {me.data && !narrow && (
        <nav aria-label={t('nav.main')} className="app-nav">
          <Menu mode="horizontal" selectedKeys={current ? [current] : []} items={menuItems} />
        </nav>
      )}
      {narrow && (
        <Drawer id="app-drawer" open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="right" size={320} title={t('nav.menu')}>
          <div className="app-drawer-body">
            {me.data && (
              <>
                <Link to="/app/account" className="app-drawer-user" data-testid="user" aria-label={t('account.openOf', { name: userLine })} onClick={() => setDrawerOpen(false)}>
                  {userLine}
                </Link>
                <HeaderSearch />
                <nav aria-label={t('nav.main')}>
                  <Menu mode="vertical" selectedKeys={current ? [current] : []} items={menuItems} style={{ borderInlineEnd: 'none' }} />
                </nav>
              </>
            )}
            <LanguageSwitch />
            {me.data && (
              <Button onClick={signOut} loading={logout.isPending}>
                {t('nav.signOut')}
              </Button>
            )}
          </div>
        </Drawer>
      )}
      <Layout.Content id="main" className="app-content">
        {/* Sections load on first use (React.lazy): the header and menu stay while one does. */}
        <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
