/**
 * Import of a members CSV into a branch. Every row is validated first; if any row is bad the whole file is
 * refused with each bad row's line number, and nothing is written. A good file is written in one
 * transaction.
 *
 * Columns (header row required, any order): name, email, phone (optional), ward (a ward code),
 * joined_on (YYYY-MM-DD, optional: today), status (optional: active).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MEMBER_STATUSES } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, forbidden, notFound, type FieldIssue } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import { allBranches, branchById } from './branch.repo.ts';
import { insertMembers, memberIdsByEmail, type NewMember } from './member.repo.ts';
import { email, name, phone } from '../contract/members.ts';
import { can, type Actor } from '../core/permissions.ts';
import { isWithin } from '../core/branch-tree.ts';

export const MAX_IMPORT_ROWS = 50_000;
const REQUIRED = ['name', 'email', 'ward'] as const;
const KNOWN = new Set(['name', 'email', 'phone', 'ward', 'joined_on', 'status']);

const rowSchema = z.strictObject({
  name,
  email,
  phone: z.union([z.literal(''), phone]).transform((v) => v || null),
  ward: z.string().trim().min(1, 'is required'),
  joined_on: z
    .union([z.literal(''), z.iso.date('must be a date like 2026-05-01')])
    .transform((v) => v || new Date().toISOString().slice(0, 10)),
  status: z
    .union([
      z.literal(''),
      z.enum(MEMBER_STATUSES.filter((s) => s !== 'erased') as ['active', 'lapsed', 'suspended']),
    ])
    .transform((v) => v || 'active'),
});

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  imported: number;
  /** Rows whose joining date is before today (each audited). */
  backdated: number;
}

function parseCsv(text: string): { header: string[]; records: { line: number; values: string[] }[] } {
  try {
    const out = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_quotes: false,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    const [head, ...rest] = out;
    if (!head)
      throw new AppError('IMPORT_INVALID', 'The file is empty', [
        { field: 'file', message: 'is empty', line: 1 },
      ]);
    return {
      header: head.record.map((h) => h.toLowerCase().replace(/\s+/g, '_')),
      records: rest.map((r) => ({ line: r.info.lines, values: r.record })),
    };
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined;
      throw new AppError('IMPORT_INVALID', `The file is not valid CSV${line ? ` (line ${line})` : ''}`, [
        {
          field: 'file',
          message: err.message.replace(/^Invalid Record Length: /, ''),
          ...(line ? { line } : {}),
        },
      ]);
    }
    throw err;
  }
}

export async function importMembersCsv(
  ctx: ServiceContext,
  actor: Actor,
  opts: { branchId: string; csv: string; dryRun: boolean },
): Promise<ImportResult> {
  const target = await branchById(ctx.db, opts.branchId);
  if (!target) throw notFound('Branch');
  if (!can(actor, 'members.import', target.path))
    throw forbidden('You cannot import members into that branch');

  const { header, records } = parseCsv(opts.csv);
  const headerIssues: FieldIssue[] = [
    ...REQUIRED.filter((c) => !header.includes(c)).map((c) => ({
      field: c,
      message: 'column is missing',
      line: 1,
    })),
    ...header
      .filter((c) => !KNOWN.has(c))
      .map((c) => ({ field: c, message: 'is not a known column', line: 1 })),
  ];
  if (headerIssues.length > 0)
    throw new AppError('IMPORT_INVALID', 'The header row is not right', headerIssues);
  if (records.length === 0)
    throw new AppError('IMPORT_INVALID', 'The file has no rows', [
      { field: 'file', message: 'has no rows', line: 2 },
    ]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw new AppError('IMPORT_INVALID', `A file may hold at most ${MAX_IMPORT_ROWS} rows`, [
      { field: 'file', message: `has ${records.length} rows` },
    ]);
  }

  const wards = new Map(
    (await allBranches(ctx.db))
      .filter((b) => b.kind === 'ward' && isWithin(b.path, target.path))
      .map((b) => [b.code, b]),
  );
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const valid: (NewMember & { line: number })[] = [];
  for (const { line, values } of records) {
    const raw = Object.fromEntries(
      [...KNOWN].map((k) => {
        const i = header.indexOf(k);
        return [k, i >= 0 ? (values[i] ?? '') : ''];
      }),
    );
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ line, field: String(i.path[0] ?? 'row'), message: i.message });
      continue;
    }
    const r = parsed.data;
    const ward = wards.get(r.ward.toUpperCase());
    if (!ward) {
      issues.push({
        line,
        field: 'ward',
        message: `"${r.ward.slice(0, 20)}" is not a ward in ${target.name}`,
      });
      continue;
    }
    const first = seen.get(r.email);
    if (first !== undefined) {
      issues.push({ line, field: 'email', message: `repeats the email on line ${first}` });
      continue;
    }
    seen.set(r.email, line);
    valid.push({
      line,
      id: newId(),
      name: r.name,
      email: r.email,
      phone: r.phone,
      homeWardId: ward.id,
      joinedOn: r.joined_on,
      status: r.status,
      invitedBy: null,
    });
  }
  const existing = await memberIdsByEmail(
    ctx.db,
    valid.map((v) => v.email),
  );
  for (const v of valid) {
    if (existing.has(v.email))
      issues.push({ line: v.line, field: 'email', message: 'already belongs to a member' });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new AppError(
      'IMPORT_INVALID',
      `${new Set(issues.map((i) => i.line)).size} of ${records.length} rows have problems; nothing was imported`,
      issues.slice(0, 500),
    );
  }
  // A joining date before today is a claim the file makes: each such row is audited with its date, so an
  // organiser who back-dates members (to make them eligible for a ballot, say) leaves a trail.
  const today = new Date().toISOString().slice(0, 10);
  const backdated = valid.filter((v) => v.joinedOn < today);
  if (!opts.dryRun) {
    await audited(ctx.db, async (tx, record) => {
      for (let i = 0; i < valid.length; i += 1000) {
        await insertMembers(
          tx,
          valid.slice(i, i + 1000).map(({ line: _line, ...m }) => m),
        );
      }
      record([
        {
          actorId: actor.memberId,
          action: 'import',
          subjectType: 'member',
          branchId: target.id,
          detail: { rows: valid.length, backdated: backdated.length },
        },
        ...backdated.map((v) => ({
          actorId: actor.memberId,
          action: 'import' as const,
          subjectType: 'member' as const,
          subjectId: v.id,
          branchId: v.homeWardId,
          detail: { joinedOn: v.joinedOn, backdated: true, line: v.line },
        })),
      ]);
    });
  }
  return {
    dryRun: opts.dryRun,
    rows: records.length,
    imported: opts.dryRun ? 0 : valid.length,
    backdated: backdated.length,
  };
}
