/**
 * `chungtay activities export [--school-year 2025-2026] FILE.xlsx` — every activity (of the
 * school year) with its participants per school, as the page's Excel download, without the server.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { withDatabase } from './support.ts';

const schoolYearOption = (v: string) => {
  const m = /^(\d{4})-(\d{4})$/u.exec(v);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new Error(`--school-year needs two consecutive years like 2025-2026, got ${v}`);
  return v;
};

export function registerActivitiesCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const activities = program.command('activities').description('joint activities of the pairs (hoạt động kết nghĩa)');
  activities
    .command('export')
    .description('write every activity with its participants to an .xlsx file (xuất danh sách hoạt động)')
    .argument('<file>', '.xlsx file to write')
    .option('--school-year <year>', 'only this school year, e.g. 2025-2026', schoolYearOption)
    .action(async (file: string, opts: { schoolYear?: string }) => {
      const [{ exportActivities }, { systemContext }] = await Promise.all([
        import('#src/server/features/activities/activities.service.ts'),
        import('#src/server/context.ts'),
      ]);
      const { bytes } = await withDatabase((h) => exportActivities(h.db, systemContext('cli'), { schoolYear: opts.schoolYear }, new Date()));
      await writeFile(file, bytes);
      const out = { ok: true, file, schoolYear: opts.schoolYear ?? null, bytes: bytes.length };
      process.stdout.write(json() ? `${JSON.stringify(out)}\n` : `Wrote ${file}${opts.schoolYear ? ` (school year ${opts.schoolYear})` : ''}.\n`);
    });
}
