/**
 * The one place that reads `process.env`. Every variable is validated at start-up; when any is wrong the
 * process stops with a list of every problem. `.env.example` documents each variable.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    MAIL_TRANSPORT: z.enum(['outbox', 'smtp']).default('outbox'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Broadchurch <no-reply@broadchurch.invalid>'),
    /** Mails a second at most, from each worker process (the relay's own limit, shared by the workers). */
    MAIL_RATE_PER_SECOND: z.coerce.number().min(0.1).max(100_000).default(50),
    /** SMTP connections each worker process keeps open to the relay. */
    MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(4),
    SEED_DEMO: bool.optional(),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    SIGN_IN_CODES_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(5),
    SIGN_IN_CODES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(30),
    SIGN_IN_GUESSES_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(10),
    SIGN_IN_GUESSES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(60),
    SSE_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(6),
    SSE_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(200),
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
    HTTP_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    LINK_VISITORS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
    LINK_VISITORS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(200),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(\d{1,2}|[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*)$/,
        'must be a number of proxy hops (e.g. 1) or a comma-separated list of proxy addresses or CIDR ranges',
      )
      .optional(),
    CANVASS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
    SESSION_REMINDER_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    // The development shortcuts (the mail outbox, the built-in secret, the demo party) exist only while the
    // server listens on this machine alone. Anywhere else, or in production, the configuration must be complete.
    if (!devShortcutsAllowed(env.NODE_ENV, env.HOST)) {
      const why =
        env.NODE_ENV === 'production'
          ? 'in production'
          : `when listening beyond this machine (HOST=${env.HOST}); set NODE_ENV=production with a complete configuration, or HOST=127.0.0.1`;
      if (!env.AUTH_SECRET)
        ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: `is required ${why}` });
      if (env.MAIL_TRANSPORT === 'outbox')
        ctx.addIssue({
          code: 'custom',
          path: ['MAIL_TRANSPORT'],
          message: `must be smtp (with SMTP_URL) ${why}`,
        });
      if (!env.PUBLIC_URL)
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: `is required ${why}` });
      if (env.SEED_DEMO === true)
        ctx.addIssue({
          code: 'custom',
          path: ['SEED_DEMO'],
          message: `cannot be true ${why}: the demo party has a known admin and fake members`,
        });
    }
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL)
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required when MAIL_TRANSPORT=smtp' });
  });

/** Is this host name or address this machine only (loopback)? `0.0.0.0` and `::` listen everywhere. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const devShortcutsAllowed = (env: string, host: string) => env !== 'production' && isLoopbackHost(host);

/** The validated configuration the rest of the code receives; nothing else reads the environment. */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  authSecret: string;
  mail: {
    transport: 'outbox' | 'smtp';
    smtpUrl: string | undefined;
    from: string;
    ratePerSecond: number;
    connections: number;
  };
  seedDemo: boolean;
  /**
   * Development shortcuts are on: listening on loopback and not in production. Only then may the mail
   * outbox, the built-in secret and the demo party exist.
   */
  devShortcuts: boolean;
  /** Requests a minute from one address to the sign-in endpoints. */
  signInRateLimit: number;
  /** Sign-in budgets per hour (sign-in-guard.ts). */
  signIn: {
    codesPerEmail: number;
    codesPerAddress: number;
    guessesPerEmail: number;
    guessesPerAddress: number;
  };
  /** Live map streams (SSE) one member or visitor, and one address, may hold open in a process. */
  streams: { perUser: number; perAddress: number };
  /** HTTP limits: open connections, and seconds a connection may sit idle (nothing sent either way). */
  http: { maxConnections: number; idleSeconds: number };
  /** New visitors (no account) one address may add to link conversations. */
  linkVisitors: { perMinute: number; perHour: number };
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): a number of hops, or the
   * proxies' addresses; false when the server is reached directly.
   */
  trustProxy: number | string[] | false;
  logLevel: string;
  /** Doorstep records older than this are deleted by the retention job. */
  canvassRetentionDays: number;
  /** Canvass-session reminders go out this many hours before the start. */
  sessionReminderHours: number;
}

/** Thrown when the environment is invalid; `problems` lists every variable that is wrong. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

// Development and tests on loopback only: anywhere else the server refuses to start without AUTH_SECRET.
const DEV_SECRET = 'broadchurch-development-secret-not-for-production-use';

/** Parses an environment (normally `process.env`) into a Config, or throws ConfigError listing each problem. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET ?? DEV_SECRET,
    mail: {
      transport: e.MAIL_TRANSPORT,
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      ratePerSecond: e.MAIL_RATE_PER_SECOND,
      connections: e.MAIL_CONNECTIONS,
    },
    seedDemo: devShortcutsAllowed(e.NODE_ENV, e.HOST) && (e.SEED_DEMO ?? true),
    devShortcuts: devShortcutsAllowed(e.NODE_ENV, e.HOST),
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    signIn: {
      codesPerEmail: e.SIGN_IN_CODES_PER_EMAIL,
      codesPerAddress: e.SIGN_IN_CODES_PER_ADDRESS,
      guessesPerEmail: e.SIGN_IN_GUESSES_PER_EMAIL,
      guessesPerAddress: e.SIGN_IN_GUESSES_PER_ADDRESS,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    streams: { perUser: e.SSE_STREAMS_PER_USER, perAddress: e.SSE_STREAMS_PER_ADDRESS },
    http: { maxConnections: e.HTTP_MAX_CONNECTIONS, idleSeconds: e.HTTP_IDLE_SECONDS },
    linkVisitors: { perMinute: e.LINK_VISITORS_PER_MINUTE, perHour: e.LINK_VISITORS_PER_HOUR },
    logLevel: e.LOG_LEVEL,
    canvassRetentionDays: e.CANVASS_RETENTION_DAYS,
    sessionReminderHours: e.SESSION_REMINDER_HOURS,
  };
}

function parseTrustProxy(value: string | undefined): number | string[] | false {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return value.split(',').map((a) => a.trim());
}
