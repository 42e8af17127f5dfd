/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and sums self time per function and per area (a file
 * of this repository, a package under node_modules, a Node built-in, or V8's own buckets such as
 * garbage collection), so the hot spots of a crawl can be listed with their share.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Self time, milliseconds. */
  ms: number;
  /** Share of all sampled time, 0–1. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: HotSpot[];
  areas: HotSpot[];
  /** Our own functions (crawler/, store/, rules/, reports/, cli/) by inclusive time: self plus everything they call. */
  ownInclusive: HotSpot[];
}

const OWN_CODE = /^(crawler|store|rules|reports|cli)\//;

/** A short name for where a function lives. */
export function areaOf(url: string, functionName: string, repoRoot: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  // The last node_modules segment is the package that owns the code (nested installs).
  if (pkg) {
    const all = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    return `${all[all.length - 1]![1]}`;
  }
  if (path.startsWith('node:')) return path;
  if (path.startsWith(repoRoot)) return path.slice(repoRoot.length + 1);
  return path;
}

export function summariseProfile(file: string, repoRoot: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Each sample's time is the delta to the next sample (V8's convention: timeDeltas[i+1]).
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode): { fn: string; area: string } => {
    const { functionName, url, lineNumber } = n.callFrame;
    const area = areaOf(url, functionName, repoRoot);
    // Our TypeScript runs transpiled by tsx, whose line numbers do not match the sources: name the file only.
    const line = url && !OWN_CODE.test(area) ? `:${lineNumber + 1}` : '';
    return { area, fn: `${functionName || '(anonymous)'} — ${area}${line}` };
  };
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName } = n.callFrame;
    // Idle is time the process waited (on the network, on timers): not CPU, so not a hot spot.
    if (functionName === '(idle)') continue;
    total += us;
    const { fn, area } = keyOf(n);
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    areas.set(area, (areas.get(area) ?? 0) + us);
    // Each of our functions on the stack once, however deep it recurses.
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const k = keyOf(frame);
      if (OWN_CODE.test(k.area)) onStack.add(k.fn);
    }
    for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
  const ranked = (m: Map<string, number>): HotSpot[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
  return { totalMs: total / 1000, functions: ranked(functions), areas: ranked(areas), ownInclusive: ranked(inclusive) };
}
