/**
 * Electoral register import: the full register, the monthly update files and marked registers.
 *
 * The file is parsed as it streams in and every row is checked; if any row is bad the whole file is refused
 * with each problem's line number and nothing is written. A good file is written in one transaction, in
 * batches passed as JSON (one parameter a batch, so 75,000 electors take seconds).
 *
 * A full register replaces the branch's register: each row is matched to an existing elector by UPRN plus
 * name, or else by address plus name, so that turnout history and canvass records survive the yearly
 * renumbering; electors no longer listed are marked removed. An update file's rows say A (addition),
 * M (modification, by elector number) or D (deletion, by elector number).
 */
import type { Readable } from 'node:stream';
import type { Executor } from '../db/client.ts';
import type { RegisterImportKind } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, type FieldIssue } from '../core/errors.ts';
import { branchFor } from './access.ts';
import { MAX_PROBLEMS, Problems, readTable } from './csv-stream.ts';
import {
  ALIASES,
  checkRow,
  electorNumber,
  electorValues,
  numberKey,
  suppressionHash,
  uprnKey,
  type ColumnMapping,
  type ElectorValues,
  type RegisterField,
  type RegisterRow,
} from './register-format.ts';
import {
  dropStaged,
  electorsForMatching,
  insertElectors,
  recordImport,
  registerFigures,
  removeElectors,
  repeatedNumbers,
  stageRows,
  stagedPage,
  refreshElectorStatistics,
  suppressionHashes,
  updateElectors,
  type ExistingElector,
} from './register.repo.ts';
import { matchKey } from './walk-order.ts';

export { importMarkedRegister } from './marked-register.service.ts';

export interface RegisterImportResult {
  kind: RegisterImportKind;
  dryRun: boolean;
  rows: number;
  added: number;
  matched: number;
  removed: number;
  /** Rows skipped because the elector was erased on request (they are not brought back). */
  suppressed: number;
  importId: string | null;
}

/** Staged rows are written and read back this many at a time. */
const STAGE_BATCH = 5000;

/**
 * Reads the header and the rows as the file streams in, checking each and staging the good ones in
 * batches; then finds elector numbers the file repeats. Memory stays bounded however large the file: the
 * rows are in the database and only the first problems are kept.
 */
async function stageRegister(
  db: Executor,
  importId: string,
  input: Readable | string,
  kind: 'full' | 'update',
  mapping: ColumnMapping | undefined,
): Promise<{ rows: number; problems: Problems }> {
  const problems = new Problems();
  let count = 0;
  let batch: { line: number; numberKey: string; row: RegisterRow }[] = [];
  const required: [RegisterField[], string][] = [
    [['district'], 'Elector Number Prefix'],
    [['number'], 'Elector Number'],
    [['surname', 'name'], 'Elector Surname (or Elector Name)'],
    [['postcode'], 'PostCode'],
    [['address1'], 'Address1'],
  ];
  if (kind === 'update') required.push([['change'], 'Change Type']);
  for await (const r of readTable(input, ALIASES, mapping, required)) {
    count++;
    const found: FieldIssue[] = [];
    const row = checkRow(r, kind, found);
    for (const issue of found) problems.add(issue);
    if (!row) continue;
    batch.push({ line: row.line, numberKey: numberKey(row), row });
    if (batch.length >= STAGE_BATCH) {
      await stageRows(db, importId, batch);
      batch = [];
    }
  }
  await stageRows(db, importId, batch);
  if (count === 0)
    throw new AppError('IMPORT_INVALID', 'The file has no rows', [
      { field: 'file', message: 'has no rows', line: 2 },
    ]);
  const repeats = await repeatedNumbers(db, importId, MAX_PROBLEMS);
  for (const d of repeats)
    problems.addLater({
      line: d.line,
      field: 'Elector Number',
      message: `repeats ${electorNumber(d)} from line ${d.first}`,
    });
  problems.countLines((repeats[0]?.total ?? 0) - repeats.length);
  return { rows: count, problems };
}

/** Finds existing electors again: by UPRN plus name first, then by address plus name; each found once. */
class Matcher {
  private readonly byUprn = new Map<string, ExistingElector[]>();
  private readonly byKey = new Map<string, ExistingElector[]>();
  readonly used = new Set<string>();
  constructor(existing: ExistingElector[]) {
    const add = (map: Map<string, ExistingElector[]>, key: string, e: ExistingElector) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const e of existing) {
      if (e.uprn) add(this.byUprn, uprnKey(e.uprn, e.surname, e.forename), e);
      add(this.byKey, e.match_key, e);
    }
  }
  private take(map: Map<string, ExistingElector[]>, key: string): ExistingElector | undefined {
    const found = map.get(key)?.find((e) => !this.used.has(e.id));
    if (found) this.used.add(found.id);
    return found;
  }
  find(r: RegisterRow, key: string): ExistingElector | undefined {
    return (
      (r.uprn ? this.take(this.byUprn, uprnKey(r.uprn, r.surname, r.forename)) : undefined) ??
      this.take(this.byKey, key)
    );
  }
}

/** Thrown inside a dry run's transaction to roll it back once its counts are known. */
class DryRunDone extends Error {}

export async function importRegister(
  ctx: ServiceContext,
  actor: Actor,
  opts: {
    branchId: string;
    kind: 'full' | 'update';
    input: Readable | string;
    dryRun: boolean;
    mapping?: ColumnMapping;
  },
): Promise<RegisterImportResult> {
  const branch = await branchFor(ctx.db, actor, opts.branchId, 'canvass.import');
  const importId = newId();
  try {
    const { rows, problems } = await stageRegister(ctx.db, importId, opts.input, opts.kind, opts.mapping);
    if (problems.lines > 0) problems.refuse(rows);
    let result: RegisterImportResult | null = null;
    try {
      await audited(ctx.db, async (tx, record) => {
        const applied = await applyRegister(tx, importId, branch.id, opts.kind);
        if (applied.problems.lines > 0) applied.problems.refuse(rows);
        result = {
          kind: opts.kind,
          dryRun: opts.dryRun,
          rows,
          added: applied.added,
          matched: applied.matched,
          removed: applied.removed,
          suppressed: applied.suppressed,
          importId: opts.dryRun ? null : importId,
        };
        if (opts.dryRun) throw new DryRunDone();
        await recordImport(tx, {
          id: importId,
          branchId: branch.id,
          kind: opts.kind,
          rows,
          added: applied.added,
          matched: applied.matched,
          removed: applied.removed,
          importedBy: actor.memberId,
        });
        record([
          {
            actorId: actor.memberId,
            action: 'import',
            subjectType: 'register',
            subjectId: importId,
            branchId: branch.id,
            detail: {
              kind: opts.kind,
              rows,
              added: applied.added,
              matched: applied.matched,
              removed: applied.removed,
            },
          },
        ]);
      });
    } catch (e) {
      if (!(e instanceof DryRunDone)) throw e;
    }
    if (!result) throw new Error('the register import produced no result');
    if (!opts.dryRun) await refreshElectorStatistics(ctx.db);
    return result;
  } finally {
    await dropStaged(ctx.db, importId).catch(() => undefined);
  }
}

/**
 * Applies a staged register inside the caller's transaction, a page of rows at a time: each row matched to
 * an existing elector (by UPRN and name, else address and name) or added; for update files, each M or D
 * row must name an elector on the register. A full register removes the electors it no longer lists.
 */
async function applyRegister(tx: Executor, importId: string, branchId: string, kind: 'full' | 'update') {
  const existing = await electorsForMatching(tx, branchId);
  const suppressed = await suppressionHashes(tx, branchId);
  const matcher = new Matcher(existing);
  const current = new Map(existing.filter((e) => !e.removed).map((e) => [numberKey(e), e]));
  const problems = new Problems();
  const removals: string[] = [];
  let added = 0;
  let matched = 0;
  let skipped = 0;
  for (let after = 0; ;) {
    const page = await stagedPage(tx, importId, after, STAGE_BATCH);
    if (page.length === 0) break;
    after = page.at(-1)?.line ?? after;
    const inserts: ElectorValues[] = [];
    const updates: ElectorValues[] = [];
    for (const { row: r } of page) {
      const key = matchKey(r.address, r.postcode, r.surname, r.forename);
      if (r.change === 'A') {
        if (suppressed.size > 0 && suppressed.has(suppressionHash(key))) {
          skipped++;
          continue;
        }
        const found = matcher.find(r, key);
        if (found) updates.push(electorValues(found.id, branchId, r, key));
        else inserts.push(electorValues(newId(), branchId, r, key));
        continue;
      }
      const target = current.get(numberKey(r));
      if (!target || matcher.used.has(target.id)) {
        problems.add({
          line: r.line,
          field: 'Elector Number',
          message: `${electorNumber(r)} is not on the register`,
        });
        continue;
      }
      matcher.used.add(target.id);
      if (r.change === 'D') removals.push(target.id);
      else updates.push(electorValues(target.id, branchId, r, key));
    }
    added += inserts.length;
    matched += updates.length;
    // Once the file is known to be refused, nothing more is written: the transaction will roll back.
    if (problems.lines === 0) {
      await insertElectors(tx, inserts);
      await updateElectors(tx, updates);
    }
  }
  if (kind === 'full') {
    for (const e of existing) if (!e.removed && !matcher.used.has(e.id)) removals.push(e.id);
  }
  if (problems.lines === 0) await removeElectors(tx, removals);
  return { added, matched, removed: removals.length, suppressed: skipped, problems };
}
/** The branch's register at a glance: electors, districts, elections and the last imports. */
export async function registerSummary(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, ['canvass.organise', 'canvass.import']);
  const { totals, districts, elections: electionRows, imports } = await registerFigures(ctx.db, branch.path);
  return {
    branch: { id: branch.id, name: branch.name },
    ...totals,
    districts,
    elections: electionRows,
    imports,
  };
}
