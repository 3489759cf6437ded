import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../lib/api';
import { LoginPage } from '../features/auth/login-page';
import { useMe } from '../features/auth/use-session';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { HomePage } from '../features/home/home-page';
import { CampaignsPage } from '../features/campaigns/campaigns-page';
import { MatchingPage } from '../features/matching/matching-page';
import { WishesPage } from '../features/wishes/wishes-page';
import { PairPage } from '../features/pairs/pair-page';
import { PairsPage } from '../features/pairs/pairs-page';
import { VerifyPage } from '../features/verify/verify-page';
import { ImportPage } from '../features/schools/import-page';
import { SchoolPage } from '../features/schools/school-page';
import { SchoolsPage } from '../features/schools/schools-page';
// notify
import { OutboxPage } from '../features/mail/outbox-page';
import { UnsubscribePage } from '../features/mail/unsubscribe-page';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { UsersPage } from '../features/users/users-page';
// activities
import { ActivitiesPage } from '../features/activities/activities-page';
import { ActivityPage } from '../features/activities/activity-page';
import { Shell } from './shell';
// support
import { LedgerPage } from '../features/support/ledger-page';
import { SupportPage } from '../features/support/support-page';

// A refusal or a bad request will not change on a retry: only network and server errors are retried.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

type Role = NonNullable<ReturnType<typeof useMe>['data']>['role'];

/** Pages for signed-in users; `roles` limits a page to some roles (the server checks again). */
function RequireSignIn({ children, roles }: { children: React.ReactNode; roles?: readonly Role[] }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (me.isPending) return <Spin />;
  // Back to the page asked for once signed in.
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(me.data.role)) return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <>{children}</>;
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
            <Routes>
              <Route element={<Shell />}>
                <Route index element={<HomePage />} />
                <Route path="login" element={<LoginPage />} />
                <Route
                  path="app"
                  element={
                    <RequireSignIn>
                      <DashboardPage />
                    </RequireSignIn>
                  }
                />
                <Route path="app/schools" element={<RequireSignIn><SchoolsPage /></RequireSignIn>} />
                <Route path="app/schools/import" element={<RequireSignIn roles={['department-admin']}><ImportPage /></RequireSignIn>} />
                <Route path="app/schools/:id" element={<RequireSignIn><SchoolPage /></RequireSignIn>} />
                <Route path="app/pairs" element={<RequireSignIn><PairsPage /></RequireSignIn>} />
                <Route path="app/pairs/:id" element={<RequireSignIn><PairPage /></RequireSignIn>} />
                <Route path="app/campaigns" element={<RequireSignIn><CampaignsPage /></RequireSignIn>} />
                <Route path="app/matching" element={<RequireSignIn roles={['department-admin', 'area-officer']}><MatchingPage /></RequireSignIn>} />
                {/* accounts */}
                <Route path="app/users" element={<RequireSignIn roles={['department-admin', 'area-officer', 'school-leader']}><UsersPage /></RequireSignIn>} />
                {/* activities */}
                <Route path="app/activities" element={<RequireSignIn><ActivitiesPage /></RequireSignIn>} />
                <Route path="app/activities/:id" element={<RequireSignIn><ActivityPage /></RequireSignIn>} />
                {/* paper */}
                <Route path="app/wishes" element={<RequireSignIn roles={['school-leader']}><WishesPage /></RequireSignIn>} />
                <Route path="verify" element={<VerifyPage />} />
                <Route path="verify/:code" element={<VerifyPage />} />
                {/* notify */}
                <Route path="app/outbox" element={<RequireSignIn roles={['department-admin']}><OutboxPage /></RequireSignIn>} />
                <Route path="unsubscribe/:token" element={<UnsubscribePage />} />
                <Route path="app/notifications" element={<RequireSignIn><NotificationsPage /></RequireSignIn>} />
                {/* support */}
                <Route path="app/support" element={<RequireSignIn><SupportPage /></RequireSignIn>} />
                <Route path="cong-khai" element={<LedgerPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
