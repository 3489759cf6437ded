/**
 * `chungtay ledger verify [--head HASH]` — check the public ledger's hash chain (exit 1
 * naming the first bad entry); `chungtay ledger publish` — publish today's head now.
 */
import type { Command } from 'commander';
import { exitAfterFlush, withDatabase } from './support.ts';

export function registerLedgerCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const ledger = program.command('ledger').description('the public ledger of support (công khai): check it, publish its head');
  ledger
    .command('verify')
    .description('check every entry of the ledger against its hash and the previous one, every published head, and (--head) a head you kept; exits 1 at the first bad entry')
    .option('--head <hash>', 'a head (SHA-256) published earlier: it must still be in the chain')
    .action(async (opts: { head?: string }) => {
      const [{ verifyLedger }, { describeProblem }] = await Promise.all([
        import('#src/server/features/support/ledger.service.ts'),
        import('#src/core/support/ledger.ts'),
      ]);
      const started = performance.now();
      const r = await withDatabase((h) => verifyLedger(h.db, { head: opts.head ?? null }));
      const ms = Math.round(performance.now() - started);
      if (json()) process.stdout.write(`${JSON.stringify({ ...r, problem: r.problem ? { ...r.problem, message: describeProblem(r.problem) } : null })}\n`);
      if (r.ok) {
        if (!json()) process.stdout.write(`Ledger OK: ${r.entries} entries, head ${r.head ? `${r.head.seq} ${r.head.hash}` : '(empty)'}, ${r.publishedHeads} published heads checked${opts.head ? ', the given head is in the chain' : ''} (${ms} ms).\n`);
        return;
      }
      process.stderr.write(`Ledger BROKEN: ${describeProblem(r.problem!)}\n`);
      exitAfterFlush(1);
    });
  ledger
    .command('publish')
    .description("publish today's head now (the daily job does it at 00:05 Hanoi time)")
    .action(async () => {
      const { runLedgerHeadPublication } = await import('#src/server/features/support/ledger.jobs.ts');
      const r = await withDatabase((h) => runLedgerHeadPublication(h.db, new Date(), 'cli'));
      const text = r.created ? `Published the head of ${r.publishedOn}: entry ${r.seq}, ${r.hash}.` : `The head of ${r.publishedOn} was already published.`;
      process.stdout.write(json() ? `${JSON.stringify({ ok: true, ...r })}\n` : `${text}\n`);
    });
}
