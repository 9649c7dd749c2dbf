import { writeSync } from 'node:fs';

/** Something to wait on for a few milliseconds without a timer: the writes below must stay synchronous. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes `text` to the stream and returns once it has left this process. process.stdout on a pipe is asynchronous
 * in node: whatever the reader has not taken yet is queued in memory, so a large --json document read by a slow
 * consumer (a CI log collector, a test harness) sits in the heap whole, on top of the result it was made from.
 * Writing to the file descriptor directly, waiting whenever the pipe is full, keeps that queue empty. A stream with
 * writes already queued, or one without a descriptor, is written the ordinary way, so that nothing is reordered.
 */
export function writeBlocking(stream: NodeJS.WriteStream, text: string): void {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || stream.writableLength > 0) {
    stream.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader went away (`| head`): there is no one left to write for.
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      // The pipe is full: the reader is behind. Wait a moment, then go on.
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
