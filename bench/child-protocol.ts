/**
 * What the parent hands a benchmark child and what the child hands back. Each measured crawl runs in
 * its own process so its peak memory and CPU time are its own: the child reads its job from argv[2]
 * (JSON) and writes its result as JSON to `job.resultFile` before exiting.
 */
import { writeFileSync } from 'node:fs';

export interface CrawlJob {
  /** Home page URLs, one per unit, each with a trailing slash. */
  units: { id: string; name: string; type: string; url: string }[];
  concurrency: number;
  /** Where the child writes its ChildResult. */
  resultFile: string;
  /** A fresh directory of the child's own (SQLite file, Crawlee storage). */
  workDir: string;
  evalDate: string;
}

export interface ProcessUsage {
  /** CPU seconds (user + system) of the whole process, worker threads included, from start to exit. */
  cpuSeconds: number;
  /** CPU seconds during the measured work only (no module loading). */
  workCpuSeconds: number;
  /** Peak resident set size, MB (getrusage maxrss). */
  peakRssMb: number;
  /** Resident set size once the modules are loaded, before the work: the floor under the peak. */
  startRssMb: number;
}

export interface ChildResult {
  kind: string;
  pages: number;
  /** Wall time of the measured work, seconds. */
  wallSeconds: number;
  usage: ProcessUsage;
  /** Named timings (seconds) and counts the kind reports besides. */
  detail: Record<string, number | string | boolean>;
}

export function readJob<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('missing job (JSON in argv[2])');
  return JSON.parse(raw) as T;
}

/** Measures `work`: its wall time and CPU time, and the process's totals at the end. */
export async function measure(work: () => Promise<{ pages: number; detail?: ChildResult['detail'] }>, kind: string): Promise<ChildResult> {
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { pages, detail } = await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ru = process.resourceUsage();
  return {
    kind, pages, wallSeconds, detail: detail ?? {},
    usage: {
      cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6,
      workCpuSeconds: (cpu.user + cpu.system) / 1e6,
      // maxRSS is in kilobytes.
      peakRssMb: ru.maxRSS / 1024,
      startRssMb,
    },
  };
}

export function writeResult(file: string, result: ChildResult): void {
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
