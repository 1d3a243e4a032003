/**
 * A paper sheet of doors in walking order, a line per elector with boxes to fill in by hand: the walk sheet
 * and the knock-up sheet are both this, with their own key and boxes.
 */
import PDFDocument from 'pdfkit';

export interface DoorSheet {
  title: string;
  /** The small print under the title: counts and the key to the boxes. */
  key: string;
  /** Who the sheet goes back to, said on it. */
  confidential: string;
  rows: { door: number; address: string; line: string }[];
  /** The boxes at the right of every line. */
  boxes: string;
  /** Said when there are no rows. */
  empty?: string;
}

export function doorSheet(sheet: DoorSheet): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: sheet.title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(16).text(sheet.title);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text(sheet.key)
    .text(sheet.confidential)
    .moveDown(0.6);
  let lastDoor = 0;
  for (const r of sheet.rows) {
    if (doc.y > 770) doc.addPage();
    if (r.door !== lastDoor) {
      lastDoor = r.door;
      doc
        .moveDown(0.3)
        .fillColor('#000000')
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${r.door}. ${r.address}`);
    }
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#000000')
      .text(`      ${r.line}`, { continued: true })
      .text(`      ${sheet.boxes}`, { align: 'right' });
  }
  if (sheet.rows.length === 0 && sheet.empty) doc.fontSize(11).text(sheet.empty);
  doc.end();
  return done;
}
