/**
 * The life of a pair (cặp kết nghĩa), in one place. Services ask `transition` for the
 * next state and never write a state on their own; the table below is the whole rule.
 *
 *   proposed ──accept──▶ accepted ──approve──▶ approved ──sign──▶ active ──complete──▶ completed
 *      │                    │                      │                 │
 *      └──decline──▶ declined ◀──reject──┘        └──terminate──▶ terminated ◀──terminate──┘
 *      └─withdraw─▶ declined ◀─withdraw─┘
 *
 * `accept` is the last member school accepting (earlier acceptances leave the pair
 * proposed); `sign` is the MoU signed by every member; `terminate` of an active pair
 * happens only when the other party accepts a written cancellation notice (Điều 5).
 * `withdraw` is the proposer taking back a proposal not yet approved; it ends, like a
 * refusal, in `declined` (with the reason as the pair's end reason).
 */
import { DomainError } from '#src/core/errors.ts';

export const PAIR_STATES = ['proposed', 'accepted', 'approved', 'active', 'completed', 'terminated', 'declined'] as const;
export type PairState = (typeof PAIR_STATES)[number];

export const PAIR_EVENTS = ['accept', 'decline', 'approve', 'reject', 'sign', 'complete', 'terminate', 'withdraw'] as const;
export type PairEvent = (typeof PAIR_EVENTS)[number];

const TRANSITIONS: Readonly<Record<PairState, Partial<Record<PairEvent, PairState>>>> = {
  proposed: { accept: 'accepted', decline: 'declined', withdraw: 'declined' },
  accepted: { approve: 'approved', reject: 'declined', withdraw: 'declined' },
  approved: { sign: 'active', terminate: 'terminated' },
  active: { complete: 'completed', terminate: 'terminated' },
  completed: {},
  terminated: {},
  declined: {},
};

/** States a pair never leaves. */
export const FINAL_STATES: readonly PairState[] = ['completed', 'terminated', 'declined'];

/** States that count as a live twinning (a school cannot be paired twice with the same partners). */
export const LIVE_STATES: readonly PairState[] = ['proposed', 'accepted', 'approved', 'active'];

/**
 * States in which the schools are twinned: approved by the department or under way. A proposed
 * or accepted pair is only a proposal (one school can propose it alone); a completed,
 * terminated or declined one has ended.
 */
export const PAIRED_STATES: readonly PairState[] = ['approved', 'active'];

export class PairTransitionError extends DomainError {
  constructor(from: PairState, event: PairEvent) {
    super('PAIR_TRANSITION_REFUSED', 409, { from, event });
  }
}

/** The state after `event`, or null when the event is not allowed in `from`. */
export function nextState(from: PairState, event: PairEvent): PairState | null {
  return TRANSITIONS[from][event] ?? null;
}

/** The state after `event`; throws PairTransitionError when it is not allowed. */
export function transition(from: PairState, event: PairEvent): PairState {
  const to = nextState(from, event);
  if (!to) throw new PairTransitionError(from, event);
  return to;
}

/** The events allowed in a state, in the table's order. */
export function eventsFrom(state: PairState): PairEvent[] {
  return PAIR_EVENTS.filter((e) => TRANSITIONS[state][e] !== undefined);
}

export function isPairState(value: string): value is PairState {
  return (PAIR_STATES as readonly string[]).includes(value);
}
