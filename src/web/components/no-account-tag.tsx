import { useTranslation } from 'react-i18next';
import { StateTag } from './state-tag';

/** "chưa có tài khoản": the school has no leader account yet, so it answers on paper (paper steps). */
export function NoAccountTag() {
  const { t } = useTranslation();
  return (
    <StateTag tone="warning" title={t('paper.noAccountHint')}>
      {t('paper.noAccount')}
    </StateTag>
  );
}
