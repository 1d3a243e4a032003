/**
 * A file's lines, read in blocks of 4 MB or more (a line longer than a block grows it), in bounded memory
 * whatever the file's size. `line` gets the block and the line's byte range, without its newline or a
 * carriage return before it; the last line may lack its newline.
 */
import fs from 'node:fs';

export function eachLine(file: string, line: (buf: Buffer, start: number, end: number) => void): void {
  const fd = fs.openSync(file, 'r');
  let buf = Buffer.alloc(1 << 22);
  let have = 0;
  const emit = (start: number, end: number) =>
    line(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end);
  try {
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = fs.readSync(fd, buf, have, buf.length - have, null);
      have += got;
      let start = 0;
      for (let nl = buf.indexOf(10, 0); nl >= 0 && nl < have; nl = buf.indexOf(10, start)) {
        emit(start, nl);
        start = nl + 1;
      }
      if (got === 0) {
        if (start < have) emit(start, have);
        return;
      }
      buf.copy(buf, 0, start, have);
      have -= start;
    }
  } finally {
    fs.closeSync(fd);
  }
}
