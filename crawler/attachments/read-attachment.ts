/**
 * Reads one downloaded attachment: sniffs its type from the bytes, then extracts its text in a
 * worker thread with a time limit and memory limits (the parsers meet untrusted files; SheetJS has
 * known advisories for crafted ones). A failure is a zh-CN `error`, never an exception.
 */
import { Worker } from 'node:worker_threads';
import { csvToTabs } from './csv.js';
import { decodeText } from './decode-text.js';
import type { ExtractJob, ExtractJobResult } from './extract-job.js';
import { sniffType, type AttachmentType } from './file-type.js';
import { attachmentText } from './messages.zh-CN.js';

export interface ReadOptions {
  /** Time limit of one extraction. */
  timeoutMs: number;
  /** Cap of the extracted text in characters. */
  maxChars: number;
  /** Heap limit of the worker. */
  maxMemoryMb: number;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = { timeoutMs: 60_000, maxChars: 2_000_000, maxMemoryMb: 512 };

export interface AttachmentReadResult {
  /** The type the bytes showed (or the hint when they showed nothing readable). */
  type: string;
  text: string | null;
  truncated: boolean;
  error: string | null;
}

const WORKER_URL = new URL('./extract-worker.mjs', import.meta.url);

function runInWorker(job: ExtractJob, opts: ReadOptions): Promise<ExtractJobResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (r: ExtractJobResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => settle({ ok: false, error: attachmentText.timeLimit(Math.round(opts.timeoutMs / 1000)) }), opts.timeoutMs);
    worker.once('message', (r: ExtractJobResult) => settle(r.ok ? r : { ok: false, error: attachmentText.damaged(r.error) }));
    worker.once('error', (err: Error & { code?: string }) =>
      settle({ ok: false, error: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? attachmentText.memoryLimit : attachmentText.damaged(err.message) }));
    worker.once('exit', () => settle({ ok: false, error: attachmentText.damaged('exit') }));
  });
}

export async function readAttachment(body: Buffer, hint: AttachmentType | null, opts: ReadOptions = DEFAULT_READ_OPTIONS): Promise<AttachmentReadResult> {
  const sniffed = sniffType(body, hint);
  if (sniffed === 'html') return { type: hint ?? 'html', text: null, truncated: false, error: attachmentText.notAFile };
  if (sniffed === 'unknown') return { type: hint ?? 'unknown', text: null, truncated: false, error: attachmentText.unknownType };
  if (sniffed === 'txt') {
    // Decoding text needs no parser: no worker. A CSV becomes tab-separated rows (read as a table).
    const csv = hint === 'csv';
    const text = csv ? csvToTabs(decodeText(body)) : decodeText(body);
    const truncated = text.length > opts.maxChars;
    return { type: csv ? 'csv' : 'txt', text: truncated ? text.slice(0, opts.maxChars) : text, truncated, error: null };
  }
  const r = await runInWorker({ bytes: new Uint8Array(body), type: sniffed, maxChars: opts.maxChars }, opts);
  return r.ok ? { type: sniffed, text: r.text, truncated: r.truncated, error: null } : { type: sniffed, text: null, truncated: false, error: r.error };
}
