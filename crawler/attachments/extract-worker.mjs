// Worker-thread entry of attachment extraction (see read-attachment.ts). Plain JavaScript because a
// worker starts without the parent's TypeScript loader: it registers tsx itself, then loads the job.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runExtractJob } = await import('./extract-job.ts');
parentPort.postMessage(await runExtractJob(workerData));
