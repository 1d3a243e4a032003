/** The paper walk sheet: a PDF of a walk's doors and electors, to mark by hand. */
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { walkFor } from './walk.service.ts';
import { walkElectorsOf } from './walk.repo.ts';
import { absentOnWalk } from './doorstep.repo.ts';
import { doorSheet } from './door-sheet.ts';

/** How the sheet marks an absent voter after their name. */
const ABSENT_MARK = { none: '', postal: ' (PV)', proxy: ' (PX)', postal_proxy: ' (PP)' } as const;

/**
 * The paper walk sheet: doors in order, a line per elector with boxes to mark by hand. An export, so for
 * organisers only (they print it and hand it over with the walk) and audited.
 */
export async function walkSheet(
  ctx: ServiceContext,
  actor: Actor,
  walkId: string,
): Promise<{ pdf: Buffer; name: string }> {
  const { walk } = await walkFor(ctx, actor, walkId);
  const { electorsOfWalk, absent } = await audited(ctx.db, async (tx, record) => {
    const electorsOfWalk = await walkElectorsOf(tx, walk.id);
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'walk_sheet',
      subjectId: walk.id,
      branchId: walk.branchId,
      detail: { electors: electorsOfWalk.length },
    });
    return { electorsOfWalk, absent: await absentOnWalk(tx, walk.id) };
  });
  const pdf = await doorSheet({
    title: walk.name,
    key: `${walk.doors} doors · ${electorsOfWalk.length} electors · Outcome: NI not in, S spoke, R refused, M moved, D deceased, X inaccessible, DNK do not knock · Intention code and strength 1–3 · (PV) postal vote, (PX) proxy, (PP) proxy by post`,
    confidential:
      'Confidential: special-category data. Return this sheet to your organiser; never leave it behind.',
    rows: electorsOfWalk.map((e) => ({
      door: e.door,
      address: e.address,
      line: `${e.electorNumber}  ${e.name}${ABSENT_MARK[absent.get(e.id) ?? 'none']}`,
    })),
    boxes: 'Outcome ____  Intention ____  Flags ______  Issues ______________',
  });
  return { pdf, name: walk.name };
}
