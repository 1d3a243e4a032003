/** A knock-up list on paper: the round's pledges still to vote on a walk, in walking order, to tick off. */
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { knockupList } from './committee-room.service.ts';
import { dayFor } from './polling-day.service.ts';
import { doorSheet } from '../canvass/index.ts';

const RESULTS = 'P promised · V already voted · L needs a lift · N not in';

/** For the committee room only (an export, audited): the knocker gets the same list live on the phone. */
export async function knockupSheet(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  walkId: string,
): Promise<Buffer> {
  const day = await dayFor(ctx, actor, electionId);
  // The list is read (and its viewing recorded) by knockupList; printing it is an export of its own.
  const list = await knockupList(ctx, actor, electionId, walkId);
  await audited(ctx.db, (_tx, record) => {
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'knockup_list',
      subjectId: walkId,
      branchId: day.branch.id,
      detail: { election: electionId, electors: list.electors.length, round: list.round },
    });
    return Promise.resolve();
  });
  return doorSheet({
    title: `Knock-up: ${list.walk.name}`,
    key: `${day.name} · ${list.round ? `round of ${list.round}` : 'before the first round'} · ${list.electors.length} of ${list.pledges} pledges still to vote · ${RESULTS} · (PX) votes by proxy`,
    confidential:
      'Confidential: who has voted is personal data. Return this sheet to the committee room; never leave it behind.',
    rows: list.electors.map((e) => ({
      door: e.door,
      address: e.address.join(', '),
      line: `${e.number}  ${e.name}${e.proxy ? ' (PX)' : ''}`,
    })),
    boxes: 'Result ____',
    empty: 'Every pledge on this walk has voted.',
  });
}
