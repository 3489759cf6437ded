import type { MouStatus } from './dto.ts';
import type { PairState } from './state-machine.ts';

/** Vietnamese names of a pair's states, for files (the pages take theirs from the locale catalogs). */
export const PAIR_STATE_LABELS: Record<PairState, string> = {
  proposed: 'Đề xuất',
  accepted: 'Đã chấp thuận',
  approved: 'Đã phê duyệt',
  active: 'Đã ký, đang thực hiện',
  completed: 'Đã hoàn thành',
  terminated: 'Đã chấm dứt',
  declined: 'Bị từ chối',
};

export const MOU_STATUS_LABELS: Record<MouStatus, string> = {
  draft: 'Dự thảo',
  signed: 'Đã ký, có hiệu lực',
  superseded: 'Đã được thay thế',
};
