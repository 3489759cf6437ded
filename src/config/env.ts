import { z } from 'zod';

/**
 * `TRUST_PROXY`: `off` (default: the socket's address is the client's), a hop count (`1`: one
 * proxy in front), or the proxies' addresses/CIDRs separated by commas (`10.0.0.5,10.1.0.0/16`).
 * Only then is `X-Forwarded-For` believed, so a client cannot choose its own address.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (/^(off|false|no|0)$/iu.test(v)) return false;
    if (/^\d+$/u.test(v)) return Number(v);
    const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
    const address = /^([0-9a-f:.]+)(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/iu;
    if (parts.length === 0 || !parts.every((p) => address.test(p))) {
      ctx.addIssue({ code: 'custom', message: 'must be off, a hop count, or proxy addresses/CIDRs separated by commas' });
      return z.NEVER;
    }
    return parts;
  });

/** Configuration comes from the environment only, checked once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//u.test(v), 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465; absent → mails are written as .eml files to DATA_DIR/outbox */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//u.test(v), 'must start with smtp:// or smtps://')
    .optional(),
  /** The From of every mail; absent → `Chung Tay <no-reply@<host of PUBLIC_URL>>`. */
  MAIL_FROM: z.string().min(3).optional(),
  /** The address users reach; absent → the address the server listens on (see `publicUrlOf`). */
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  TRUST_PROXY: trustProxy.default(false),
  /** Requests per minute per client address, and per account once signed in; 0 = no limit. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** Megabytes of answers (school list, dashboard, search) each node keeps in memory; 0 = none (docs/decisions/0033). */
  RESPONSE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
  /** `off`: this node serves HTTP only; the jobs run on nodes with workers (`chungtay worker`). */
  WORKERS: z.enum(['on', 'off']).default('on'),
  /** `GET /metrics` also answers `Authorization: Bearer <METRICS_TOKEN>` (besides the department admin's session). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** a job step in a worker thread (parsing a file, the engine) is ended after this long */
  JOB_TIME_LIMIT_SECONDS: z.coerce.number().positive().default(900),
  /** on SIGTERM, running jobs get this long to finish before they are handed back */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where uploaded files live: `local` (`<DATA_DIR>/uploads`) or `s3` (the S3_* variables). */
  FILE_STORE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['on', 'off']).default('off'),
});

/** Rules between variables. */
const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  if (env.FILE_STORE === 's3' && !env.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when FILE_STORE=s3' });
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' });
  }
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Parse the environment; on failure list every bad variable in one message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = checkedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The job queue's settings from the environment. */
export const jobSettingsOf = (env: Env) => ({ timeLimitMs: env.JOB_TIME_LIMIT_SECONDS * 1000, graceMs: env.SHUTDOWN_GRACE_SECONDS * 1000 });

/** Where mail goes (SMTP_URL, or .eml files in DATA_DIR/outbox), from whom, and where its links point. */
export function mailSettingsOf(env: Env, publicUrl: string) {
  const host = new URL(publicUrl).hostname || 'localhost';
  return {
    smtpUrl: env.SMTP_URL,
    outboxDir: `${env.DATA_DIR.replace(/\/+$/u, '')}/outbox`,
    from: env.MAIL_FROM ?? `Chung Tay <no-reply@${host}>`,
    publicUrl,
  };
}

/**
 * The address users reach when `PUBLIC_URL` is not set: the one the server listens on —
 * `http://localhost:<port>` when it listens on every interface, else `http://<host>:<port>`.
 */
export function publicUrlOf(env: { PUBLIC_URL?: string | undefined; HOST: string }, port: number): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/u, '');
  const host = ['0.0.0.0', '::', ''].includes(env.HOST) ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${port}`;
}
