import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Big and endless bodies written the way a well-behaved server writes them: one chunk at a time,
 * waiting for 'drain' when the socket is full. So when the client stops reading, the server stops
 * too, and `sent` tells the test how much the client let through (never the whole 50 MB).
 */

export interface StreamRecord {
  path: string;
  /** Bytes handed to the socket. */
  sent: number;
  /** The client closed the connection before the body was complete. */
  clientClosed: boolean;
  /** The server wrote the whole body (never true for an endless stream). */
  finished: boolean;
}

/** Writes `total` bytes (null: forever) of `chunk` repeated, honouring back-pressure. */
export async function writeStream(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { total: number | null; head: Buffer; chunk: Buffer; record: StreamRecord },
): Promise<void> {
  const { record } = opts;
  let closed = false;
  res.on('close', () => {
    closed = true;
    if (!record.finished) record.clientClosed = true;
  });
  const write = (buf: Buffer): Promise<void> => {
    record.sent += buf.length;
    if (res.write(buf)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  await write(opts.head);
  while (!closed && (opts.total === null || record.sent < opts.total)) {
    const left = opts.total === null ? opts.chunk.length : Math.min(opts.chunk.length, opts.total - record.sent);
    await write(left === opts.chunk.length ? opts.chunk : opts.chunk.subarray(0, left));
  }
  if (!closed) {
    record.finished = true;
    res.end();
  }
  void req;
}
