import { App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/**
 * Pairing, proposing or approving under a campaign whose phase has ended is refused by the
 * server (409 CAMPAIGN_ENDED, its message naming the plan and the end date). This asks the
 * user in a modal that shows that message, and sends the request again with the explicit
 * confirmation only when they confirm. Resolves to undefined when they decline.
 */
export function useEndedCampaignConfirm() {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  return async function withConfirmation<T>(send: (confirmCampaignEnded: boolean) => Promise<T>): Promise<T | undefined> {
    try {
      return await send(false);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'CAMPAIGN_ENDED') throw e;
      const confirmed = await modal.confirm({
        title: t('phases.endedTitle'),
        content: e.message,
        okText: t('phases.endedConfirm'),
        cancelText: t('common.cancel'),
        okButtonProps: { danger: true, 'data-testid': 'confirm-campaign-ended' } as Record<`data-${string}`, string> & { danger: boolean },
      });
      if (!confirmed) return undefined;
      return send(true);
    }
  };
}
