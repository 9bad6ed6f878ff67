import * as fs from 'fs';

/**
 * A file's text, refused when it holds more than `maxBytes`: read in chunks up to one byte over the limit, so that
 * /dev/zero, a pipe or a huge file is refused without being read whole.
 */
export function readBounded(file: string, maxBytes: number, what: string): string {
  const descriptor = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1_048_576, maxBytes + 1 - total));
      const read = fs.readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) {
        break;
      }
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) {
        throw new Error(`${file} holds more than ${maxBytes} bytes, the limit of ${what}: refused before it was read whole`);
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(descriptor);
  }
}
