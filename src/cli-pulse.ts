/**
 * `broadchurch pulse`: pools a poll series for one party and prints the report as JSON (points, not
 * proportions). The model is src/math/pulse.ts.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parseElectionsJson, parsePollsCsv, PulseInputError } from './math/io/polls-csv.ts';
import { dayNumber, pulseReport, PulseError, type HouseBreak } from './math/pulse-report.ts';

export const PULSE_SUMMARY =
  'pool a poll series for one party: house effects, s, the daily series with its 95% band';

export const PULSE_USAGE = [
  'broadchurch pulse POLLS.csv --party NAME --elections FILE [--drift] [--break POLLSTER@DATE] [--until DATE] [--out FILE]',
  '',
  'POLLS.csv has one row a poll: pollster, fieldwork start and end (YYYY-MM-DD), sample size, and one column',
  '  a party, in percent (column names: pollster|org, start|startDate, end|endDate, n|sampleSize).',
  '  --party NAME       the party column to pool',
  '  --elections FILE   the party\'s election results: [{"date": "YYYY-MM-DD", "share": percent}]',
  '  --drift            let each house effect drift as a slow random walk (its variance by maximum likelihood)',
  '  --break P@DATE     the pollster P changed its method on DATE: its polls from then on get a house effect',
  '                     of their own (repeat for several)',
  '  --until DATE       carry the series on to this date',
  '  --out FILE         write the report there instead of standard output',
].join('\n');

/** A file the user named, read, or a clear error naming it. */
function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PulseInputError(file, [
      { line: 0, message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})` },
    ]);
  }
}

function parseBreak(text: string, usage: (message: string) => Error): HouseBreak {
  const at = text.lastIndexOf('@');
  const pollster = text.slice(0, Math.max(at, 0)).trim();
  const date = text.slice(at + 1).trim();
  if (at <= 0 || pollster === '' || dayNumber(date) === null)
    throw usage(`--break must be POLLSTER@YYYY-MM-DD, not "${text}"`);
  return { pollster, date };
}

/** Runs the command; input errors print their message and give 1. */
export function runPulse(args: string[], usage: (message: string) => Error): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      party: { type: 'string' },
      elections: { type: 'string' },
      drift: { type: 'boolean' },
      break: { type: 'string', multiple: true },
      until: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usage('give exactly one poll file');
  if (!values.party) throw usage('--party is required');
  if (!values.elections) throw usage('--elections is required');
  if (values.until !== undefined && dayNumber(values.until) === null)
    throw usage(`--until must be a date written YYYY-MM-DD, not "${values.until}"`);
  try {
    const series = parsePollsCsv(readInput(file), file);
    if (!series.parties.includes(values.party))
      throw usage(
        `the poll file has no column "${values.party}"; its parties are ${series.parties.join(', ')}`,
      );
    const report = pulseReport({
      polls: series.polls,
      party: values.party,
      elections: parseElectionsJson(readInput(values.elections), values.elections),
      drift: values.drift ?? false,
      breaks: (values.break ?? []).map((b) => parseBreak(b, usage)),
      ...(values.until ? { until: values.until } : {}),
    });
    const json = `${JSON.stringify(report)}\n`;
    if (values.out) {
      fs.writeFileSync(values.out, json);
      process.stderr.write(
        `Wrote ${values.out}: ${values.party}, ${series.polls.length} polls, s = ${report.sigmaPointsPerDay} points a day, as of ${report.asOf}.\n`,
      );
    } else process.stdout.write(json);
    return 0;
  } catch (e) {
    if (e instanceof PulseInputError || e instanceof PulseError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
