import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { useMe } from '../features/auth/use-session';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { HomePage } from '../features/home/home-page';
import { CampaignsPage } from '../features/campaigns/campaigns-page';
import { MatchingPage } from '../features/matching/matching-page';
import { PairPage } from '../features/pairs/pair-page';
import { PairsPage } from '../features/pairs/pairs-page';
import { VerifyPage } from '../features/verify/verify-page';
import { ImportPage } from '../features/schools/import-page';
import { SchoolPage } from '../features/schools/school-page';
import { SchoolsPage } from '../features/schools/schools-page';
import { Shell } from './shell';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

function RequireSignIn({ children }: { children: React.ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Spin />;
  if (!me.data) return <Navigate to="/login" replace />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.notFound')} />;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={{ token: { colorPrimary: '#0b4f8a', fontSize: 15, colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)', colorLink: '#0b4f8a' } }}>
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
                <Route path="app/schools/import" element={<RequireSignIn><ImportPage /></RequireSignIn>} />
                <Route path="app/schools/:id" element={<RequireSignIn><SchoolPage /></RequireSignIn>} />
                <Route path="app/pairs" element={<RequireSignIn><PairsPage /></RequireSignIn>} />
                <Route path="app/pairs/:id" element={<RequireSignIn><PairPage /></RequireSignIn>} />
                <Route path="app/campaigns" element={<RequireSignIn><CampaignsPage /></RequireSignIn>} />
                <Route path="app/matching" element={<RequireSignIn><MatchingPage /></RequireSignIn>} />
                <Route path="verify" element={<VerifyPage />} />
                <Route path="verify/:code" element={<VerifyPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
