/**
 * What the command line's database and server commands need, in one module the command line imports only
 * when such a command runs: `analyze` needs none of it, and loading it (Fastify, Better Auth, PGlite, the
 * drivers) took longer than analysing a conversation of a million votes.
 */
export { ConfigError, loadConfig } from './config.ts';
export { BackupError, restoreBackup, writeBackup } from './db/backup.ts';
export { DataDirLockedError, openDatabase, type Database } from './db/client.ts';
export { backupThroughSocket, startControlSocket } from './server/control-socket.ts';
export { migrate, MigrationMismatchError } from './db/migrate.ts';
export { isSeeded, seedDemo } from './demo/index.ts';
export { buildApp, startWorker } from './server/app.ts';
export { stderrLog } from './lib/log.ts';
