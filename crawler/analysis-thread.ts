/**
 * The body of a page thread (analysis-pool.ts): analyses the pages the crawl sends and answers with
 * the result, or with the error's message, under the task's id. The snapshot travels as its JSON
 * only (the crawl parses it back), so it crosses the thread boundary once.
 */
import { parentPort } from 'node:worker_threads';
import { analysePage, type PageAnalysisInput } from './page-analysis.js';

export interface AnalysisTask {
  id: number;
  input: PageAnalysisInput;
}

export type AnalysisAnswer =
  | { id: number; analysis: Omit<ReturnType<typeof analysePage>, 'snapshot'> }
  | { id: number; error: string };

const port = parentPort;
if (port) {
  port.on('message', (task: AnalysisTask) => {
    let answer: AnalysisAnswer;
    try {
      const { snapshot: _parsed, ...analysis } = analysePage(task.input);
      answer = { id: task.id, analysis };
    } catch (err) {
      answer = { id: task.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer);
  });
}
