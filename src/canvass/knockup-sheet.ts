/** A knock-up list on paper: the round's pledges still to vote on a walk, in walking order, to tick off. */
import PDFDocument from 'pdfkit';
import type { ServiceContext } from '../lib/context.ts';
import { audit } from '../core/audit.repo.ts';
import type { Actor } from '../core/permissions.ts';
import { knockupList } from './committee-room.service.ts';
import { dayFor } from './polling.service.ts';

const RESULTS = 'P promised · V already voted · L needs a lift · N not in';

/** For the committee room only (an export, audited): the knocker gets the same list live on the phone. */
export async function knockupSheet(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  walkId: string,
): Promise<Buffer> {
  const day = await dayFor(ctx, actor, electionId);
  const list = await knockupList(ctx, actor, electionId, walkId);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'knockup_list',
      subjectId: walkId,
      branchId: day.branch.id,
      detail: { election: electionId, electors: list.electors.length, round: list.round },
    },
  ]);
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Knock-up: ${list.walk.name}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(16).text(`Knock-up: ${list.walk.name}`);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text(
      `${day.name} · ${list.round ? `round of ${list.round}` : 'before the first round'} · ${list.electors.length} of ${list.pledges} pledges still to vote · ${RESULTS} · (PX) votes by proxy`,
    )
    .text(
      'Confidential: who has voted is personal data. Return this sheet to the committee room; never leave it behind.',
    )
    .moveDown(0.6);
  let lastDoor = 0;
  for (const e of list.electors) {
    if (doc.y > 770) doc.addPage();
    if (e.door !== lastDoor) {
      lastDoor = e.door;
      doc
        .moveDown(0.3)
        .fillColor('#000000')
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${e.door}. ${e.address.join(', ')}`);
    }
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#000000')
      .text(`      ${e.number}  ${e.name}${e.proxy ? ' (PX)' : ''}`, { continued: true })
      .text('      Result ____', { align: 'right' });
  }
  if (list.electors.length === 0) doc.fontSize(11).text('Every pledge on this walk has voted.');
  doc.end();
  return done;
}
