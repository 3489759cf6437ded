/**
 * `chungtay units import DIR --on yyyy-mm-dd` — a later reform of administrative units, from
 * files in the format of src/db/admin-units/ (docs/registry.md, "A later reform"): the new
 * units from that day, the old ones ended with their successors, the schools moved. One
 * transaction: a file that does not check out changes nothing (exit 1).
 */
import type { Command } from 'commander';
import { cliActor, exitAfterFlush, withDatabase } from './support.ts';

export function registerUnitsCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const units = program.command('units').description('administrative units (đơn vị hành chính): load a later reform');
  units
    .command('import')
    .description('load a reform from CSV files in the shipped catalogue’s format (nạp đợt sắp xếp đơn vị hành chính)')
    .argument('<dir>', 'directory with provinces-<X>.csv, wards-<X>.csv, provinces-<old>-to-<X>.csv, wards-<old>-to-<X>.csv')
    .requiredOption('--on <date>', 'the day the new units begin (yyyy-mm-dd)', (v: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/u.test(v)) throw new Error(`--on needs yyyy-mm-dd, got ${v}`);
      return v;
    })
    .action(async (dir: string, opts: { on: string }) => {
      const [{ importReform }, { systemContext }] = await Promise.all([import('#src/server/features/admin-units/admin-units.service.ts'), import('#src/server/context.ts')]);
      const started = Date.now();
      try {
        const result = await withDatabase((h) => importReform(h.db, systemContext(cliActor()), dir, opts.on));
        const ms = Date.now() - started;
        if (json()) process.stdout.write(`${JSON.stringify({ ok: true, ...result, ms })}\n`);
        else {
          process.stdout.write(
            `${result.catalogue}: ${result.created} units created, ${result.kept} kept, ${result.ended} ended (${result.divided} divided); ${result.schoolsMoved} schools moved (${ms} ms)\n`,
          );
          for (const s of result.schoolsNotPlaced) process.stdout.write(`  not placed: ${s.code} ${s.name} — ${s.unit} → ${s.candidates.join(' / ')}\n`);
        }
        exitAfterFlush(0);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: reason })}\n`);
        process.stderr.write(`units import: ${reason}\n`);
        exitAfterFlush(1);
      }
    });
}
