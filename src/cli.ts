/**
 * The command line: `broadchurch <command> [options]`. Each command has --help.
 */
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import type { AnalysisReport } from './math/analyze.ts';
import { analyzeOnTwoThreads, stopBridgingThread } from './math/io/threads.ts';
import { startEmHelper } from './math/io/em-helper.ts';
import { buildMatrixFromColumns } from './math/matrix.ts';
import { PolisInputError, readGroupsFile, readPolisData } from './math/io/polis-csv.ts';
import fs from 'node:fs';
import type * as Platform from './cli-platform.ts';
import { PULSE_SUMMARY, PULSE_USAGE, runPulse } from './cli-pulse.ts';
import { COUNT_SUMMARY, COUNT_USAGE, runCount } from './cli-count.ts';

let loaded: typeof Platform | null = null;
/** The database and server code, loaded only by the commands that use them (`analyze` starts without). */
async function platform(): Promise<typeof Platform> {
  return (loaded ??= await import('./cli-platform.ts'));
}

/** A command was called wrongly; the usage is printed with the message. */
class UsageError extends Error {}

interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

async function open(config: Config): Promise<Platform.Database> {
  const { openDatabase } = await platform();
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'pglite', dataDir: config.dataDir, thread: true });
}

/**
 * `serve --role worker`: the analysis and the background jobs, no HTTP, until SIGTERM (or Ctrl-C), which
 * stops the jobs, releases the analysis leases (another worker takes the conversations over at once) and
 * closes the database.
 */
async function runWorker(config: Config, database: Platform.Database): Promise<number> {
  const { startWorker, stderrLog } = await platform();
  const stop = await startWorker({
    config,
    db: database.db,
    log: stderrLog,
    ...(database.listen ? { listen: database.listen } : {}),
  });
  process.on('unhandledRejection', (reason) => stderrLog('unhandled rejection', reason));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), 60_000).unref();
    try {
      await stop();
      await database.close();
      process.exit(0);
    } catch (e) {
      stderrLog('stopping failed', e);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  out(`Broadchurch worker is running: the analysis and the background jobs (database: ${where(config)}).`);
  return new Promise<number>(() => undefined);
}

const where = (config: Config) => (config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}`);

const COMMANDS: Record<string, Command> = {
  analyze: {
    summary: 'analyse a Polis export (groups, representative statements, consensus, common ground) as JSON',
    usage: [
      'broadchurch analyze DIR [--out FILE] [--groups FILE] [--method broadchurch|polis] [--seed N]',
      '',
      'DIR holds votes.csv + comments.csv, or participants-votes.csv + comments.csv (a Polis export).',
      '  --out FILE      write the report there instead of standard output',
      '  --groups FILE   fix the grouping: JSON { "<participant id>": <group id> }',
      "  --method NAME   broadchurch (default: latent-class groups, k = 1..8) or polis (Polis's pipeline)",
      '  --seed N        seed for every random choice (default 1); the same input and seed give the same report',
    ].join('\n'),
    async run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: 'string' },
          groups: { type: 'string' },
          method: { type: 'string' },
          seed: { type: 'string' },
        },
      });
      const [dir, ...extra] = positionals;
      if (!dir || extra.length > 0) throw new UsageError('give exactly one folder');
      const method = values.method ?? 'broadchurch';
      if (method !== 'broadchurch' && method !== 'polis')
        throw new UsageError(`--method must be broadchurch or polis, not "${method}"`);
      const seed = values.seed === undefined ? 1 : Number(values.seed);
      if (!Number.isInteger(seed) || seed < 0)
        throw new UsageError(`--seed must be a whole number, not "${values.seed ?? ''}"`);
      // A second core takes half of each EM pass; its thread starts while the votes are read.
      const helper = startEmHelper();
      let report: AnalysisReport;
      try {
        // The analysis needs the votes and the statements: not Polis's own groups.
        const data = readPolisData(dir, { groups: false });
        const groups = values.groups ? readGroupsFile(values.groups) : undefined;
        const m = buildMatrixFromColumns(data.columns, data.statements);
        report = await analyzeOnTwoThreads(m, { method, seed, ...(groups ? { groups } : {}) });
      } finally {
        helper?.stop();
        await stopBridgingThread();
      }
      const json = `${JSON.stringify(report)}\n`;
      if (values.out) {
        fs.writeFileSync(values.out, json);
        err(
          `Wrote ${values.out}: ${report.participants.length} participants, ${report.statements.length} statements, k = ${report.k} (${report.method}).`,
        );
      } else process.stdout.write(json);
      return 0;
    },
  },
  count: {
    summary: COUNT_SUMMARY,
    usage: COUNT_USAGE,
    run: (args) => Promise.resolve(runCount(args, (message) => new UsageError(message))),
  },
  pulse: {
    summary: PULSE_SUMMARY,
    usage: PULSE_USAGE,
    run: (args) => Promise.resolve(runPulse(args, (message) => new UsageError(message))),
  },
  serve: {
    summary: 'apply migrations, seed demo content into an empty database, serve the web app and API',
    usage: [
      'broadchurch serve [--no-seed] [--role all|api|worker]',
      '',
      'Listens on HOST:PORT (default 127.0.0.1:3000). See .env.example for every setting.',
      '--role all (the default) serves HTTP and runs the analysis and the background jobs. With PostgreSQL',
      '(DATABASE_URL) a large party splits them: any number of --role api processes (HTTP only) and one or',
      'more --role worker processes (analysis and jobs, no HTTP) on one database.',
    ].join('\n'),
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { 'no-seed': { type: 'boolean' }, role: { type: 'string', default: 'all' } },
      });
      const role = values.role;
      if (role !== 'all' && role !== 'api' && role !== 'worker')
        throw new UsageError(`--role must be all, api or worker, not "${role}"`);
      const config = (await platform()).loadConfig();
      if (role !== 'all' && !config.databaseUrl)
        throw new UsageError(
          `--role ${role} needs DATABASE_URL (PostgreSQL): the embedded database belongs to one process, which runs everything (--role all)`,
        );
      const { buildApp, isSeeded, migrate, seedDemo, startControlSocket } = await platform();
      const database = await open(config);
      const { applied } = await migrate(database.db);
      if (applied > 0) out(`Applied ${applied} migration(s) to the ${where(config)}.`);
      if (role === 'worker') return runWorker(config, database);
      let seeded = false;
      if (config.seedDemo && !values['no-seed'] && !(await isSeeded(database.db))) {
        const r = await seedDemo(database.db);
        out(
          `Seeded demo content: ${r.branches} branches, ${r.members} members, a conversation with ${r.conversation.participants} participants and ${r.conversation.votes} votes, a draft manifesto of ${r.manifesto.clauses} clauses, a register of ${r.canvass.electors} electors with ${r.canvass.walks} walks.`,
        );
        seeded = true;
      }
      const app = await buildApp({
        config,
        db: database.db,
        role,
        ...(database.listen ? { listen: database.listen } : {}),
      });
      // A promise nobody awaited that fails is logged (its kind and code) and the server goes on serving.
      process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
      await app.listen({ host: config.host, port: config.port });
      const closeControl = config.databaseUrl
        ? () => Promise.resolve()
        : await startControlSocket(config.dataDir, database.db, (msg, e) => app.log.error({ err: e }, msg));
      // SIGTERM (or Ctrl-C): stop accepting, end live streams with a retry hint, let requests in flight (and
      // the votes they wait on) finish, stop the jobs and release analysis leases, close the database.
      // A second signal, or a minute without finishing, stops at once.
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        app.log.info({ signal }, 'stopping: finishing the requests in flight');
        setTimeout(() => {
          app.log.error('stopping took over a minute; exiting now');
          process.exit(1);
        }, 60_000).unref();
        try {
          await app.close();
          await closeControl();
          await database.close();
          process.exit(0);
        } catch (e) {
          app.log.error({ err: e }, 'stopping failed');
          process.exit(1);
        }
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      out(
        `\nBroadchurch is running at ${config.publicUrl} (database: ${where(config)}${role === 'api' ? '; HTTP only, with workers running the analysis and jobs' : ''}).`,
      );
      if (seeded || config.seedDemo) {
        out(`Sign in as the demo admin: enter admin@demo.broadchurch.org at ${config.publicUrl}/sign-in,`);
        if (config.mail.transport === 'outbox')
          out(`then read the six-digit code in the mail outbox at ${config.publicUrl}/dev/outbox.`);
      }
      return new Promise<number>(() => undefined);
    },
  },
  backup: {
    summary: 'write a backup of the whole database (a consistent snapshot, also while the server runs)',
    usage: [
      'broadchurch backup FILE',
      '',
      'Writes a gzip file of JSON lines: every table, read in one consistent snapshot. Uses DATABASE_URL',
      'when set, otherwise PGlite in DATA_DIR (through the running server, if there is one). FILE must not',
      'exist yet. A backup restores into PGlite or PostgreSQL alike (see restore).',
    ].join('\n'),
    async run(args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) throw new UsageError('give exactly one file to write');
      if (fs.existsSync(file)) throw new UsageError(`${file} exists already; choose a new file`);
      const config = (await platform()).loadConfig();
      const { backupThroughSocket, writeBackup } = await platform();
      const partial = `${file}.partial`;
      const outFile = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
      try {
        let counts: Record<string, number> | null = null;
        // The embedded database's server, if one runs, takes the backup; else the database is opened here.
        if (config.databaseUrl || !(await backupThroughSocket(config.dataDir, outFile))) {
          const database = await open(config);
          try {
            counts = await writeBackup(database.db, outFile);
          } finally {
            await database.close();
          }
        }
        fs.renameSync(partial, file);
        const rows = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
        err(
          `Wrote ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB${rows === null ? '' : `, ${Object.keys(counts ?? {}).length} tables, ${rows} rows`}) from the ${where(config)}.`,
        );
        return 0;
      } catch (e) {
        fs.rmSync(partial, { force: true });
        throw e;
      }
    },
  },
  restore: {
    summary: 'restore a backup into an empty database',
    usage: [
      'broadchurch restore FILE',
      '',
      'Restores a backup written by `broadchurch backup` into DATABASE_URL, or PGlite in DATA_DIR (with no',
      'server running on it). Refuses a database that holds any row. The backup may come from either kind',
      'of database, and from an earlier version: later migrations are applied after the rows are in.',
    ].join('\n'),
    async run(args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) throw new UsageError('give exactly one backup file');
      if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
      const config = (await platform()).loadConfig();
      const { restoreBackup } = await platform();
      const database = await open(config);
      try {
        const counts = await restoreBackup(database.db, fs.createReadStream(file));
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        err(`Restored ${Object.keys(counts).length} tables, ${rows} rows into the ${where(config)}.`);
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  migrate: {
    summary: 'apply pending database migrations and exit',
    usage: 'broadchurch migrate\n\nUses DATABASE_URL when set, otherwise PGlite in DATA_DIR.',
    async run() {
      const config = (await platform()).loadConfig();
      const { migrate } = await platform();
      const database = await open(config);
      const { applied, total } = await migrate(database.db);
      out(`Applied ${applied} migration(s); ${total} in all on the ${where(config)}.`);
      await database.close();
      return 0;
    },
  },
  seed: {
    summary: 'apply migrations and seed the demo content into an empty database',
    usage: 'broadchurch seed\n\nRefuses (exit 1) when the database already holds branches.',
    async run() {
      const config = (await platform()).loadConfig();
      const { isSeeded, migrate, seedDemo } = await platform();
      const database = await open(config);
      await migrate(database.db);
      if (await isSeeded(database.db)) {
        err('The database already has content; seed only fills an empty database.');
        await database.close();
        return 1;
      }
      const r = await seedDemo(database.db);
      out(`Seeded ${r.branches} branches and ${r.members} members. Demo admin: ${r.adminEmail}`);
      await database.close();
      return 0;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'Usage: broadchurch <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    '',
    "Run `broadchurch <command> --help` for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`Unknown command: ${name}\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (
      e instanceof PolisInputError ||
      (loaded &&
        (e instanceof loaded.ConfigError ||
          e instanceof loaded.MigrationMismatchError ||
          e instanceof loaded.DataDirLockedError ||
          e instanceof loaded.BackupError))
    ) {
      err(e.message);
      return 1;
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      err(`${e.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    throw e;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
