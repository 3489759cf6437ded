import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../auth/use-session';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div style={{ maxWidth: 820, margin: '0 auto', padding: '48px 24px' }}>
      <Typography.Title level={1}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>
        <strong>“{t('app.tagline')}”</strong>
      </Typography.Paragraph>
      <Typography.Paragraph style={{ fontSize: 16 }}>{t('home.intro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('home.basis')}</Typography.Paragraph>
      <Space wrap>
        {me.data ? (
          <Link to="/app">
            <Button type="primary" size="large">
              {t('home.openApp')}
            </Button>
          </Link>
        ) : (
          <Link to="/login">
            <Button type="primary" size="large">
              {t('home.signIn')}
            </Button>
          </Link>
        )}
        {/* news: the public portal (server-rendered, no sign-in) */}
        <Button size="large" href="/chuong-trinh">
          {t('home.portal')}
        </Button>
      </Space>
    </div>
  );
}
