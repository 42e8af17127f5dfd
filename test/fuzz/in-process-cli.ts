/**
 * Runs `main(argv)` of cli/main.ts in this process with stdout and stderr captured: the fuzz
 * tests run thousands of command lines, far too many for a child process each. A handful also go
 * through the real bin/gongkai.js (test/helpers/cli.ts) to cover the entry point itself.
 */
import { main } from '../../cli/main.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

export async function runMain(argv: string[]): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const outWrite = process.stdout.write;
  const errWrite = process.stderr.write;
  const capture = (append: (s: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as Write;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
  }
}
