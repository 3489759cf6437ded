import { Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PairAdjustments } from './use-pair-adjustments';

/** Locked and forbidden pairs shown as tags; the rest are counted. */
const SHOWN_TAGS = 30;

/** The pairs locked and removed so far, each with a cross to undo it. */
export function AdjustmentTags({ adjustments }: { adjustments: PairAdjustments }) {
  const { t } = useTranslation();
  const { locked, setLocked, forbidden, setForbidden } = adjustments;
  if (locked.length === 0 && forbidden.length === 0) return null;
  return (
    <div style={{ marginBottom: 16 }} data-testid="adjustments">
      {locked.length > 0 && (
        <Typography.Paragraph>
          <Typography.Text strong>
            {t('matching.lockedPairs')} ({locked.length}):{' '}
          </Typography.Text>
          {locked.slice(0, SHOWN_TAGS).map((x) => (
            <Tag key={`${x.a}|${x.b}`} color="blue" closable closeIcon={<span aria-label={t('matching.unlock', { pair: x.label })}>×</span>} onClose={() => setLocked((ls) => ls.filter((y) => y !== x))}>
              {x.label}
            </Tag>
          ))}
          {locked.length > SHOWN_TAGS && t('matching.andMorePairs', { count: locked.length - SHOWN_TAGS })}{' '}
          <Button size="small" type="link" onClick={() => setLocked([])}>
            {t('matching.unlockAll')}
          </Button>
        </Typography.Paragraph>
      )}
      {forbidden.length > 0 && (
        <Typography.Paragraph>
          <Typography.Text strong>
            {t('matching.forbiddenPairs')} ({forbidden.length}):{' '}
          </Typography.Text>
          {forbidden.slice(0, SHOWN_TAGS).map((x) => (
            <Tag key={`${x.a}|${x.b}`} color="red" closable closeIcon={<span aria-label={t('matching.allow', { pair: x.label })}>×</span>} onClose={() => setForbidden((fs) => fs.filter((y) => y !== x))}>
              {x.label}
            </Tag>
          ))}
          {forbidden.length > SHOWN_TAGS && t('matching.andMorePairs', { count: forbidden.length - SHOWN_TAGS })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
