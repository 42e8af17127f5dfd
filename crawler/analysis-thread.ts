/**
 * The body of a page thread (analysis-pool.ts): analyses the pages the crawl sends and answers with
 * the result, or with the error's message, under the task's id. The snapshot travels as its JSON
 * (the crawl parses it back) and its stored form, not as objects.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analysePage, type PageAnalysisInput } from './page-analysis.js';
import { useResultsVersion } from './page-results.js';

/** What the pool hands a thread when it starts it. */
export interface ThreadData {
  /**
   * The rule-set fingerprint, computed by the crawl's thread: the bundled code (thread-bundle.ts)
   * cannot read the sources it is computed from, and the thread need not read them again.
   */
  resultsVersion: string | null;
}

export interface AnalysisTask {
  id: number;
  input: PageAnalysisInput;
}

export type AnalysisAnswer =
  | { id: number; analysis: Omit<ReturnType<typeof analysePage>, 'snapshot'> }
  | { id: number; error: string };

const port = parentPort;
if (port) {
  useResultsVersion((workerData as ThreadData).resultsVersion);
  port.on('message', (task: AnalysisTask) => {
    let answer: AnalysisAnswer;
    const transfer: ArrayBuffer[] = [];
    try {
      const { snapshot: _parsed, ...analysis } = analysePage(task.input);
      analysis.htmlGzip = ownBytes(analysis.htmlGzip, transfer);
      if (analysis.snapshotGzip) analysis.snapshotGzip = ownBytes(analysis.snapshotGzip, transfer);
      answer = { id: task.id, analysis };
    } catch (err) {
      answer = { id: task.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer, transfer);
  });
}

/**
 * The bytes in an ArrayBuffer of their own, handed over to the crawl's thread without a copy. zlib
 * answers with a view into its 16 KB output chunk: sent as it is, every page's 3 KB of gzip would
 * cross as 16 KB, twice per page.
 */
function ownBytes(bytes: Uint8Array, transfer: ArrayBuffer[]): Uint8Array {
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  transfer.push(own.buffer);
  return own;
}
