/**
 * Starts a crawl from the dashboard: `node bin/gongkai.js crawl --config FILE --db DB` as a child
 * process, never two at once. A child process (not an in-process crawl) keeps the server answering
 * while the crawl works, and a crash of the crawl cannot take the dashboard down with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type CrawlStatus = 'idle' | 'running' | 'finished' | 'failed';

export interface CrawlState {
  status: CrawlStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** Exit code, or the signal name when the child was killed. */
  exit: string | null;
  /** The last lines the crawl wrote (stderr and stdout), for a failed run's explanation. */
  outputTail: string;
}

export interface CrawlRunner {
  /** Whether crawls can be started at all (serve was given --config). */
  readonly enabled: boolean;
  state(): CrawlState;
  /** Starts a crawl unless one is running. False when one is already running (or not enabled). */
  start(): boolean;
  /** Stops a running crawl (SIGTERM: the crawl saves its progress and can be resumed). */
  stop(): Promise<void>;
}

const DEFAULT_BIN = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url));
/** Output kept for display: the end of it is what explains a failure. */
const TAIL_CHARS = 4000;

export interface CrawlRunnerOptions {
  configFile: string | null;
  dbFile: string;
  /** The gongkai entry point (default: this checkout's bin/gongkai.js). */
  binPath?: string;
  /** Extra arguments (tests pass `--quiet`, `--now`). */
  extraArgs?: string[];
}

export function createCrawlRunner(opts: CrawlRunnerOptions): CrawlRunner {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let state: CrawlState = { status: 'idle', startedAt: null, endedAt: null, exit: null, outputTail: '' };
  const keep = (d: Buffer) => {
    state.outputTail = (state.outputTail + d.toString('utf8')).slice(-TAIL_CHARS);
  };
  return {
    enabled: opts.configFile !== null,
    state: () => ({ ...state }),
    start() {
      if (opts.configFile === null || child !== null) return false;
      const args = [opts.binPath ?? DEFAULT_BIN, 'crawl', '--config', opts.configFile, '--db', opts.dbFile, ...(opts.extraArgs ?? [])];
      state = { status: 'running', startedAt: new Date().toISOString(), endedAt: null, exit: null, outputTail: '' };
      const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      child = proc;
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      exited = new Promise<void>((resolveExit) => {
        const done = (code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
          if (child !== proc) return;
          child = null;
          if (err) keep(Buffer.from(`\n${err.message}\n`));
          state = { ...state, status: code === 0 ? 'finished' : 'failed', endedAt: new Date().toISOString(), exit: err ? 'spawn' : signal ?? String(code) };
          resolveExit();
        };
        proc.on('error', (err) => done(null, null, err));
        proc.on('close', (code, signal) => done(code, signal));
      });
      return true;
    },
    async stop() {
      child?.kill('SIGTERM');
      await exited;
    },
  };
}
