/**
 * `chungtay match solve FILE.json` — the pairing solver without the server.
 *
 * Reads a raw instance ({"left":[…],"right":[…],"edges":[…]}), prints
 * {"matched":N,"totalCost":X,"pairs":[…]} on stdout. Invalid input or an unreadable file:
 * a clear message on stderr (English and Vietnamese) and exit code 2.
 *
 * `chungtay match run --campaign 4340/KH-SGDĐT [options]` — a whole engine run on the
 * database, as the "Ghép cặp" page makes it (kept in the run history, audited), printed with
 * every pair's explanation; `--xlsx FILE` also writes the workbook the page downloads.
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { AREA_TYPES, SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { MATCHING_MODES } from '#src/core/matching/engine.ts';
import type { Db } from '#src/server/context.ts';
import { emit, runMatchSolveFile } from './match-solve.ts';
import { cliActor, exitAfterFlush, withDatabase } from './support.ts';

/** A wrong option: said on stderr, exit code 2. */
export class CliUsageError extends Error {}

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const number = (v: string) => {
  const n = Number(v.replace(',', '.'));
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
};

interface RunOptions {
  campaign: string;
  levels?: string[];
  left?: string[];
  right?: string[];
  mode?: string;
  weights?: string;
  leftCapacity?: number;
  rightCapacity?: number;
  maxKm?: number;
  minScore?: number;
  anyLevel?: boolean;
  reduce?: boolean;
  spread?: boolean;
  label?: string;
  xlsx?: string;
  lang?: 'vi' | 'en';
}

/** The run's parameters from the options, checked by the same schema as the HTTP route. */
async function runParams(campaignId: string, o: RunOptions) {
  const { runParamsSchema } = await import('#src/core/matching/run-params.ts');
  const { CRITERIA, DEFAULT_WEIGHTS } = await import('#src/core/matching/criteria.ts');
  let weights: Record<string, number> | undefined;
  if (o.weights) {
    weights = { ...DEFAULT_WEIGHTS };
    for (const kv of o.weights.split(',')) {
      const [k, v] = kv.split('=').map((x) => x.trim());
      if (!(CRITERIA as readonly string[]).includes(k ?? '')) {
        throw new CliUsageError(`--weights: unknown criterion "${k}" (use ${CRITERIA.join(', ')}) / tiêu chí không có: "${k}"`);
      }
      weights[k!] = number(v ?? '');
    }
  }
  return runParamsSchema.parse({
    campaignId,
    ...(o.label ? { label: o.label } : {}),
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.levels ? { levels: o.levels } : {}),
    ...(o.left ? { leftAreaTypes: o.left } : {}),
    ...(o.right ? { rightAreaTypes: o.right } : {}),
    ...(weights ? { weights } : {}),
    ...(o.leftCapacity !== undefined ? { leftCapacity: o.leftCapacity } : {}),
    ...(o.rightCapacity !== undefined ? { rightCapacity: o.rightCapacity } : {}),
    ...(o.maxKm !== undefined ? { maxDistanceKm: o.maxKm } : {}),
    ...(o.minScore !== undefined ? { minScore: o.minScore } : {}),
    ...(o.anyLevel ? { sameLevel: false } : {}),
    ...(o.reduce ? { alreadyPaired: 'reduce' } : {}),
    ...(o.spread ? { spread: true } : {}),
  });
}

/** "4340/kh-sgddt" finds 4340/KH-SGDĐT: case, diacritics and spaces aside. */
async function campaignByFoldedNumber(db: Db, number: string) {
  const [{ listCampaignRows }, { foldForSearch }] = await Promise.all([import('#src/server/features/campaigns/campaigns.repository.ts'), import('#src/core/vn/text.ts')]);
  const key = foldForSearch(number).replace(/\s+/gu, '');
  const found = (await listCampaignRows(db)).filter((c) => foldForSearch(c.number).replace(/\s+/gu, '') === key);
  return found.length === 1 ? found[0] : undefined;
}

export function registerMatchCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const match = program.command('match').description('pairing engine (ghép cặp)');
  match
    .command('run')
    .description('run the pairing engine on the registry, as the "Ghép cặp" page does, and print each pair with its explanation (chạy ghép cặp)')
    .requiredOption('--campaign <number>', 'campaign number, e.g. 4340/KH-SGDĐT')
    .option('--levels <list>', `levels, comma-separated (${SCHOOL_LEVELS.join(', ')}); default primary`, list)
    .option('--left <list>', `area types of side A (${AREA_TYPES.join(', ')}); default inner-city`, list)
    .option('--right <list>', 'area types of side B; default suburban,mountainous', list)
    .addOption(new Option('--mode <mode>', 'the proposal: best overall or wish-stable').choices(MATCHING_MODES))
    .option('--weights <list>', 'criteria weights 0–10, e.g. complement=5,wishes=3,distance=2,size=1')
    .option('--left-capacity <n>', 'most partners of a side A school', number)
    .option('--right-capacity <n>', 'most partners of a side B school', number)
    .option('--max-km <n>', 'no pair further apart than this', number)
    .option('--min-score <n>', 'no pair scoring under this (0–100)', number)
    .option('--any-level', 'pair schools of different levels too')
    .option('--spread', 'share partners out evenly: a first partner for every school before a second for any (one side must have capacity 1)')
    .option('--reduce', 'give schools already paired in the campaign more partners (counted against their capacity)')
    .option('--label <text>', 'a name for the run in the history')
    .option('--xlsx <file>', 'also write the result as an Excel workbook')
    .addOption(new Option('--lang <lang>', 'language of the explanations').choices(['vi', 'en']).default('vi'))
    .action(async (o: RunOptions) => {
      const [{ findCampaignByNumber }, service, { systemContext }] = await Promise.all([
        import('#src/server/features/campaigns/campaigns.repository.ts'),
        import('#src/server/features/matching/matching.service.ts'),
        import('#src/server/context.ts'),
      ]);
      const locale = o.lang ?? 'vi';
      const ctx = systemContext(cliActor());
      const result = await withDatabase(async ({ db }) => {
        const campaign = (await findCampaignByNumber(db, o.campaign)) ?? (await campaignByFoldedNumber(db, o.campaign));
        if (!campaign) return null;
        const params = await runParams(campaign.id, o);
        const now = new Date();
        // Computed here, in this process (no queue): the command waits for it anyway.
        const id = await service.startRun(db, ctx, params, now, null);
        const run = await service.getRun(db, ctx, id, locale, now);
        if (o.xlsx && run.status === 'succeeded') await writeFile(o.xlsx, (await service.exportRun(db, ctx, id, locale, now)).bytes);
        return run;
      });
      if (!result) {
        const message = `match run: no campaign numbered "${o.campaign}" / không có kế hoạch số "${o.campaign}"`;
        if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
        process.stderr.write(`${message}\n`);
        exitAfterFlush(1);
        return;
      }
      if (json()) {
        process.stdout.write(`${JSON.stringify({ ok: result.status === 'succeeded', ...result })}\n`);
      } else if (result.status !== 'succeeded' || !result.summary) {
        // A run that ended without a result (refused, time limit): its reason, never a stack trace.
        process.stderr.write(`match run: ${result.error?.message ?? result.status}\n`);
      } else {
        const s = result.summary;
        const f = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 });
        const head =
          locale === 'vi'
            ? `${result.id} — ${f.format(s.matched)} cặp, tổng điểm ${f.format(s.totalScore)}, ${f.format(s.blockingPairs)} cặp chặn, đáp ứng ${s.wishesHonoured}/${s.wishesTotal} nguyện vọng (${f.format(s.schools)} trường, ${f.format(s.edgeCount)} cặp có thể ghép, ${f.format(s.millis)} ms)`
            : `${result.id} — ${f.format(s.matched)} pairs, total score ${f.format(s.totalScore)}, ${f.format(s.blockingPairs)} blocking pairs, ${s.wishesHonoured}/${s.wishesTotal} wishes honoured (${f.format(s.schools)} schools, ${f.format(s.edgeCount)} allowed pairs, ${f.format(s.millis)} ms)`;
        const lines = [
          head,
          ...result.pairs.map((p, i) => `${i + 1}. ${p.left.shortName} – ${p.right.shortName} (${f.format(p.score)}): ${p.explanation}`),
          ...(result.pairs.length
            ? []
            : ['No pair can be formed: check the sides, levels, maximum distance and minimum score / không ghép được cặp nào: xem lại hai bên, cấp học, khoảng cách tối đa và điểm tối thiểu.']),
          ...(result.withoutPosition.length ? [`No coordinates / chưa có tọa độ: ${result.withoutPosition.map((w) => w.shortName).join(', ')}`] : []),
          ...(o.xlsx ? [`Written ${o.xlsx}`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      exitAfterFlush(result.status === 'succeeded' ? 0 : 1);
    });
  match
    .command('solve')
    .description(
      'best overall pairing of a raw instance: most pairs, then least total cost; prints JSON ' +
        '(ghép cặp tối ưu: nhiều cặp nhất, rồi tổng chi phí nhỏ nhất)',
    )
    .argument('<file>', 'instance JSON: {"left":[{"id","capacity"}],"right":[…],"edges":[{"left","right","cost"}]}')
    .action((file: string) => {
      emit(runMatchSolveFile(file));
    });
}
