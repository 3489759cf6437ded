/**
 * Seeded generator of raw pairing instances (the `match solve` JSON format).
 *
 *   npx tsx bench/matching/gen.ts dense N OUT.json [--seed S] [--costs dec2|int|neg]
 *   npx tsx bench/matching/gen.ts sparse N OUT.json --k K [--seed S] [--costs ...]
 *
 * dense: every left–right pair has an edge (N×N edges).
 * sparse: every left school gets K distinct partners, one of which comes from a random
 * permutation, so a perfect matching always exists (SciPy's
 * min_weight_full_bipartite_matching needs one).
 * Costs: dec2 = 0.00 … 999999.99 with two decimals (default), int = 0 … 999999,
 * neg = -500000.00 … 499999.99.
 */
import { createWriteStream } from 'node:fs';

export type CostKind = 'dec2' | 'int' | 'neg';

/** splitmix32-style PRNG: deterministic for a given seed. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    t = (t ^ (t >>> 15)) >>> 0;
    return t / 4294967296;
  };
}

function costText(rng: () => number, kind: CostKind): string {
  if (kind === 'int') return String(Math.floor(rng() * 1_000_000));
  const cents = Math.floor(rng() * 100_000_000) - (kind === 'neg' ? 50_000_000 : 0);
  return (cents / 100).toString();
}

export interface GenOptions {
  mode: 'dense' | 'sparse';
  n: number;
  k?: number;
  seed?: number;
  costs?: CostKind;
}

/** Yields the instance as JSON text chunks (so that 4M edges never sit in one string). */
export function* generateInstanceChunks(opts: GenOptions): Generator<string> {
  const { mode, n } = opts;
  const rng = makeRng(opts.seed ?? 1);
  const kind = opts.costs ?? 'dec2';
  const nodes = (p: string) => {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`{"id":"${p}${i}","capacity":1}`);
    return parts.join(',');
  };
  yield `{"left":[${nodes('L')}],\n"right":[${nodes('R')}],\n"edges":[\n`;
  let first = true;
  let buf: string[] = [];
  const emit = (i: number, j: number) => {
    buf.push(`${first ? '' : ',\n'}{"left":"L${i}","right":"R${j}","cost":${costText(rng, kind)}}`);
    first = false;
  };
  if (mode === 'dense') {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) emit(i, j);
      if (buf.length >= 20_000) {
        yield buf.join('');
        buf = [];
      }
    }
  } else {
    const k = Math.min(opts.k ?? 20, n);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const seen = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const cols = [perm[i]!];
      seen[perm[i]!] = i;
      while (cols.length < k) {
        const j = Math.floor(rng() * n);
        if (seen[j] === i) continue;
        seen[j] = i;
        cols.push(j);
      }
      for (const j of cols) emit(i, j);
      if (buf.length >= 20_000) {
        yield buf.join('');
        buf = [];
      }
    }
  }
  yield buf.join('') + '\n]}\n';
}

export function generateInstanceText(opts: GenOptions): string {
  return [...generateInstanceChunks(opts)].join('');
}

export async function writeInstance(file: string, opts: GenOptions): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of generateInstanceChunks(opts)) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
}

function parseArgs(argv: string[]) {
  const pos: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) flags[a.slice(2)] = argv[++i] ?? '';
    else pos.push(a);
  }
  return { pos, flags };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/').replace(/\\/g, '/'));
if (isMain) {
  const { pos, flags } = parseArgs(process.argv.slice(2));
  const [mode, nText, out] = pos;
  if ((mode !== 'dense' && mode !== 'sparse') || !nText || !out) {
    console.error('usage: gen.ts dense|sparse N OUT.json [--k K] [--seed S] [--costs dec2|int|neg]');
    process.exit(2);
  }
  await writeInstance(out, {
    mode,
    n: Number(nText),
    k: flags.k ? Number(flags.k) : 20,
    seed: flags.seed ? Number(flags.seed) : 1,
    costs: (flags.costs as CostKind | undefined) ?? 'dec2',
  });
}
