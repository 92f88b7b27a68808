import fs from 'node:fs';

// Why a file was not read: not a regular file (a FIFO, a device, a directory), or larger than allowed.
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

// What fstat(2) says a non-regular file is, in words.
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

// Reads a regular file of at most `maxBytes` as UTF-8 without ever blocking: open(2) with O_NONBLOCK (a FIFO
// with no writer would otherwise block the event loop in open, fifo(7)), then fstat(2) on that descriptor (no
// race with a swap between a stat and the open), and only a regular file within the bound is read (/dev/zero
// would otherwise be read until memory runs out). Errors from open (ENOENT, EACCES) are thrown as they are.
export function readRegularFileSync(file: string, maxBytes: number): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFileError(file, `${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new UnreadableFileError(file, `${stat.size} bytes, more than the ${maxBytes} allowed`);
    // One byte more than fstat said: a file that grew since then is caught, not cut short.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > stat.size) throw new UnreadableFileError(file, 'it grew while being read');
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
