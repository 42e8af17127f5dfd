/**
 * The attachment phase of a crawl (after the link checks): download each pending attachment through
 * the host limiter, read its text, store the result. Attachments not finished when the crawl is
 * interrupted stay `pending` and are read by `--resume`.
 */
import type { FetchResult } from '../fetch-page.js';
import { limitedFetch, type HostLimiter } from '../host-limiter.js';
import type { Progress } from '../progress.js';
import type { AttachmentStore } from '../../store/attachments.js';
import type { AttachmentType } from './file-type.js';
import { attachmentText } from './messages.zh-CN.js';
import { DEFAULT_READ_OPTIONS, readAttachment, type ReadOptions } from './read-attachment.js';

export interface AttachmentPhaseOptions {
  /**
   * Time limit of one whole download (connect to last byte), default DEFAULT_ATTACHMENT_TIMEOUT_MS:
   * a 20 MB file from a slow county server takes far longer than a page.
   */
  timeoutMs?: number;
  /** Download cap in bytes (default 20 MB). */
  maxBytes?: number;
  /** Downloads and extractions at once; extraction is CPU-bound, keep it small. */
  concurrency?: number;
  read?: Partial<ReadOptions>;
  /** robots.txt check; resolves false when the attachment may not be fetched. */
  allowed?: (url: string) => Promise<boolean>;
  signal?: AbortSignal;
  progress?: Progress;
  /**
   * Incremental crawl: the earlier run whose results may be carried over. An attachment that run
   * read is asked for with its validators; on 304 Not Modified its text and verdict are reused.
   */
  previousRunId?: number;
  /**
   * The nightly plan (with previousRunId): an attachment that run read is carried without a request
   * unless it is due (least recently verified first, enough for every one within revisitDays nights).
   */
  plan?: { revisitDays: number; overdueOn: string; previousEvalDate: string };
  /** True once the night's budget is spent: no more downloads; earlier results are carried. */
  outOfTime?: () => boolean;
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_TIMEOUT_MS = 120_000;

/** The download limit for a crawl whose pages have `pageTimeoutMs`: the attachment default, or more if pages get more. */
export function attachmentTimeoutMs(pageTimeoutMs: number): number {
  return Math.max(pageTimeoutMs, DEFAULT_ATTACHMENT_TIMEOUT_MS);
}

export async function readPendingAttachments(store: AttachmentStore, limiter: HostLimiter, opts: AttachmentPhaseOptions): Promise<number> {
  const pending = store.pending();
  if (pending.length === 0) return 0;
  opts.progress?.log(attachmentText.checking(pending.length));
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_ATTACHMENT_TIMEOUT_MS;
  const readOpts: ReadOptions = { ...DEFAULT_READ_OPTIONS, ...opts.read };
  let next = 0;
  let done = 0;
  const dueByUnit = new Map<string, Set<string>>();
  const due = (unitId: string, url: string): boolean => {
    if (!opts.plan || opts.previousRunId === undefined) return true;
    let set = dueByUnit.get(unitId);
    if (!set) dueByUnit.set(unitId, (set = store.dueAfter(opts.previousRunId, unitId, opts.plan.revisitDays, opts.plan.overdueOn, opts.plan.previousEvalDate)));
    return set.has(url);
  };
  const worker = async () => {
    while (next < pending.length && !opts.signal?.aborted) {
      const a = pending[next++]!;
      const empty = { status: null, bytes: null, type: a.type, text: null, truncated: false };
      // Not due tonight (or no time left): the earlier result, as verified then. A new attachment has none.
      const outOfTime = opts.outOfTime?.() ?? false;
      const carry = opts.previousRunId !== undefined && (outOfTime || (opts.plan !== undefined && !due(a.unitId, a.url)));
      if (carry && store.carryUnasked(opts.previousRunId!, a.unitId, a.url)) {
        done++;
        continue;
      }
      // No time left for a new one: it stays pending, for another night.
      if (outOfTime) continue;
      if (opts.allowed && !(await opts.allowed(a.url).catch(() => true))) {
        store.setResult(a.unitId, a.url, { ...empty, error: attachmentText.robotsDisallowed });
        continue;
      }
      const previous = opts.previousRunId === undefined ? null : store.previousRead(opts.previousRunId, a.unitId, a.url);
      // Every request (redirect hops and retries too) takes its own slot; a 429/503 pauses the host.
      const fetchIt = (conditional: typeof previous) => limitedFetch(limiter, a.url, {
        timeoutMs, maxBytes, retries: 1, ...(opts.signal ? { signal: opts.signal } : {}), ...(conditional ? { conditional } : {}),
      });
      let res: FetchResult;
      let carried = false;
      try {
        res = await fetchIt(previous);
        if (res.notModified && opts.previousRunId !== undefined) carried = store.reuse(opts.previousRunId, a.unitId, a.url, validatorsOf(res));
        // "Unchanged", but the earlier result cannot be carried over (gone, or a 304 we did not ask
        // for): the file is downloaded once more, so it is read rather than reported as an error.
        if (res.status === 304 && !carried) res = await fetchIt(null);
      } catch (err) {
        // A fault in the fetch layer is this attachment's result, not the end of the crawl.
        store.setResult(a.unitId, a.url, { ...empty, error: attachmentText.fetchFailed(err instanceof Error ? err.message : String(err)) });
        continue;
      }
      // Cut short by the interrupt: leave it pending for --resume.
      if (opts.signal?.aborted) break;
      if (carried) {
        // Unchanged since the earlier run: its text was read from these very bytes.
      } else if (res.status === 304) {
        // Still 304 to a request without validators: the server gives nothing to read.
        store.setResult(a.unitId, a.url, { ...empty, status: res.status, error: attachmentText.httpStatus(res.status) });
      } else if (res.truncated) {
        store.setResult(a.unitId, a.url, { ...empty, status: res.status, error: attachmentText.tooLarge(maxBytes) });
      } else if ((res.error && res.error.code !== 'not-html') || res.body === null) {
        // not-html: a file served as text/html is exactly what is read here, not a failure.
        store.setResult(a.unitId, a.url, { ...empty, status: res.status, error: attachmentText.fetchFailed(res.error?.message ?? '') });
      } else if (res.status !== null && res.status >= 400) {
        store.setResult(a.unitId, a.url, { ...empty, status: res.status, error: attachmentText.httpStatus(res.status) });
      } else {
        const r = await readAttachment(res.body, a.type as AttachmentType, readOpts);
        store.setResult(a.unitId, a.url, { status: res.status, bytes: res.body.length, type: r.type, text: r.text, truncated: r.truncated, error: r.error, ...validatorsOf(res) });
      }
      done++;
      opts.progress?.update(attachmentText.progress(done, pending.length));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return done;
}

function validatorsOf(res: FetchResult): { etag: string | null; lastModified: string | null } {
  return { etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null };
}
