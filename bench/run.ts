/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Each prints JSON lines.
 */
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  engine: () => import('./engine.ts'),
  'analyze-cli': () => import('./analyze-cli.ts'),
  analyze: () => import('./analyze.ts'),
  'polis-agreement': () => import('./polis-agreement.ts'),
  ingest: () => import('./ingest.ts'),
  live: () => import('./live.ts'),
  'cross-live': () => import('./cross-live.ts'),
  doorstep: () => import('./doorstep.ts'),
  streams: () => import('./streams.ts'),
  notifications: () => import('./notifications.ts'),
  'mail-blast': () => import('./mail-blast.ts'),
  'polling-day': () => import('./polling-day.ts'),
  pulse: () => import('./pulse.ts'),
  count: () => import('./count.ts'),
  'page-weight': () => import('./page-weight.ts'),
  day: () => import('./day.ts'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}\n`,
  );
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) await (await BENCHES[name]!()).run();
