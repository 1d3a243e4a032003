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
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { jsonBatches, queryRows, type Executor } from '../db/client.ts';
import {
  electorSuppressions,
  electors,
  elections,
  registerImports,
  type RegisterImportKind,
} from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { audit } from '../core/audit.repo.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, type FieldIssue } from '../core/errors.ts';
import { branchFor } from './access.ts';
import { headerKey, MAX_PROBLEMS, Problems, readTable, type TableRow } from './csv-stream.ts';
import { dropStaged, repeatedNumbers, stageRows, stagedPage } from './register.repo.ts';
import { matchKey, normalise, parseAddress } from './walk-order.ts';

export const REGISTER_FIELDS = [
  'district',
  'number',
  'suffix',
  'markers',
  'dob',
  'surname',
  'forename',
  'name',
  'postcode',
  'address1',
  'address2',
  'address3',
  'address4',
  'address5',
  'address6',
  'uprn',
  'change',
  'postal',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];
export type ColumnMapping = Partial<Record<RegisterField, string>>;

const aliases = (pairs: [string[], RegisterField][]): Record<string, RegisterField> =>
  Object.fromEntries(pairs.flatMap(([names, field]) => names.map((n) => [headerKey(n), field])));

/** The headers of the layout supplied to parties (and common variants), by field. */
const ALIASES = aliases([
  [['Elector Number Prefix', 'PD', 'Polling District', 'Prefix'], 'district'],
  [['Elector Number', 'ENO', 'Number'], 'number'],
  [['Elector Number Suffix', 'Suffix'], 'suffix'],
  [['Elector Markers', 'Markers', 'Franchise Flag'], 'markers'],
  [['Elector DOB', 'DOB', 'Date of Attainment'], 'dob'],
  [['Elector Surname', 'Surname'], 'surname'],
  [['Elector Forename', 'Forename', 'First Name'], 'forename'],
  [['Elector Name', 'Name'], 'name'],
  [['PostCode', 'Post Code'], 'postcode'],
  [['Address1', 'Address 1'], 'address1'],
  [['Address2', 'Address 2'], 'address2'],
  [['Address3', 'Address 3'], 'address3'],
  [['Address4', 'Address 4'], 'address4'],
  [['Address5', 'Address 5'], 'address5'],
  [['Address6', 'Address 6'], 'address6'],
  [['UPRN', 'Property Reference'], 'uprn'],
  [['Change Type', 'Elector Change Type', 'Alteration', 'Status Type'], 'change'],
  [['Postal', 'Postal Voter', 'Absent Voter', 'AV'], 'postal'],
]);

const ADDRESS_FIELDS = ['address1', 'address2', 'address3', 'address4', 'address5', 'address6'] as const;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const DISTRICT = /^[A-Z0-9]{1,6}$/i;

export interface RegisterRow {
  line: number;
  district: string;
  number: number;
  suffix: number;
  markers: string;
  dob: string | null;
  surname: string;
  forename: string;
  postcode: string;
  address: string[];
  uprn: string | null;
  change: 'A' | 'M' | 'D';
}

/** One elector's number as printed: "BW1-123" or "BW1-123/1". */
export const electorNumber = (e: { district: string; number: number; suffix: number }): string =>
  `${e.district}-${e.number}${e.suffix ? `/${e.suffix}` : ''}`;

/** The columns that name an elector and their address. */
export interface ElectorNameRow {
  id: string;
  district: string;
  number: number;
  suffix: number;
  forename: string;
  surname: string;
  address: string[];
  postcode: string;
}

/** An elector as a person reads them: number, name and one-line address. */
export const presentElector = (r: ElectorNameRow) => ({
  id: r.id,
  electorNumber: electorNumber(r),
  name: `${r.forename} ${r.surname}`.trim(),
  address: [...r.address, r.postcode].join(', '),
});

/** A date of birth as 01/05/2008 or 2008-05-01 → '2008-05-01'; '' → null; anything else → undefined. */
export function parseDob(s: string): string | null | undefined {
  if (s === '') return null;
  let y: number, m: number, d: number;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) return undefined;
  return date.toISOString().slice(0, 10);
}

const CHANGES: Record<string, 'A' | 'M' | 'D'> = {
  a: 'A',
  addition: 'A',
  add: 'A',
  m: 'M',
  modification: 'M',
  amendment: 'M',
  amended: 'M',
  d: 'D',
  deletion: 'D',
  deleted: 'D',
};

/** Checks one register row; pushes its problems to `issues` and returns the row, or null when bad. */
function checkRow(
  { line, values, width, get }: TableRow<RegisterField>,
  kind: 'full' | 'update',
  issues: FieldIssue[],
): RegisterRow | null {
  const before = issues.length;
  const bad = (field: string, message: string) => issues.push({ line, field, message });
  if (values.length !== width) bad('row', `has ${values.length} fields; the header has ${width}`);
  const district = get('district').toUpperCase();
  if (!DISTRICT.test(district))
    bad(
      'Elector Number Prefix',
      district ? `"${district.slice(0, 10)}" is not a polling district code` : 'is required',
    );
  const numberText = get('number');
  if (!/^\d{1,7}$/.test(numberText))
    bad('Elector Number', numberText ? `"${numberText.slice(0, 10)}" is not a whole number` : 'is required');
  const suffixText = get('suffix');
  if (suffixText !== '' && !/^\d{1,4}$/.test(suffixText))
    bad('Elector Number Suffix', 'must be a whole number or empty');
  const markers = get('markers').toUpperCase();
  if (!/^[A-Z]{0,10}$/.test(markers)) bad('Elector Markers', 'must be letters only');
  const dob = parseDob(get('dob'));
  if (dob === undefined) bad('Elector DOB', 'must be a date like 01/05/2008 or 2008-05-01');
  let surname = get('surname');
  let forename = get('forename');
  const name = get('name');
  if (!surname && !forename && name) {
    const comma = name.indexOf(',');
    if (comma >= 0) {
      surname = name.slice(0, comma).trim();
      forename = name.slice(comma + 1).trim();
    } else {
      const parts = name.split(/\s+/);
      surname = parts.pop() ?? '';
      forename = parts.join(' ');
    }
  }
  const changeText = get('change').toLowerCase();
  const change = kind === 'update' ? CHANGES[changeText] : 'A';
  if (!change)
    bad(
      'Change Type',
      changeText ? `"${changeText.slice(0, 12)}" is not A, M or D` : 'is required in an update file',
    );
  const needsDetails = change !== 'D';
  if (needsDetails && !surname) bad('Elector Surname', 'is required');
  if (surname.length > 100 || forename.length > 100) bad('Elector Name', 'is longer than 100 characters');
  const postcode = get('postcode').toUpperCase().replace(/\s+/g, ' ');
  if (needsDetails && !POSTCODE.test(postcode))
    bad('PostCode', postcode ? `"${postcode.slice(0, 10)}" is not a postcode` : 'is required');
  const address = ADDRESS_FIELDS.map(get).filter((l) => l.length > 0);
  if (needsDetails && address.length === 0) bad('Address1', 'is required');
  if (address.some((l) => l.length > 120)) bad('Address', 'a line is longer than 120 characters');
  const uprn = get('uprn');
  if (uprn !== '' && !/^\d{1,12}$/.test(uprn)) bad('UPRN', 'must be up to 12 digits');
  if (issues.length > before || !change || dob === undefined) return null;
  return {
    line,
    district,
    number: Number(numberText),
    suffix: suffixText ? Number(suffixText) : 0,
    markers,
    dob,
    surname,
    forename,
    postcode,
    address,
    uprn: uprn || null,
    change,
  };
}

const numberKey = (e: { district: string; number: number; suffix: number }) =>
  `${e.district}|${e.number}|${e.suffix}`;
const uprnKey = (uprn: string, surname: string, forename: string) =>
  `${uprn}|${normalise(surname)}|${normalise(forename)}`;
export const suppressionHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** What is stored for a row: the register's fields and what is parsed from them for walks. */
export function electorValues(
  id: string,
  branchId: string,
  r: RegisterRow,
  key = matchKey(r.address, r.postcode, r.surname, r.forename),
) {
  const a = parseAddress(r.address, r.postcode);
  return {
    id,
    branch_id: branchId,
    district: r.district,
    number: r.number,
    suffix: r.suffix,
    markers: r.markers,
    dob: r.dob,
    surname: r.surname,
    forename: r.forename,
    postcode: r.postcode,
    address: r.address,
    uprn: r.uprn,
    match_key: key,
    street: a.street,
    house_number: a.houseNumber,
    door: a.door,
    building: a.building,
    flat: a.flat,
  };
}
type ElectorValues = ReturnType<typeof electorValues>;

const RECORD_TYPE = sql.raw(`x(id uuid, branch_id uuid, district text, number int, suffix int, markers text,
  dob date, surname text, forename text, postcode text, address text[], uprn text, match_key text,
  street text, house_number int, door text, building text, flat text)`);

export async function insertElectors(tx: Executor, rows: ElectorValues[]): Promise<void> {
  for (const json of jsonBatches(rows)) {
    await tx.execute(sql`insert into electors (id, branch_id, district, number, suffix, markers, dob, surname,
        forename, postcode, address, uprn, match_key, street, house_number, door, building, flat)
      select id, branch_id, district, number, suffix, markers, dob, surname, forename, postcode, address, uprn,
        match_key, street, house_number, door, building, flat
      from json_to_recordset(${json}::json) as ${RECORD_TYPE}`);
  }
}

async function updateElectors(tx: Executor, rows: ElectorValues[]): Promise<void> {
  for (const json of jsonBatches(rows)) {
    await tx.execute(sql`update electors e set district = x.district, number = x.number, suffix = x.suffix,
        markers = x.markers, dob = x.dob, surname = x.surname, forename = x.forename, postcode = x.postcode,
        address = x.address, uprn = x.uprn, match_key = x.match_key, street = x.street,
        house_number = x.house_number, door = x.door, building = x.building, flat = x.flat,
        removed_at = null, updated_at = now()
      from json_to_recordset(${json}::json) as ${RECORD_TYPE}
      where e.id = x.id`);
  }
}

async function removeElectors(tx: Executor, ids: string[]): Promise<void> {
  for (const json of jsonBatches(ids)) {
    await tx.execute(sql`update electors set removed_at = now(), updated_at = now()
      where id in (select value::uuid from json_array_elements_text(${json}::json))`);
  }
}

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

interface Existing {
  id: string;
  district: string;
  number: number;
  suffix: number;
  surname: string;
  forename: string;
  uprn: string | null;
  match_key: string;
  removed: boolean;
}

/** Finds existing electors again: by UPRN plus name first, then by address plus name; each found once. */
class Matcher {
  private readonly byUprn = new Map<string, Existing[]>();
  private readonly byKey = new Map<string, Existing[]>();
  readonly used = new Set<string>();
  constructor(existing: Existing[]) {
    const add = (map: Map<string, Existing[]>, key: string, e: Existing) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const e of existing) {
      if (e.uprn) add(this.byUprn, uprnKey(e.uprn, e.surname, e.forename), e);
      add(this.byKey, e.match_key, e);
    }
  }
  private take(map: Map<string, Existing[]>, key: string): Existing | undefined {
    const found = map.get(key)?.find((e) => !this.used.has(e.id));
    if (found) this.used.add(found.id);
    return found;
  }
  find(r: RegisterRow, key: string): Existing | undefined {
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
      await ctx.db.transaction(async (tx) => {
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
        await tx.insert(registerImports).values({
          id: importId,
          branchId: branch.id,
          kind: opts.kind,
          rows,
          added: applied.added,
          matched: applied.matched,
          removed: applied.removed,
          importedBy: actor.memberId,
        });
        await audit(tx, [
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
  const existing = await queryRows<Existing>(
    tx,
    sql`select id, district, number, suffix, surname, forename, uprn, match_key, removed_at is not null as removed
        from electors where branch_id = ${branchId}`,
  );
  const suppressed = new Set(
    (
      await tx
        .select({ h: electorSuppressions.keyHash })
        .from(electorSuppressions)
        .where(eq(electorSuppressions.branchId, branchId))
    ).map((r) => r.h),
  );
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

/**
 * Stores an election's turnout (replacing any it had) and marks its postal voters; returns the election's
 * id. Shared by the marked-register import and the demo seed.
 */
export async function storeTurnout(
  tx: Executor,
  branchId: string,
  name: string,
  heldOn: string,
  voted: readonly { electorId: string; postal: boolean }[],
): Promise<string> {
  const [election] = await tx
    .insert(elections)
    .values({ id: newId(), branchId, name, heldOn })
    .onConflictDoUpdate({ target: [elections.branchId, elections.name], set: { heldOn } })
    .returning({ id: elections.id });
  if (!election) throw new Error('the election was not stored');
  await tx.execute(sql`delete from elector_turnout where election_id = ${election.id}`);
  for (const json of jsonBatches(voted.map((r) => ({ e: r.electorId, p: r.postal })))) {
    await tx.execute(sql`insert into elector_turnout (elector_id, election_id, postal)
      select x.e, ${election.id}::uuid, x.p from json_to_recordset(${json}::json) as x(e uuid, p boolean)`);
    await tx.execute(sql`update electors set postal = true, updated_at = now()
      where id in (select x.e from json_to_recordset(${json}::json) as x(e uuid, p boolean) where x.p)`);
  }
  return election.id;
}

const TRUTHY = new Set(['y', 'yes', 'p', 'pv', 'postal', 'a', 'av', '1', 'true']);

/**
 * A marked register: each row is an elector (by elector number) who voted in the election; a "Postal"
 * column marks postal voters. Importing an election again replaces its turnout.
 */
export async function importMarkedRegister(
  ctx: ServiceContext,
  actor: Actor,
  opts: {
    branchId: string;
    election: string;
    heldOn: string;
    input: Readable | string;
    dryRun: boolean;
    mapping?: ColumnMapping;
  },
): Promise<RegisterImportResult & { election: string }> {
  const branch = await branchFor(ctx.db, actor, opts.branchId, 'canvass.import');
  const current = new Map(
    (
      await ctx.db
        .select({
          id: electors.id,
          district: electors.district,
          number: electors.number,
          suffix: electors.suffix,
        })
        .from(electors)
        .where(and(eq(electors.branchId, branch.id), isNull(electors.removedAt)))
    ).map((e) => [numberKey(e), e.id]),
  );
  const problems = new Problems();
  const voted = new Map<string, { electorId: string; postal: boolean; line: number }>();
  let count = 0;
  const required = [
    [['district'], 'Elector Number Prefix'],
    [['number'], 'Elector Number'],
  ] as const;
  for await (const { line, get } of readTable<RegisterField>(opts.input, ALIASES, opts.mapping, required)) {
    count++;
    const district = get('district').toUpperCase();
    const numberText = get('number');
    const suffixText = get('suffix');
    if (!DISTRICT.test(district) || !/^\d{1,7}$/.test(numberText) || !/^\d{0,4}$/.test(suffixText)) {
      problems.add({
        line,
        field: 'Elector Number',
        message: `"${`${district}-${numberText}`.slice(0, 20)}" is not an elector number`,
      });
      continue;
    }
    const e = { district, number: Number(numberText), suffix: suffixText ? Number(suffixText) : 0 };
    const id = current.get(numberKey(e));
    if (!id) {
      problems.add({ line, field: 'Elector Number', message: `${electorNumber(e)} is not on the register` });
      continue;
    }
    const first = voted.get(id);
    if (first) {
      problems.add({
        line,
        field: 'Elector Number',
        message: `repeats ${electorNumber(e)} from line ${first.line}`,
      });
      continue;
    }
    voted.set(id, { electorId: id, postal: TRUTHY.has(get('postal').toLowerCase()), line });
  }
  if (problems.lines > 0) problems.refuse(count);
  const rows = [...voted.values()];
  const result = {
    kind: 'marked' as const,
    dryRun: opts.dryRun,
    rows: count,
    added: rows.length,
    matched: rows.length,
    removed: 0,
    suppressed: 0,
    importId: null,
    election: opts.election,
  };
  if (opts.dryRun) return result;
  const importId = newId();
  await ctx.db.transaction(async (tx) => {
    const electionId = await storeTurnout(tx, branch.id, opts.election, opts.heldOn, rows);
    await tx.insert(registerImports).values({
      id: importId,
      branchId: branch.id,
      kind: 'marked',
      rows: count,
      added: rows.length,
      matched: rows.length,
      removed: 0,
      importedBy: actor.memberId,
    });
    await audit(tx, [
      {
        actorId: actor.memberId,
        action: 'import',
        subjectType: 'marked_register',
        subjectId: electionId,
        branchId: branch.id,
        detail: { rows: count, voted: rows.length, postal: rows.filter((r) => r.postal).length },
      },
    ]);
  });
  return { ...result, importId };
}

/** The branch's register at a glance: electors, districts, elections and the last imports. */
export async function registerSummary(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, ['canvass.organise', 'canvass.import']);
  const [totals] = await queryRows<{ electors: number; postal: number; removed: number }>(
    ctx.db,
    sql`select count(*) filter (where removed_at is null)::int as electors,
          count(*) filter (where removed_at is null and postal)::int as postal,
          count(*) filter (where removed_at is not null)::int as removed
        from electors e where ${branchIdWithin(sql`e.branch_id`, branch.path)}`,
  );
  const districts = await queryRows<{ district: string; electors: number }>(
    ctx.db,
    sql`select district, count(*)::int as electors from electors e
        where ${branchIdWithin(sql`e.branch_id`, branch.path)} and removed_at is null group by district order by district`,
  );
  const electionRows = await queryRows<{ id: string; name: string; heldOn: string; voted: number }>(
    ctx.db,
    sql`select el.id, el.name, el.held_on::text as "heldOn",
          (select count(*)::int from elector_turnout t where t.election_id = el.id) as voted
        from elections el where ${branchIdWithin(sql`el.branch_id`, branch.path)} order by el.held_on desc`,
  );
  const imports = await queryRows<{
    id: string;
    kind: string;
    rows: number;
    added: number;
    matched: number;
    removed: number;
    at: string;
  }>(
    ctx.db,
    sql`select i.id, i.kind, i.rows, i.added, i.matched, i.removed, i.created_at as at from register_imports i
        where ${branchIdWithin(sql`i.branch_id`, branch.path)} order by i.created_at desc limit 10`,
  );
  return {
    branch: { id: branch.id, name: branch.name },
    ...(totals ?? { electors: 0, postal: 0, removed: 0 }),
    districts,
    elections: electionRows,
    imports,
  };
}
