import type { PairState } from '#src/core/pairs/state-machine.ts';
import { StateTag } from '../../components/state-tag';
import { useTranslation } from 'react-i18next';

const TONE: Record<PairState, 'success' | 'neutral' | 'warning' | 'danger'> = {
  proposed: 'warning',
  accepted: 'warning',
  approved: 'neutral',
  active: 'success',
  completed: 'neutral',
  terminated: 'danger',
  declined: 'danger',
};

export function PairStateTag({ state }: { state: PairState }) {
  const { t } = useTranslation();
  return <StateTag tone={TONE[state]}>{t(`pairState.${state}`)}</StateTag>;
}

export function MouStatusTag({ status }: { status: 'draft' | 'signed' | 'superseded' | null }) {
  const { t } = useTranslation();
  if (!status) return <span>—</span>;
  return <StateTag tone={status === 'signed' ? 'success' : status === 'draft' ? 'warning' : 'neutral'}>{t(`mou.status.${status}`)}</StateTag>;
}
