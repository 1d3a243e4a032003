/**
 * `broadchurch count FILE.blt`: counts a ballot file (the BLT format election tools share) by first past the
 * post, the alternative vote, Scottish STV or Meek STV, and prints the count round by round (a table, or
 * JSON with --json). The rules are src/math/count*.ts.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { BltError, parseBlt } from './math/io/blt.ts';
import { countElection, CountError, METHODS, type CountResult, type Method } from './math/count.ts';

export const COUNT_SUMMARY = 'count a ballot file (BLT) by fptp, av, scottish-stv or meek, round by round';

export const COUNT_USAGE = [
  'broadchurch count FILE.blt --method fptp|av|scottish-stv|meek [--json] [--seed TEXT]',
  '',
  'FILE.blt: "candidates seats", then one line a ballot ("weight prefs… 0"), a line "0", the candidates’',
  '  names (in quotes or not) and the election’s title; withdrawn candidates as negative numbers.',
  '  --method NAME   fptp (most first preferences), av (alternative vote, one seat), scottish-stv (the',
  '                  Scottish Local Government Elections Order 2007) or meek (Meek STV, reference rule)',
  '  --json          print {"method", "seats", "quota", "elected", "rounds": [{"votes", "elected",',
  '                  "excluded", "nonTransferable"}], "ties", "seed"}: the first round holds the first',
  '                  preferences, each later round the totals after one transfer',
  '  --seed TEXT     the seed of the lot, used only for a tie equal at every round (default: drawn from',
  '                  the ballots, so a count is the same each time it is run)',
].join('\n');

const fmt = (v: number) => v.toFixed(5).replace(/\.?0+$/, '') || '0';

/** The count as a table: a column a round, a row a candidate. */
export function countTable(r: CountResult): string {
  const names = Object.keys(r.rounds[0]?.votes ?? {});
  const width = Math.max(16, ...names.map((n) => n.length));
  const head = `${'Candidate'.padEnd(width)}${r.rounds.map((_, i) => `Round ${i + 1}`.padStart(13)).join('')}`;
  const mark = (name: string) => (r.elected.includes(name) ? ' *' : '');
  const rows = names.map(
    (n) => `${(n + mark(n)).padEnd(width)}${r.rounds.map((x) => fmt(x.votes[n] ?? 0).padStart(13)).join('')}`,
  );
  const nt = `${'Non-transferable'.padEnd(width)}${r.rounds.map((x) => fmt(x.nonTransferable).padStart(13)).join('')}`;
  const events = r.rounds.flatMap((x, i) => [
    ...x.elected.map((n) => `Round ${i + 1}: ${n} elected`),
    ...x.excluded.map(
      (n) => `Round ${i + 1}: ${n} excluded (fewest votes); their papers move in round ${i + 2}`,
    ),
  ]);
  const ties = r.ties.map(
    (t) =>
      `Round ${t.round}: tie for ${t.decides} between ${t.between.join(', ')}: ${t.chosen}, ${t.by === 'lot' ? `by lot (seed "${r.seed}")` : 'by the most recent round where they differed'}`,
  );
  return [
    `${r.title || 'Election'}: ${r.method}, ${r.seats} ${r.seats === 1 ? 'seat' : 'seats'}${r.quota === null ? '' : `, quota ${fmt(r.quota)}`}`,
    '',
    head,
    ...rows,
    nt,
    '',
    ...events,
    ...ties,
    '',
    `Elected: ${r.elected.join(', ')}`,
  ].join('\n');
}

/** Runs the command; a bad file or an uncountable election prints its message and gives 1. */
export function runCount(args: string[], usage: (message: string) => Error): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { method: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usage('give exactly one ballot file');
  const method = values.method as Method | undefined;
  if (!method || !METHODS.includes(method))
    throw usage(`--method must be one of ${METHODS.join(', ')}${method ? `, not "${method}"` : ''}`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(
      `${file}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`}\n`,
    );
    return 1;
  }
  try {
    const result = countElection(parseBlt(text, file), method, values.seed);
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${countTable(result)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof BltError || e instanceof CountError) {
      process.stderr.write(`${e instanceof CountError ? `${file}: ` : ''}${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
