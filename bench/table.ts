/**
 * The printed benchmark report: one row per crawler and size (pages/s, CPU per 1,000 pages, peak
 * memory), our ratio to Crawlee in memory, the rule-evaluation throughput, the Gongkai phases, and
 * the memory growth between the smallest and the largest size.
 */
import type { ChildResult } from './child-protocol.js';
import type { ProfileSummary } from './cpu-profile.js';

export type MeasuredCrawl = ChildResult & {
  serverCpuSeconds: number;
  served: Record<string, number>;
  /** Bytes the server wrote to the crawler's connections (headers and bodies). */
  bytesSent: number;
};

export interface SizeResult {
  /** Pages the generated district has. */
  pages: number;
  runs: MeasuredCrawl[];
  rules?: ChildResult;
  /** With --incremental: Gongkai's second night on the same store, the district unchanged. */
  secondNight?: MeasuredCrawl;
}

const f = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const padEnd = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

export const pagesPerSecond = (r: ChildResult) => r.pages / r.wallSeconds;
export const cpuPer1k = (r: ChildResult) => (r.usage.cpuSeconds / r.pages) * 1000;

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : pad(c, widths[i]!))).join('  ');
}

export function formatReport(sizes: SizeResult[], profile?: ProfileSummary & { pages: number }): string {
  const out: string[] = [];
  const widths = [24, 8, 8, 9, 10, 9, 10, 11, 8];
  out.push(row(['crawler', 'pages', 'wall s', 'pages/s', 'CPU s/1k', 'peak MB', 'start MB', 'server CPU', 'ratio'], widths));
  out.push('-'.repeat(widths.reduce((s, w) => s + w + 2, -2)));
  for (const size of sizes) {
    const base = size.runs.find((r) => r.kind === 'crawlee-memory');
    for (const r of size.runs) {
      const ratio = base && r !== base ? `${f(pagesPerSecond(r) / pagesPerSecond(base), 2)}×` : '';
      out.push(row([`${r.kind} @${f(size.pages)}`, f(r.pages), f(r.wallSeconds, 1), f(pagesPerSecond(r)), f(cpuPer1k(r), 1),
        f(r.usage.peakRssMb), f(r.usage.startRssMb ?? 0), f(r.serverCpuSeconds, 1), ratio], widths));
    }
  }
  out.push('', 'ratio: pages/s divided by Crawlee CheerioCrawler (storage in memory) on the same site, same size.');
  out.push('CPU s/1k: user + system CPU of the whole child process (getrusage, worker threads included) per 1,000 pages.');
  out.push('start MB: resident memory once the modules are loaded, before crawling (the floor under the peak).');
  out.push('server CPU: the static server (parent process) during that run, on the same cores.');
  if (sizes.some((s) => s.runs.some((r) => r.kind === 'floor'))) {
    out.push('floor: fetch, decode, parse (cheerio, the same parse5) and follow links, in one thread; nothing analysed or stored (child-floor.ts).');
  }

  out.push('', 'Gongkai phases (wall s): pages | link checks + probes | audit (all rules, findings and scores written)');
  for (const size of sizes) {
    const g = size.runs.find((r) => r.kind === 'gongkai');
    if (!g) continue;
    const d = g.detail as Record<string, number>;
    out.push(`  @${f(size.pages)}: ${f(d.pagePhaseSeconds ?? 0, 1)} | ${f(d.linkPhaseSeconds ?? 0, 1)} | ${f(d.auditSeconds ?? 0, 1)}` +
      `   page phase alone: ${f(g.pages / (d.pagePhaseSeconds ?? g.wallSeconds))} pages/s; ${f(d.linksChecked ?? 0)} link targets, ` +
      `${f(d.findings ?? 0)} findings, store ${f(d.dbMb ?? 0)} MB; ${f(d.pagesInThreads ?? 0)} pages analysed in page threads`);
    out.push(`      peak RSS by phase: pages ${f(d.peakRssPagePhaseMb ?? 0)} MB | links ${f(d.peakRssLinkPhaseMb ?? 0)} MB | audit ${f(d.peakRssAuditMb ?? 0)} MB` +
      (d.peakRssBeforeAuditMb ? ` (process peak when the audit began: ${f(d.peakRssBeforeAuditMb)} MB)` : ''));
    if (d.mainThreadBusySeconds) {
      out.push(`      busy during the page phase: the crawl's own thread ${f(d.mainThreadBusySeconds, 1)} s, the page threads ${f(d.pageThreadBusySeconds ?? 0, 1)} s (until they stopped, after the link checks)`);
    }
    if (d.pagePeakHeapTotalMb) {
      out.push(`      at the page phase's peak: V8 heap ${f(d.pagePeakHeapUsedMb ?? 0)} MB used of ${f(d.pagePeakHeapTotalMb)} MB reserved, ${f(d.pagePeakExternalMb ?? 0)} MB outside the heap (Buffers)`);
    }
  }

  out.push('', 'Rule evaluation over the stored run (pages/s, no network):');
  out.push(row(['size', 'audit', 'read+gunzip', 'parse', 'page rules', 'parse+rules', 'snapshot', 'peak MB'], [10, 8, 12, 8, 11, 12, 9, 8]));
  for (const size of sizes) {
    if (!size.rules) continue;
    const d = size.rules.detail as Record<string, number>;
    out.push(row([`@${f(size.pages)}`, f(d.auditPagesPerSecond ?? 0), f(d.readPagesPerSecond ?? 0), f(d.parsePagesPerSecond ?? 0),
      f(d.rulesPagesPerSecond ?? 0), f(d.parseAndRulesPagesPerSecond ?? 0), f(d.snapshotPagesPerSecond ?? 0), f(size.rules.usage.peakRssMb)],
      [10, 8, 12, 8, 11, 12, 9, 8]));
  }

  const nights = sizes.filter((s) => s.secondNight && s.runs.some((r) => r.kind === 'gongkai'));
  if (nights.length > 0) {
    const w = [10, 7, 9, 9, 9, 9, 8, 9, 10, 22];
    out.push('', 'Incremental second night (same store, district unchanged): night 1 → night 2');
    out.push(row(['size', 'pages', 'MB n1', 'MB n2', 'bytes', 's n1', 's n2', 'faster', 'carried', 'n2 phases pages|links|audit'], w));
    for (const size of nights) {
      const one = size.runs.find((r) => r.kind === 'gongkai')!;
      const two = size.secondNight!;
      const d = two.detail as Record<string, number>;
      out.push(row([`@${f(size.pages)}`, f(two.pages), f(one.bytesSent / 1e6, 1), f(two.bytesSent / 1e6, 1),
        `${f((two.bytesSent / one.bytesSent) * 100, 1)}%`, f(one.wallSeconds, 1), f(two.wallSeconds, 1),
        `${f(one.wallSeconds / two.wallSeconds, 2)}×`, f(d.reusedPages ?? 0),
        `${f(d.pagePhaseSeconds ?? 0, 1)} | ${f(d.linkPhaseSeconds ?? 0, 1)} | ${f(d.auditSeconds ?? 0, 1)}`], w));
    }
    out.push('bytes: what the server wrote on night 2 as a share of night 1 (headers and bodies); carried: pages answered 304 and carried over.');
  }

  if (sizes.length >= 2) {
    const first = sizes[0]!;
    const last = sizes[sizes.length - 1]!;
    out.push('', `Peak memory growth @${f(first.pages)} → @${f(last.pages)}:`);
    for (const r of last.runs) {
      const before = first.runs.find((x) => x.kind === r.kind);
      if (before) out.push(`  ${padEnd(r.kind, 16)} ${f(before.usage.peakRssMb)} MB → ${f(r.usage.peakRssMb)} MB (${f((r.usage.peakRssMb / before.usage.peakRssMb - 1) * 100)}%)`);
    }
  }

  if (profile) {
    out.push('', `CPU profile of the Gongkai crawl @${f(profile.pages)} (self time, ${f(profile.totalMs / 1000, 1)} s sampled, idle excluded):`);
    out.push('  by area:');
    for (const a of profile.areas.slice(0, 12)) out.push(`    ${pad(f(a.share * 100, 1), 5)}%  ${a.name}`);
    out.push('  by function:');
    for (const fn of profile.functions.slice(0, 15)) out.push(`    ${pad(f(fn.share * 100, 1), 5)}%  ${fn.name}`);
    out.push('  our functions, inclusive (self + callees):');
    for (const fn of profile.ownInclusive.slice(0, 20)) out.push(`    ${pad(f(fn.share * 100, 1), 5)}%  ${fn.name}`);
  }
  return out.join('\n');
}
