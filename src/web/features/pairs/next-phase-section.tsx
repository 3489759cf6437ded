/**
 * A pair between its phase and the next (issue 10): when the department has opened the next
 * phase of its campaign, the pair's leaders (or the department) choose once to continue — a
 * new pair of the next phase whose MoU draft is pre-filled from the one in force, signed again
 * by both — or to end; afterwards the card links the pair of the new phase. A pair that
 * continues an older one links back to it. The one access policy decides who is offered the
 * choice (the server asks it again).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NextPhaseChosenDto, NextPhaseDto } from '#src/core/pairs/dto.ts';
import { formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { ApiError, api } from '../../lib/api';
import { usePolicy } from '../auth/use-policy';
import { usePairMutation, type PairDetail } from './pairs-api';

export function useNextPhase(pairId: string) {
  return useQuery({ queryKey: ['pair', pairId, 'next-phase'], queryFn: () => api<NextPhaseDto>('GET', `/api/pairs/${pairId}/next-phase`) });
}

export function NextPhaseSection({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const policy = usePolicy();
  const state = useNextPhase(pair.id);
  const choose = usePairMutation(pair.id, (choice: 'continue' | 'end') =>
    api<NextPhaseChosenDto>('POST', `/api/pairs/${pair.id}/next-phase`, { choice }),
  );
  const np = state.data;
  if (!np) return null;
  // The same rule as the server's: a leader of a member school (or the department), for a pair that ran its phase.
  const mayChoose =
    Boolean(np.next) &&
    !np.choice &&
    policy.can('pair.chooseNextPhase', {
      pair: { state: pair.state, proposedBySchoolId: null, members: pair.members.map((m) => ({ schoolId: m.schoolId, unitChain: [], answered: true })) },
    });
  if (!np.next && !np.continuesPairId) return null;

  const ask = (choice: 'continue' | 'end') => {
    void modal.confirm({
      title: t(`pairPhases.${choice}`),
      content: t(`pairPhases.confirm.${choice}`, { phase: np.next?.phase ?? '', number: np.next?.number ?? '', oldPhase: np.campaign.phase, endsOn: formatDate(np.campaign.endsOn) }),
      okText: t(`pairPhases.${choice}`),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: choice === 'end', 'data-testid': `confirm-next-phase-${choice}` } as Record<`data-${string}`, string> & { danger: boolean },
      onOk: async () => {
        try {
          await choose.mutateAsync(choice);
          void message.success(t(`pairPhases.done.${choice}`));
        } catch (e) {
          void message.error(e instanceof ApiError ? e.message : t('errors.network'));
        }
      },
    });
  };

  return (
    <Space direction="vertical" size={8} style={{ width: '100%', marginTop: 8 }} data-testid="next-phase">
      {np.continuesPairId && (
        <Alert
          type="info"
          showIcon
          message={
            <span>
              {t('pairPhases.continues')} <Link to={`/app/pairs/${np.continuesPairId}`}>{t('pairPhases.previousPair')}</Link>
            </span>
          }
        />
      )}
      {np.next && (
        <Alert
          type={np.choice ? 'success' : 'warning'}
          showIcon
          message={t('pairPhases.opened', { number: np.next.number, phase: np.next.phase, oldPhase: np.campaign.phase, endsOn: formatDate(np.campaign.endsOn) })}
          description={
            np.choice ? (
              <Space direction="vertical" size={4}>
                <span>{t(`pairPhases.chosen.${np.choice}`, { at: np.chosenAt ? formatDateTime(new Date(np.chosenAt)) : '', phase: np.next.phase })}</span>
                {np.continuedByPairId && (
                  <Link to={`/app/pairs/${np.continuedByPairId}`} data-testid="next-phase-pair">
                    {t('pairPhases.openNewPair', { phase: np.next.phase })}
                  </Link>
                )}
              </Space>
            ) : mayChoose ? (
              <Space direction="vertical" size={8}>
                <Typography.Text>{t('pairPhases.question', { phase: np.next.phase })}</Typography.Text>
                <Space wrap>
                  <Button type="primary" loading={choose.isPending && choose.variables === 'continue'} onClick={() => ask('continue')}>
                    {t('pairPhases.continue')}
                  </Button>
                  <Button danger loading={choose.isPending && choose.variables === 'end'} onClick={() => ask('end')}>
                    {t('pairPhases.end')}
                  </Button>
                </Space>
              </Space>
            ) : (
              t('pairPhases.waiting')
            )
          }
        />
      )}
    </Space>
  );
}
