/**
 * Progress of long work: one updating line on a TTY, plain lines (at most every few seconds)
 * otherwise, so nightly logs stay readable.
 */
export interface Progress {
  update(text: string): void;
  /** A line that must stay in the log (phase changes, warnings). */
  log(text: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, opts: { quiet?: boolean; intervalMs?: number } = {}): Progress {
  if (opts.quiet) return { update() {}, log() {}, done() {} };
  const tty = Boolean(stream.isTTY);
  const interval = opts.intervalMs ?? 5000;
  let last = 0;
  let pending = '';
  let lineOpen = false;
  const clear = () => {
    if (tty && lineOpen) stream.write('\r\x1b[K');
    lineOpen = false;
  };
  return {
    update(text) {
      pending = text;
      const now = Date.now();
      if (tty) {
        if (now - last < 100) return;
        last = now;
        stream.write(`\r\x1b[K${text}`);
        lineOpen = true;
      } else if (now - last >= interval) {
        last = now;
        stream.write(`${text}\n`);
      }
    },
    log(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done() {
      clear();
      if (!tty && pending) stream.write(`${pending}\n`);
      pending = '';
    },
  };
}
