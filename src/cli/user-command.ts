/**
 * `chungtay user invite|disable|enable|list`: the operator's side of accounts, through the same
 * services as the pages and the API, acting as the system actor (docs/accounts.md).
 */
import { Option, type Command } from 'commander';
import { ACCOUNT_STATUSES } from '#src/core/accounts.ts';
import { ROLES, type Role } from '#src/core/roles.ts';
import { cliActor, exitAfterFlush, withDatabase } from './support.ts';

/** A failure the operator can act on: the message on stderr (and in --json), exit 1. */
class UserCommandFailure extends Error {}

export function registerUserAccountCommands(program: Command, user: Command): void {
  const json = () => Boolean(program.opts().json);
  const out = (human: string, data: unknown) => process.stdout.write(json() ? `${JSON.stringify(data)}\n` : `${human}\n`);
  /** Run an action; a refusal of the services or of this command is printed and exits 1. */
  const run = async (fn: () => Promise<void>) => {
    const [{ DomainError }, { domainErrorBody }] = await Promise.all([import('#src/core/errors.ts'), import('#src/server/plugins/errors.ts')]);
    try {
      await fn();
    } catch (err) {
      let message: string;
      let extra: Record<string, unknown> = {};
      if (err instanceof UserCommandFailure) message = err.message;
      else if (err instanceof DomainError) {
        const body = domainErrorBody(err, 'en');
        message = body.error.field ? `${body.error.message} (${body.error.field})` : body.error.message;
        extra = { code: body.error.code, field: body.error.field };
      } else throw err;
      if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: message, ...extra })}\n`);
      process.stderr.write(`${message}\n`);
      exitAfterFlush(1);
    }
  };

  user
    .command('invite')
    .description('create an account without a password and mail it a one-time link (7 days) to set one; the mail goes out now (SMTP_URL, or an .eml file in DATA_DIR/outbox)')
    .requiredOption('--username <name>', 'login name, e.g. aimob.gv2')
    .requiredOption('--name <displayName>', 'full name shown in the app')
    .requiredOption('--email <email>', 'where the invitation goes')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--school <code>', 'school code (school roles)')
    .option('--area <code>', 'administrative unit code (area officers)')
    .addOption(new Option('--locale <locale>', 'language of the account and its mails').choices(['vi', 'en']).default('vi'))
    .action((opts: { username: string; name: string; email: string; role: Role; school?: string; area?: string; locale: 'vi' | 'en' }) =>
      run(async () => {
        const [{ newUserSchema }, { createUser }, { systemContext }, { lastMailTo, deliverMail }, { createMailTransport }, { createJobQueue }, env] = await Promise.all([
          import('#src/core/accounts.ts'),
          import('#src/server/features/users/users.service.ts'),
          import('#src/server/context.ts'),
          import('#src/server/mail/mail.service.ts'),
          import('#src/server/mail/transport.ts'),
          import('#src/server/jobs/jobs.ts'),
          import('#src/config/env.ts'),
        ]);
        const parsed = newUserSchema.safeParse({
          username: opts.username,
          displayName: opts.name,
          email: opts.email,
          role: opts.role,
          locale: opts.locale,
          ...(opts.school ? { schoolCode: opts.school } : {}),
          ...(opts.area ? { adminUnitCode: opts.area } : {}),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new UserCommandFailure(`Invalid ${issue.path.join('.') || 'input'}: ${String(issue.path[0]) === 'username' ? 'lower-case letters, digits and . _ - (3 to 40)' : issue.message}`);
        }
        const loaded = env.loadEnv();
        const mail = env.mailSettingsOf(loaded, env.publicUrlOf(loaded, loaded.PORT));
        const result = await withDatabase(async (h) => {
          // The mail queue must exist for the mail to be recorded (a server that never ran has not made it).
          const jobs = createJobQueue(h.db, { ...env.jobSettingsOf(loaded), graceMs: 1000, schedules: false }, undefined, mail);
          await jobs.start();
          try {
            const created = await h.db.transaction().execute((trx) => createUser(trx, systemContext(cliActor()), parsed.data));
            const mailId = await lastMailTo(h.db, created.id, 'invitation');
            // Delivered now, so the operator knows at once; the queued job then finds it done.
            const status = mailId ? await deliverMail(h.db, createMailTransport(mail), mail, mailId, () => new Date()) : 'failed';
            return { created, mailId, status };
          } finally {
            await jobs.stop();
          }
        });
        const where = result.status === 'written' ? `written to ${mail.outboxDir}/${result.mailId}.eml (no SMTP_URL)` : result.status === 'sent' ? 'sent' : `not delivered yet (${result.status}); the app's worker retries`;
        out(`Invited ${result.created.username} (${result.created.role}): the link went to ${opts.email.toLowerCase()}, ${where}.`, {
          ok: true,
          user: result.created,
          mail: { id: result.mailId, status: result.status, ...(result.status === 'written' ? { file: `${mail.outboxDir}/${result.mailId}.eml` } : {}) },
        });
      }),
    );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(verb)
      .description(disabled ? 'disable an account: it can no longer sign in and every session it has ends' : 'enable a disabled account again')
      .argument('<username>', 'login name')
      .action((username: string) =>
        run(async () => {
          const [{ setUserDisabled }, { findUserByUsername }, { systemContext }] = await Promise.all([
            import('#src/server/features/users/users.service.ts'),
            import('#src/server/features/users/users.repository.ts'),
            import('#src/server/context.ts'),
          ]);
          const account = await withDatabase(async (h) => {
            const row = await findUserByUsername(h.db, username.trim().toLowerCase());
            if (!row) throw new UserCommandFailure(`No account is named "${username}".`);
            return h.db.transaction().execute((trx) => setUserDisabled(trx, systemContext(cliActor()), row.id, disabled, new Date()));
          });
          out(`${account.username}: ${account.status}.`, { ok: true, user: account });
        }),
      );
  }

  user
    .command('list')
    .description('list accounts by name, with filters; --json for every field')
    .addOption(new Option('--role <role>', 'only this role').choices(ROLES))
    .option('--school <code>', 'only the accounts of this school')
    .addOption(new Option('--status <status>', 'only this status').choices(['all', ...ACCOUNT_STATUSES]).default('all'))
    .option('--search <words>', 'name, username or e-mail; diacritics and case ignored')
    .option('--limit <n>', 'at most this many (1–100)', '100')
    .option('--offset <n>', 'skip this many', '0')
    .action((opts: { role?: Role; school?: string; status: string; search?: string; limit: string; offset: string }) =>
      run(async () => {
        const [{ userListQuerySchema }, { listUsers }, { findSchoolIdByCode }, { systemContext }] = await Promise.all([
          import('#src/core/accounts.ts'),
          import('#src/server/features/users/users.service.ts'),
          import('#src/server/features/users/users.repository.ts'),
          import('#src/server/context.ts'),
        ]);
        const { items, total, totalExact } = await withDatabase(async (h) => {
          const schoolId = opts.school ? await findSchoolIdByCode(h.db, opts.school.trim()) : undefined;
          if (opts.school && !schoolId) throw new UserCommandFailure(`No school has the code "${opts.school}".`);
          const query = userListQuerySchema.safeParse({ q: opts.search, role: opts.role, schoolId, status: opts.status, limit: opts.limit, offset: opts.offset });
          if (!query.success) throw new UserCommandFailure(`Invalid ${query.error.issues[0]!.path.join('.')}: ${query.error.issues[0]!.message}`);
          return listUsers(h.db, systemContext(cliActor()), query.data, new Date());
        });
        const lines = items.map((a) => [a.username, a.role, a.status, a.school?.code ?? a.area?.code ?? '-', a.displayName, a.email ?? ''].join('\t'));
        out([...lines, `${items.length} of ${totalExact ? '' : 'more than '}${total} accounts.`].join('\n'), { ok: true, total, totalExact, items });
      }),
    );
}
