/**
 * The adjustments made to a proposal before re-running it: pairs locked (kept as they are)
 * and pairs removed (forbidden), by lock, remove, swap or "keep the rest".
 */
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunDetail, RunPair } from './matching-api';

/** Two schools, as a locked or removed pair, with the label shown on its tag. */
export interface PairRef {
  a: string;
  b: string;
  label: string;
}

/** The same two schools, either way round. */
export const samePair = (r: { a: string; b: string }, left: string, right: string) => (r.a === left && r.b === right) || (r.a === right && r.b === left);
export const pairLabel = (p: RunPair) => `${p.left.shortName} – ${p.right.shortName}`;
/** A proposed pair's key in tables and selections. */
export const pairKey = (p: RunPair) => `${p.left.id}|${p.right.id}`;

export function usePairAdjustments() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [locked, setLocked] = useState<PairRef[]>([]);
  const [forbidden, setForbidden] = useState<PairRef[]>([]);
  /** The first pair picked for a swap, waiting for the second. */
  const [swapFrom, setSwapFrom] = useState<RunPair | null>(null);

  const isLocked = (p: RunPair) => locked.some((x) => samePair(x, p.left.id, p.right.id));
  const toggleLock = (p: RunPair) =>
    setLocked((ls) => (isLocked(p) ? ls.filter((x) => !samePair(x, p.left.id, p.right.id)) : [...ls, { a: p.left.id, b: p.right.id, label: pairLabel(p) }]));
  const remove = (p: RunPair) => {
    setLocked((ls) => ls.filter((x) => !samePair(x, p.left.id, p.right.id)));
    setForbidden((fs) => (fs.some((x) => samePair(x, p.left.id, p.right.id)) ? fs : [...fs, { a: p.left.id, b: p.right.id, label: pairLabel(p) }]));
    message.info(t('matching.removedHint', { pair: pairLabel(p) }));
  };
  const swap = (p: RunPair) => {
    if (!swapFrom) {
      setSwapFrom(p);
      return;
    }
    const a = swapFrom;
    setSwapFrom(null);
    if (a.left.id === p.left.id || a.right.id === p.right.id) return;
    const one = { a: a.left.id, b: p.right.id, label: `${a.left.shortName} – ${p.right.shortName}` };
    const two = { a: p.left.id, b: a.right.id, label: `${p.left.shortName} – ${a.right.shortName}` };
    setLocked((ls) => [...ls.filter((x) => !samePair(x, a.left.id, a.right.id) && !samePair(x, p.left.id, p.right.id)), one, two]);
    setForbidden((fs) => fs.filter((x) => !samePair(x, one.a, one.b) && !samePair(x, two.a, two.b)));
    message.info(t('matching.swappedHint', { one: one.label, two: two.label }));
  };

  /** Lock every pair of the run not removed, so that a re-run only pairs the schools set free. */
  const keepTheRest = (r: RunDetail) => {
    const keep = r.pairs.filter((p) => !forbidden.some((x) => samePair(x, p.left.id, p.right.id)) && !isLocked(p));
    setLocked((ls) => [...ls, ...keep.map((p) => ({ a: p.left.id, b: p.right.id, label: pairLabel(p) }))]);
    message.info(t('matching.keptRest', { count: keep.length }));
  };

  /** Take the locks and removals a run was made with, named after its schools. */
  const adopt = (r: RunDetail) => {
    const names = new Map<string, string>();
    for (const x of [...r.pairs, ...r.otherPairs]) {
      names.set(x.left.id, x.left.shortName);
      names.set(x.right.id, x.right.shortName);
    }
    for (const x of [...r.unpaired, ...r.excluded, ...r.withoutPosition]) names.set(x.id, x.shortName);
    const ref = (x: { a: string; b: string }) => ({ a: x.a, b: x.b, label: `${names.get(x.a) ?? '?'} – ${names.get(x.b) ?? '?'}` });
    setLocked(r.params.locked.map(ref));
    setForbidden(r.params.forbidden.map(ref));
  };

  return { locked, setLocked, forbidden, setForbidden, swapFrom, setSwapFrom, isLocked, toggleLock, remove, swap, keepTheRest, adopt };
}

export type PairAdjustments = ReturnType<typeof usePairAdjustments>;
