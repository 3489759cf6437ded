import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '#src/core/errors.ts';
import { DEFAULT_WEIGHTS, type EngineSchool } from '#src/core/matching/criteria.ts';
import { runEngine, type EngineInput } from '#src/core/matching/engine.ts';
import { TimeLimitError } from '#src/server/jobs/threads.ts';
import { runEngineOffThread, stopEngineThreads } from './engine-runner.ts';

afterAll(stopEngineThreads);

/** A generated city: `n` primary schools, 40 % inner city, random profiles around Hanoi. */
function city(n: number, seed = 7): EngineInput {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const areas = ['english', 'math', 'informatics', 'arts', 'sports', 'stem', 'library', 'digital'];
  const pick = () => [...new Set([0, 1, 2].map(() => areas[Math.floor(rnd() * areas.length)]!))].map((area) => ({ area, level: 1 + Math.floor(rnd() * 3) }));
  const schools: EngineSchool[] = Array.from({ length: n }, (_, i) => ({
    id: `s${String(i).padStart(5, '0')}`,
    name: `Trường Tiểu học số ${i}`,
    shortName: `TH số ${i}`,
    level: 'primary',
    areaType: i % 5 < 2 ? 'inner-city' : i % 5 < 4 ? 'suburban' : 'mountainous',
    latitude: 20.8 + rnd() * 0.5,
    longitude: 105.5 + rnd() * 0.5,
    students: 300 + Math.floor(rnd() * 1500),
    strengths: pick(),
    needs: pick(),
  }));
  return {
    schools,
    wishes: [],
    weights: DEFAULT_WEIGHTS,
    constraints: {
      sameLevel: true,
      leftAreaTypes: ['inner-city'],
      rightAreaTypes: ['suburban', 'mountainous'],
      leftCapacity: 2,
      rightCapacity: 1,
      maxDistanceKm: null,
      locked: [],
      forbidden: [],
      existing: [],
      alreadyPaired: 'exclude',
    },
  };
}

// Starting a thread through tsx takes seconds on a busy machine.
describe('the engine off the event loop', { timeout: 60_000 }, () => {
  it('gives exactly the result of the engine run in place, and reports when scoring is done', async () => {
    const input = city(300);
    const phases: string[] = [];
    const { outcome, timings } = await runEngineOffThread(input, { onPhase: (p) => phases.push(p) });
    expect(outcome).toEqual(runEngine(input));
    expect(phases).toEqual(['scoring', 'solving']);
    expect(timings.scoring).toBeGreaterThanOrEqual(0);
  });

  it('lets the node keep answering while a city-sized run computes', async () => {
    const input = city(1500);
    let ticks = 0;
    let computing = true;
    const spin = () => {
      ticks++;
      if (computing) setImmediate(spin);
    };
    setImmediate(spin);
    const { outcome } = await runEngineOffThread(input);
    computing = false;
    expect(outcome.optimal.matched).toBeGreaterThan(500);
    // Run in place, the scoring and solving (hundreds of milliseconds) would block every tick.
    expect(ticks).toBeGreaterThan(50);
  });

  it('passes a refused input back as the same domain error, and keeps working after it', async () => {
    const input = city(20);
    input.constraints.locked = [{ a: 's00000', b: 's00002' }];
    input.constraints.forbidden = [{ a: 's00000', b: 's00002' }];
    const err = await runEngineOffThread(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'MATCHING_LOCKED_FORBIDDEN', status: 400, field: 'locked' });
    expect((await runEngineOffThread(city(20))).outcome.optimal.matched).toBeGreaterThan(0);
  });

  it('runs requests sent together, each with its own answer', async () => {
    const inputs = [city(40, 1), city(60, 2), city(80, 3)];
    const results = await Promise.all(inputs.map((i) => runEngineOffThread(i)));
    results.forEach((r, k) => expect(r.outcome).toEqual(runEngine(inputs[k]!)));
  });

  it('ends a thread that outlives its time limit, and the next run computes', async () => {
    // A 1 ms limit: the city-sized run is still scoring when it passes.
    const err = await runEngineOffThread(city(1500), { timeLimitMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeLimitError);
    expect(err).toMatchObject({ code: 'JOB_TIME_LIMIT' });
    expect((await runEngineOffThread(city(20))).outcome.optimal.matched).toBeGreaterThan(0);
  });

  it('ends the thread when its job is stopped', async () => {
    const stop = new AbortController();
    const running = runEngineOffThread(city(1500), { signal: stop.signal, onPhase: () => stop.abort() });
    await expect(running).rejects.toThrow('aborted');
  });
});
