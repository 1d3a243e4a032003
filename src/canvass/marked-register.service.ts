/**
 * Marked register import: who voted in an election (by elector number), and who by post. Importing an
 * election again replaces its turnout.
 */
import type { Readable } from 'node:stream';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { branchFor } from './access.ts';
import { Problems, readTable } from './csv-stream.ts';
import {
  ALIASES,
  listedElector,
  numberKey,
  type ColumnMapping,
  type RegisterField,
} from './register-format.ts';
import {
  currentElectorNumbers,
  recordImport,
  refreshElectorStatistics,
  storeTurnout,
} from './register.repo.ts';
import type { RegisterImportResult } from './register.service.ts';

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
  const current = new Map((await currentElectorNumbers(ctx.db, branch.id)).map((e) => [numberKey(e), e.id]));
  const problems = new Problems();
  const voted = new Map<string, { electorId: string; postal: boolean; line: number }>();
  let count = 0;
  const required = [
    [['district'], 'Elector Number Prefix'],
    [['number'], 'Elector Number'],
  ] as const;
  for await (const { line, get } of readTable<RegisterField>(opts.input, ALIASES, opts.mapping, required)) {
    count++;
    const found = listedElector(get, line, current, voted);
    if ('problem' in found) {
      problems.add(found.problem);
      continue;
    }
    const id = found.id;
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
  await audited(ctx.db, async (tx, record) => {
    const electionId = await storeTurnout(tx, branch.id, opts.election, opts.heldOn, rows);
    await recordImport(tx, {
      id: importId,
      branchId: branch.id,
      kind: 'marked',
      rows: count,
      added: rows.length,
      matched: rows.length,
      removed: 0,
      importedBy: actor.memberId,
    });
    record([
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
  await refreshElectorStatistics(ctx.db);
  return { ...result, importId };
}
