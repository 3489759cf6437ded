import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '#src/core/vn/format.ts';
import { StateTag } from '../../components/state-tag';

const TONE = { planned: 'neutral', done: 'success', reported: 'success', cancelled: 'danger' } as const;

/** The state, and "overdue" beside a planned activity whose last day has passed. */
export function ActivityStatusTag({ status, overdue }: { status: keyof typeof TONE; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <StateTag tone={TONE[status]}>{t(`activityStatus.${status}`)}</StateTag>
      {overdue && <StateTag tone="warning">{t('activities.overdue')}</StateTag>}
    </Space>
  );
}

/** `25/10/2023` or `25/10/2023 – 27/10/2023`. */
export const dateSpan = (startsOn: string, endsOn: string | null) => (endsOn ? `${formatDate(startsOn)} – ${formatDate(endsOn)}` : formatDate(startsOn));
