/**
 * How the server's parts report a failure they survive: one logger, handed down (the HTTP server's pino
 * logger in an API process, standard error as JSON lines in a worker or a tool). An error is logged as
 * lib/safe-log.ts writes it: its kind, code and stack, never its values.
 */
import { safeError } from './safe-log.ts';

export type Log = (msg: string, err?: unknown) => void;

/** JSON lines on standard error, in the fields pino writes. */
export const stderrLog: Log = (msg, err) => {
  process.stderr.write(
    `${JSON.stringify({ level: 50, time: Date.now(), msg, ...(err === undefined ? {} : { err: safeError(err) }) })}\n`,
  );
};
