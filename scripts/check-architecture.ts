/**
 * `npm run check:architecture`: the shape ARCHITECTURE.md describes, checked. It fails on
 *
 *   sql              SQL (drizzle, the tables, queryRows) outside a `*.repo.ts` file or src/db
 *   internals        a file reaching into another domain's files instead of its `index.ts`
 *   domain-index     a domain folder without an `index.ts`
 *   cycle            folders of src/ that import each other, round a cycle (type-only imports count: a
 *                    type that crosses a boundary is a dependency like any other)
 *   web-imports-src  web/ importing from src/ anything but the API contract (src/contract)
 *   web-api-url      web/src naming an /api/ URL anywhere but the typed client (web/src/api.ts)
 *   too-long         a source file over 400 lines, or a route test over 400
 *   contract-leaf    src/contract importing anything but zod and itself (the web app takes it whole)
 *   audit-bypass     the audit log appended to (appendAudit) anywhere but core/audited.ts, or `unaudited`
 *                    used in a domain (only the demo's seeding, tests and benchmarks act for nobody)
 *
 * The domains are the folders of src/ that are not layers (LAYERS): a new folder is a domain, and must have
 * an `index.ts`.
 *
 * Debts the code still carries are listed in scripts/architecture-debts.txt, one per line; the check fails
 * on any violation not listed there and on any listed one that is gone (so the list only shrinks).
 * `--write-debts` rewrites the list from what the code holds now (for removing paid debts).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const DEBTS = path.join(root, 'scripts/architecture-debts.txt');
const MAX_LINES = 400;
/**
 * The folders of src/ that are layers, not domains: what every domain may use (core, lib, db, contract, the
 * engine) and what puts them together (server, jobs, demo). Every other folder is a domain.
 */
export const LAYERS = ['core', 'lib', 'db', 'contract', 'math', 'server', 'jobs', 'demo'] as const;

/** The product's domains: the folders of src/ that are not layers. Each exposes `index.ts`. */
export function domainsIn(srcDir: string): string[] {
  return fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !(LAYERS as readonly string[]).includes(e.name))
    .map((e) => e.name)
    .sort();
}

const isSource = (f: string) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts');
const isRouteTest = (f: string) => /\.routes\.test\.ts$/.test(f);
/** A string naming an API URL: '/api/…', `/api/…` or "/api". */
const API_URL = /['"`]\/api(?:\/|['"`])/;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' || e.name === 'node_modules' ? [] : walk(p);
    return isSource(p) ? [p] : [];
  });
}

/** Every test file under `dir`. */
function walkTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walkTests(p);
    return /\.test\.tsx?$/.test(p) ? [p] : [];
  });
}

interface Import {
  /** As written. */
  spec: string;
  /** Repository-relative target, for relative imports. */
  target: string | null;
  typeOnly: boolean;
  /** The names a named import takes as values (not `type X`); null for a namespace or side-effect import. */
  values: string[] | null;
}

/** Static imports and re-exports (`import type` noted), and dynamic `import()` calls. */
export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[4] ?? m[5] ?? '';
    const typeOnly = Boolean(m[2]);
    const target = spec.startsWith('.')
      ? path
          .relative(root, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/')
      : null;
    const named = /^\s*\{([^}]*)\}\s*from\s*$/.exec(m[3] ?? '');
    const values = named
      ? (named[1] ?? '')
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n && !n.startsWith('type '))
          .map((n) => n.split(/\s+as\s+/)[0] ?? n)
      : null;
    found.push({ spec, target, typeOnly, values });
  }
  return found;
}

export interface Violation {
  rule:
    | 'sql'
    | 'internals'
    | 'domain-index'
    | 'cycle'
    | 'web-imports-src'
    | 'web-api-url'
    | 'too-long'
    | 'contract-leaf'
    | 'audit-bypass';
  /** The stable line that names it in the debts list. */
  key: string;
  detail: string;
}

/** The top folder of a file under src/ (a file at src/'s root, such as `cli.ts`, is a node of its own). */
function folderOf(rel: string): string | null {
  const parts = rel.split('/');
  if (parts[0] !== 'src') return null;
  return parts.length > 2 ? (parts[1] ?? null) : (parts[1] ?? '').replace(/\.tsx?$/, '');
}

export function check(files: Map<string, string>, domains: readonly string[]): Violation[] {
  const out: Violation[] = [];
  const edges = new Map<string, Set<string>>();
  for (const d of domains)
    if (![...files.keys()].includes(`src/${d}/index.ts`))
      out.push({
        rule: 'domain-index',
        key: `domain-index src/${d}`,
        detail: `src/${d} is a domain (not a layer): give it an index.ts that is its public face`,
      });
  for (const [rel, text] of files) {
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES)
      out.push({ rule: 'too-long', key: `too-long ${rel}`, detail: `${lines} lines (at most ${MAX_LINES})` });
    if (isRouteTest(rel)) continue;
    const imports = importsOf(path.join(root, rel), text);
    const folder = folderOf(rel);

    if (rel.startsWith('web/')) {
      if (rel !== 'web/src/api.ts' && API_URL.test(text))
        out.push({
          rule: 'web-api-url',
          key: `web-api-url ${rel}`,
          detail: 'call the API through the typed client (web/src/api.ts), never by a URL of its own',
        });
      for (const i of imports) {
        if (i.target?.startsWith('src/') && !i.target.startsWith('src/contract/'))
          out.push({
            rule: 'web-imports-src',
            key: `web-imports-src ${rel} -> ${i.target}`,
            detail: 'the web app imports only the API contract (src/contract) from src/',
          });
      }
      continue;
    }
    if (!folder) continue;

    if (folder === 'contract')
      for (const i of imports) {
        const inside = i.target?.startsWith('src/contract/') ?? false;
        if (!inside && i.spec !== 'zod')
          out.push({
            rule: 'contract-leaf',
            key: `contract-leaf ${rel} -> ${i.spec}`,
            detail: 'the API contract imports only zod and its own files (the web app bundles it)',
          });
      }

    if (rel !== 'src/core/audited.ts' && imports.some((i) => i.values?.includes('appendAudit')))
      out.push({
        rule: 'audit-bypass',
        key: `audit-bypass ${rel} appendAudit`,
        detail: 'audit through core/audited.ts (audited), which writes the entries with the work they record',
      });
    if (folder !== 'demo' && imports.some((i) => i.values?.includes('unaudited')))
      out.push({
        rule: 'audit-bypass',
        key: `audit-bypass ${rel} unaudited`,
        detail: 'a domain changes or reads personal data inside audited(); unaudited is for the demo alone',
      });
    const inDb = rel.startsWith('src/db/');
    const isRepo = rel.endsWith('.repo.ts');
    const usesSql =
      imports.some(
        (i) =>
          !i.typeOnly &&
          (i.spec === 'drizzle-orm' ||
            i.spec.startsWith('drizzle-orm/') ||
            (i.target !== null &&
              i.target.startsWith('src/db/schema') &&
              // The schema's constants (enums such as ROLES) are not SQL; its tables are.
              !(i.values !== null && i.values.every((n) => /^[A-Z][A-Z0-9_]*$/.test(n))))),
      ) || /\bqueryRows\s*</.test(text);
    if (usesSql && !inDb && !isRepo)
      out.push({
        rule: 'sql',
        key: `sql ${rel}`,
        detail: 'SQL (drizzle, the tables or queryRows) belongs in a *.repo.ts file',
      });

    for (const i of imports) {
      if (!i.target?.startsWith('src/')) continue;
      const to = folderOf(i.target);
      if (!to || to === folder) continue;
      const set = edges.get(folder) ?? new Set<string>();
      set.add(to);
      edges.set(folder, set);
      const domain = domains.includes(to);
      if (domain && i.target !== `src/${to}/index.ts`)
        out.push({
          rule: 'internals',
          key: `internals ${rel} -> ${i.target}`,
          detail: `import ${to}'s public src/${to}/index.ts instead`,
        });
    }
  }
  for (const cycle of cycles(edges))
    out.push({
      rule: 'cycle',
      key: `cycle ${cycle.join(' ')}`,
      detail: 'these folders import each other (types included)',
    });
  return out;
}

/** The strongly connected sets of more than one folder (Tarjan), each sorted. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        set.push(w);
        if (w === v) break;
      }
      if (set.length > 1) found.push(set.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a.join().localeCompare(b.join()));
}

function readSources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of [...walk(path.join(root, 'src')), ...walk(path.join(root, 'web/src'))])
    files.set(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8'));
  // Route tests are held to the length of a source file too: HTTP's part only, the rules tested below it.
  for (const f of walkTests(path.join(root, 'src')).filter(isRouteTest))
    files.set(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8'));
  return files;
}

function main(): void {
  const violations = check(readSources(), domainsIn(path.join(root, 'src')));
  const keys = [...new Set(violations.map((v) => v.key))].sort();
  if (process.argv.includes('--write-debts')) {
    fs.writeFileSync(
      DEBTS,
      `# Architecture debts still carried (scripts/check-architecture.ts). Pay them; never add one.\n${keys.join('\n')}\n`,
    );
    process.stdout.write(`${keys.length} debts written to ${path.relative(root, DEBTS)}\n`);
    return;
  }
  const debts = new Set(
    fs
      .readFileSync(DEBTS, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const fresh = violations.filter((v) => !debts.has(v.key));
  const paid = [...debts].filter((d) => !keys.includes(d));
  for (const v of fresh) process.stdout.write(`✗ ${v.key}\n    ${v.detail}\n`);
  for (const d of paid) process.stdout.write(`✗ paid, so remove it from the debts: ${d}\n`);
  const byRule = new Map<string, number>();
  for (const k of keys) byRule.set(k.split(' ')[0] ?? '', (byRule.get(k.split(' ')[0] ?? '') ?? 0) + 1);
  process.stdout.write(
    `architecture: ${fresh.length} new violation(s), ${paid.length} paid debt(s) still listed; ` +
      `${debts.size} debts carried (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})\n`,
  );
  if (fresh.length > 0 || paid.length > 0) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) main();
