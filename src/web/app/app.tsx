import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../lib/api';
import { actorOf } from '../features/auth/use-policy';
import { useMe } from '../features/auth/use-session';
import { mayOpen, type LimitedPage } from './page-access';
import { Shell } from './shell';

/**
 * Each section's code is loaded when it is first opened (React.lazy): the first page a
 * visitor opens downloads the shell and that page, not the whole app.
 */
const page = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const DashboardPage = page(() => import('../features/dashboard/dashboard-page'), 'DashboardPage');
const CampaignsPage = page(() => import('../features/campaigns/campaigns-page'), 'CampaignsPage');
const MatchingPage = page(() => import('../features/matching/matching-page'), 'MatchingPage');
const WishesPage = page(() => import('../features/wishes/wishes-page'), 'WishesPage');
const PairPage = page(() => import('../features/pairs/pair-page'), 'PairPage');
const PairsPage = page(() => import('../features/pairs/pairs-page'), 'PairsPage');
const ImportPage = page(() => import('../features/schools/import-page'), 'ImportPage');
const SchoolPage = page(() => import('../features/schools/school-page'), 'SchoolPage');
const SchoolsPage = page(() => import('../features/schools/schools-page'), 'SchoolsPage');
const OutboxPage = page(() => import('../features/mail/outbox-page'), 'OutboxPage');
const NotificationsPage = page(() => import('../features/notifications/notifications-page'), 'NotificationsPage');
const UsersPage = page(() => import('../features/users/users-page'), 'UsersPage');
const ActivitiesPage = page(() => import('../features/activities/activities-page'), 'ActivitiesPage');
const ActivityPage = page(() => import('../features/activities/activity-page'), 'ActivityPage');
const SupportPage = page(() => import('../features/support/support-page'), 'SupportPage');
// news
const NewsEditorPage = page(() => import('../features/news/news-editor-page'), 'NewsEditorPage');
// accounts: one's own account (the pages the invitation and reset mails link to are the server's)
const AccountPage = page(() => import('../features/auth/account-page'), 'AccountPage');
// sponsorships
const MySponsorshipsPage = page(() => import('../features/support/my-sponsorships-page'), 'MySponsorshipsPage');
// audit
const AuditPage = page(() => import('../features/audit/audit-page'), 'AuditPage');

// A refusal or a bad request will not change on a retry: only network and server errors are retried.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

/** Pages for signed-in users; `page` limits one to whom the access policy lets open it (page-access.ts; the server checks again). */
function RequireSignIn({ children, page }: { children: React.ReactNode; page?: LimitedPage }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  const signedOut = !me.isPending && !me.data;
  // Back to the page asked for once signed in: the sign-in page is the server's (docs/decisions/0027).
  useEffect(() => {
    if (signedOut) window.location.replace(`/login?${new URLSearchParams({ next: location.pathname + location.search }).toString()}`);
  }, [signedOut, location.pathname, location.search]);
  if (me.isPending || !me.data) return <Spin />;
  if (page && !mayOpen(actorOf(me.data), page)) return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <>{children}</>;
}

/**
 * Pages the server renders without this app (docs/decisions/0027: the home, sign-in, verification,
 * the public ledger, "forgot password" and the pages the mails link to): a link inside the app
 * that leads to one loads it from the server.
 */
function ServerPage() {
  useEffect(() => {
    window.location.replace(window.location.href);
  }, []);
  return <Spin style={{ display: 'block', margin: '48px auto' }} />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.notFound')} />;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={{ token: { colorPrimary: '#0b4f8a', fontSize: 15, colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)', colorLink: '#0b4f8a', colorError: '#c41d1d' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
            <Routes>
              <Route element={<Shell />}>
                {/* public pages: rendered by the server (docs/decisions/0027) */}
                <Route index element={<ServerPage />} />
                <Route path="login" element={<ServerPage />} />
                <Route
                  path="app"
                  element={
                    <RequireSignIn>
                      <DashboardPage />
                    </RequireSignIn>
                  }
                />
                <Route path="app/schools" element={<RequireSignIn><SchoolsPage /></RequireSignIn>} />
                <Route path="app/schools/import" element={<RequireSignIn page="/app/schools/import"><ImportPage /></RequireSignIn>} />
                <Route path="app/schools/:id" element={<RequireSignIn><SchoolPage /></RequireSignIn>} />
                <Route path="app/pairs" element={<RequireSignIn><PairsPage /></RequireSignIn>} />
                <Route path="app/pairs/:id" element={<RequireSignIn><PairPage /></RequireSignIn>} />
                <Route path="app/campaigns" element={<RequireSignIn><CampaignsPage /></RequireSignIn>} />
                <Route path="app/matching" element={<RequireSignIn page="/app/matching"><MatchingPage /></RequireSignIn>} />
                {/* accounts */}
                <Route path="app/users" element={<RequireSignIn page="/app/users"><UsersPage /></RequireSignIn>} />
                {/* activities */}
                <Route path="app/activities" element={<RequireSignIn><ActivitiesPage /></RequireSignIn>} />
                <Route path="app/activities/:id" element={<RequireSignIn><ActivityPage /></RequireSignIn>} />
                {/* paper */}
                <Route path="app/wishes" element={<RequireSignIn page="/app/wishes"><WishesPage /></RequireSignIn>} />
                <Route path="verify" element={<ServerPage />} />
                <Route path="verify/:code" element={<ServerPage />} />
                {/* notify */}
                <Route path="app/outbox" element={<RequireSignIn page="/app/outbox"><OutboxPage /></RequireSignIn>} />
                <Route path="unsubscribe/:token" element={<ServerPage />} />
                <Route path="app/notifications" element={<RequireSignIn><NotificationsPage /></RequireSignIn>} />
                {/* support */}
                <Route path="app/support" element={<RequireSignIn><SupportPage /></RequireSignIn>} />
                <Route path="cong-khai" element={<ServerPage />} />
                {/* news */}
                <Route path="app/news/:id" element={<RequireSignIn><NewsEditorPage /></RequireSignIn>} />
                {/* accounts: one's own account; "forgot password" and the pages the mails link to are the server's */}
                <Route path="app/account" element={<RequireSignIn><AccountPage /></RequireSignIn>} />
                <Route path="forgot-password" element={<ServerPage />} />
                <Route path="invite/:token" element={<ServerPage />} />
                <Route path="reset/:token" element={<ServerPage />} />
                {/* sponsorships */}
                <Route path="app/support/mine" element={<RequireSignIn><MySponsorshipsPage /></RequireSignIn>} />
                {/* audit */}
                <Route path="app/audit" element={<RequireSignIn page="/app/audit"><AuditPage /></RequireSignIn>} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
