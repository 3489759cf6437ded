import { Command, Option } from 'commander';
import { ROLES } from '#src/core/roles.ts';
import { APP_VERSION } from '#src/server/version.ts';
import { registerBackupCommands } from './backup-command.ts';
import { CliUsageError, registerMatchCommands } from './match-command.ts';
import { registerSchoolsCommands } from './schools-command.ts';
import { registerUnitsCommands } from './units-command.ts';
// notify
import { registerMailCommands } from './mail-command.ts';
// support
import { registerLedgerCommands } from './ledger-command.ts';
// activities
import { registerActivitiesCommands } from './activities-command.ts';
import { cliActor, exitAfterFlush, readStdin, withDatabase } from './support.ts';
// accounts
import { registerUserAccountCommands } from './user-command.ts';

/** Thrown by commands for a failure already explained to the user. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const program = new Command('chungtay')
  .description('Chung Tay — school-twinning programme platform. Configuration comes from the environment (see README).')
  .version(APP_VERSION)
  .option('--json', 'machine-readable output on stdout')
  .showHelpAfterError();

const json = () => Boolean(program.opts().json);
const out = (human: string, data: unknown) => {
  process.stdout.write(json() ? `${JSON.stringify(data)}\n` : `${human}\n`);
};

program
  .command('serve')
  .description('start the web app (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set)')
  .action(async () => {
    const [{ serve }, { loadEnv }] = await Promise.all([import('#src/server/serve.ts'), import('#src/config/env.ts')]);
    await serve(loadEnv());
  });

program
  .command('worker')
  .description('run the background jobs (imports, matching runs) without the web app; stops on SIGTERM')
  .action(async () => {
    const [{ work }, { loadEnv }] = await Promise.all([import('#src/server/serve.ts'), import('#src/config/env.ts')]);
    await work(loadEnv());
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const [{ loadEnv }, { openDatabase }, { migrate }] = await Promise.all([
      import('#src/config/env.ts'),
      import('#src/db/database.ts'),
      import('#src/db/migrate.ts'),
    ]);
    const env = loadEnv();
    const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 2 });
    try {
      const applied = await migrate(handle.db);
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.', { ok: true, applied });
    } finally {
      await handle.close();
    }
  });

program
  .command('seed-demo')
  .description('load the demo data (the seed schools, pairs, MoU and accounts) into an empty database')
  .action(async () => {
    const [{ loadDemoData }, { systemContext }, { createFileStore }, { loadEnv }] = await Promise.all([
      import('#src/server/features/demo/demo.service.ts'),
      import('#src/server/context.ts'),
      import('#src/server/files/create-file-store.ts'),
      import('#src/config/env.ts'),
    ]);
    // The demo keeps illustrative scans of its paper originals in the file store.
    const result = await withDatabase((h) => loadDemoData(h.db, systemContext('cli'), createFileStore(loadEnv())));
    if (result.loaded) out('Demo data loaded. Accounts: see README (password ChungTay@2025).', { ok: true, loaded: true });
    else out(`Demo data not loaded: ${result.reason === 'already-loaded' ? 'it is already there' : 'the database is not empty'}.`, { ok: true, ...result });
  });

program
  .command('openapi')
  .description('print the OpenAPI description of the HTTP API, or write it to FILE (docs/openapi.json is this output)')
  .argument('[file]', 'file to write; replaced only once the whole description is built')
  .action(async (file?: string) => {
    const { buildApp } = await import('#src/server/app.ts');
    const { createKysely } = await import('#src/db/database.ts');
    // The description needs the routes, not a database: this pool never connects.
    const db = createKysely('postgres://unused@127.0.0.1:1/unused', 1);
    const app = await buildApp({ db, databaseKind: 'embedded', version: APP_VERSION, now: () => new Date(), secureCookies: false, serveWeb: false });
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    await db.destroy();
    if (!file) {
      process.stdout.write(text);
      return;
    }
    // Written beside the target and renamed: a failed run never leaves a truncated description.
    const { writeFile, rename } = await import('node:fs/promises');
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  });

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('create an account; the password is read from stdin (first line)')
  .requiredOption('--username <name>', 'login name, e.g. so.admin')
  .requiredOption('--name <displayName>', 'full name shown in the app')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
  .option('--school <code>', 'school code (school roles)')
  .option('--area <code>', 'administrative unit code (area officers)')
  .option('--email <email>', 'e-mail address')
  .action(async (opts: { username: string; name: string; role: (typeof ROLES)[number]; school?: string; area?: string; email?: string }) => {
    const [{ newUserSchema }, { createUser }, { systemContext }] = await Promise.all([
      import('#src/core/accounts.ts'),
      import('#src/server/features/users/users.service.ts'),
      import('#src/server/context.ts'),
    ]);
    const password = (await readStdin()).split(/\r?\n/u)[0] ?? '';
    const input = newUserSchema.parse({
      username: opts.username,
      displayName: opts.name,
      password,
      role: opts.role,
      ...(opts.school ? { schoolCode: opts.school } : {}),
      ...(opts.area ? { adminUnitCode: opts.area } : {}),
      ...(opts.email ? { email: opts.email } : {}),
    });
    const created = await withDatabase((h) => h.db.transaction().execute((trx) => createUser(trx, systemContext(cliActor()), input)));
    out(`Created ${created.username} (${created.role}).`, { ok: true, user: created });
  });

registerMatchCommands(program);
registerSchoolsCommands(program);
registerBackupCommands(program);
registerUnitsCommands(program);
// notify
registerMailCommands(program);
// support
registerLedgerCommands(program);
// activities
registerActivitiesCommands(program);
// accounts: user invite|disable|enable|list
registerUserAccountCommands(program, user);

/** Report a failure the user can act on, and exit with `code` once it is written. */
function fail(message: string, code = 1, data: unknown = {}): void {
  if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: message, ...(data as object) })}\n`);
  process.stderr.write(`${message}\n`);
  exitAfterFlush(code);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const [{ ConfigError }, { DatabaseConnectionError }, { DomainError }] = await Promise.all([
    import('#src/config/env.ts'),
    import('#src/db/database.ts'),
    import('#src/core/errors.ts'),
  ]);
  if (err instanceof CliFailure) fail(err.message, err.exitCode);
  else if (err instanceof CliUsageError) fail(err.message, 2);
  else if (err instanceof ConfigError || err instanceof DatabaseConnectionError) fail(err.message, 1);
  else if (err instanceof DomainError) {
    const { domainErrorBody } = await import('#src/server/plugins/errors.ts');
    const body = domainErrorBody(err, 'en');
    fail(body.error.message, 1, { code: body.error.code, field: body.error.field });
  } else if (err && typeof err === 'object' && 'issues' in err) {
    const issue = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues[0]!;
    fail(`Invalid ${issue.path.join('.') || 'input'}: ${issue.message}`, 2);
  } else {
    throw err;
  }
}
