import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLocale, type Locale } from '../lib/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      aria-label={t('app.language')}
      size="small"
      value={i18n.language as Locale}
      onChange={(value) => setLocale(value as Locale)}
      options={[
        { label: 'Tiếng Việt', value: 'vi' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
