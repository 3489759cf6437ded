import type { Command } from 'commander';
import { exitAfterFlush, withDatabase } from './support.ts';

/** `chungtay mail test ADDRESS`: send one message now, through the configured way (SMTP_URL or .eml files), and say how it went. */
export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('e-mail (SMTP_URL, or .eml files in DATA_DIR/outbox without it)');
  mail
    .command('test')
    .description('send a test message (Vietnamese text with diacritics) to ADDRESS now, and report the SMTP answer or the file written')
    .argument('<address>', 'recipient e-mail address')
    .option('--locale <locale>', 'vi or en', 'vi')
    .action(async (address: string, opts: { locale: string }) => {
      const [{ loadEnv, mailSettingsOf, publicUrlOf }, { sendTestMail }] = await Promise.all([import('#src/config/env.ts'), import('#src/server/mail/mail-test.ts')]);
      const env = loadEnv();
      const settings = mailSettingsOf(env, publicUrlOf(env, env.PORT));
      const json = Boolean(program.opts().json);
      const result = await withDatabase((h) => sendTestMail(h.db, settings, address, opts.locale === 'en' ? 'en' : 'vi'));
      if (result.ok) {
        const where = result.status === 'sent' ? `accepted by the SMTP server (${result.messageId})` : `written to ${result.file} (no SMTP_URL)`;
        process.stdout.write(json ? `${JSON.stringify(result)}\n` : `Test mail to ${address}: ${where}.\n`);
      } else {
        if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
        process.stderr.write(`Test mail to ${address} failed: ${result.error}\n`);
        exitAfterFlush(1);
      }
    });
}
