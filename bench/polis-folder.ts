/**
 * A Polis export folder as a user downloads it, written from a synthetic conversation: comments.csv,
 * votes.csv (one line per vote) and, when asked, participants-votes.csv (a row per participant, a cell per
 * statement: the large file of the folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VoteMatrix } from '../src/math/matrix.ts';

/** Writes `text` in pieces of a megabyte or so, through `fd`. */
function writer(fd: number) {
  let chunk = '';
  return {
    add(text: string) {
      chunk += text;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    },
    end() {
      fs.writeSync(fd, chunk);
      fs.closeSync(fd);
    },
  };
}

export function writePolisFolder(dir: string, m: VoteMatrix, opts: { participantsVotes: boolean }): void {
  let comments = 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n';
  for (const s of m.statements) comments += `0,x,${s},0,0,0,1,Statement ${s}\n`;
  fs.writeFileSync(path.join(dir, 'comments.csv'), comments);
  const votes = writer(fs.openSync(path.join(dir, 'votes.csv'), 'w'));
  votes.add('timestamp,datetime,comment-id,voter-id,vote\n');
  let time = 1_700_000_000_000;
  for (let i = 0; i < m.participants.length; i++)
    for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++)
      votes.add(`${time++},Mon Jan 01 2024,${m.statements[m.rowCol[q]!]!},${i},${m.rowVal[q]!}\n`);
  votes.end();
  if (!opts.participantsVotes) return;
  const pv = writer(fs.openSync(path.join(dir, 'participants-votes.csv'), 'w'));
  pv.add(`participant,group-id,n-comments,n-votes,n-agree,n-disagree,${m.statements.join(',')}\n`);
  const row = new Array<string>(m.statements.length);
  for (let i = 0; i < m.participants.length; i++) {
    row.fill('');
    let agree = 0;
    let disagree = 0;
    for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++) {
      const v = m.rowVal[q]!;
      row[m.rowCol[q]!] = String(v);
      if (v > 0) agree++;
      else if (v < 0) disagree++;
    }
    const n = m.rowPtr[i + 1]! - m.rowPtr[i]!;
    pv.add(`${i},${i % 4},0,${n},${agree},${disagree},${row.join(',')}\n`);
  }
  pv.end();
}
