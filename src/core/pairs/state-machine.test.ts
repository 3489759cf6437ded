import { describe, expect, it } from 'vitest';
import {
  eventsFrom,
  nextState,
  PAIR_EVENTS,
  PAIR_STATES,
  PairTransitionError,
  transition,
  type PairEvent,
  type PairState,
} from './state-machine.ts';

/** Every allowed transition, written out by hand; everything else must be refused. */
const ALLOWED: [PairState, PairEvent, PairState][] = [
  ['proposed', 'accept', 'accepted'],
  ['proposed', 'decline', 'declined'],
  ['proposed', 'withdraw', 'declined'],
  ['accepted', 'approve', 'approved'],
  ['accepted', 'reject', 'declined'],
  ['accepted', 'withdraw', 'declined'],
  ['approved', 'sign', 'active'],
  ['approved', 'terminate', 'terminated'],
  ['active', 'complete', 'completed'],
  ['active', 'terminate', 'terminated'],
];

describe('the pair state machine', () => {
  for (const [from, event, to] of ALLOWED) {
    it(`allows ${from} --${event}--> ${to}`, () => {
      expect(transition(from, event)).toBe(to);
      expect(nextState(from, event)).toBe(to);
    });
  }

  const refused = PAIR_STATES.flatMap((from) =>
    PAIR_EVENTS.filter((event) => !ALLOWED.some(([f, e]) => f === from && e === event)).map((event) => [from, event] as const),
  );

  it('refuses the other 46 combinations', () => {
    expect(refused).toHaveLength(PAIR_STATES.length * PAIR_EVENTS.length - ALLOWED.length);
    expect(refused).toHaveLength(46);
  });

  for (const [from, event] of refused) {
    it(`refuses ${from} --${event}-->`, () => {
      expect(nextState(from, event)).toBeNull();
      expect(() => transition(from, event)).toThrow(PairTransitionError);
      try {
        transition(from, event);
      } catch (e) {
        expect(e).toMatchObject({ code: 'PAIR_TRANSITION_REFUSED', status: 409, params: { from, event } });
      }
    });
  }

  it('lists the events allowed in each state', () => {
    expect(eventsFrom('proposed')).toEqual(['accept', 'decline', 'withdraw']);
    expect(eventsFrom('accepted')).toEqual(['approve', 'reject', 'withdraw']);
    expect(eventsFrom('approved')).toEqual(['sign', 'terminate']);
    expect(eventsFrom('completed')).toEqual([]);
    expect(eventsFrom('terminated')).toEqual([]);
    expect(eventsFrom('declined')).toEqual([]);
  });
});
