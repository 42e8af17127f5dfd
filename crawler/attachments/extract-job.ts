/** The job a worker thread runs: extract, cap, and report a plain result (never throws). */
import { extractText } from './extract.js';
import type { AttachmentType } from './file-type.js';

export interface ExtractJob {
  bytes: Uint8Array;
  type: AttachmentType;
  maxChars: number;
}

export type ExtractJobResult = { ok: true; text: string; truncated: boolean } | { ok: false; error: string };

export async function runExtractJob(job: ExtractJob): Promise<ExtractJobResult> {
  try {
    const text = await extractText(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.type);
    const truncated = text.length > job.maxChars;
    return { ok: true, text: truncated ? text.slice(0, job.maxChars) : text, truncated };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
