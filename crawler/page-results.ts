/**
 * A page's results, computed once where the page is parsed (the crawl) and stored with it: the page
 * rules' findings and the facts the site model keeps. The audit reads them back instead of
 * decompressing and parsing every page a second time, and computes them again only for pages
 * whose stored results were made by other code (a changed rule, extraction or site model) or for
 * another evaluation date or unit name.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import type { DomView } from '../rules/dom/view.js';
import { runPageRules } from '../rules/engine.js';
import type { Finding, PageSnapshot } from '../rules/types.js';
import { RULE_SET_VERSION } from '../rules/version.js';
import { storedPageFacts, type StoredPageFacts } from './site-model.js';

/** What a page's stored results are made of. */
export interface PageResults {
  /** Findings of the page rules (violations, needs review, errors), before axe's are merged in. */
  findings: Finding[];
  facts: StoredPageFacts;
}

/** The stored results as the pages table holds them. */
export interface StoredPageResults {
  /** resultsVersion() of the code that made them. */
  version: string;
  /** resultsKey(evalDate, unitName) the findings were computed for. */
  key: string;
  findingsJson: string;
  factsJson: string;
}

let version: string | null | undefined;

/**
 * A fingerprint of the code that decides a page's results: every file under rules/ (the rules,
 * extraction, their data tables) and the site model's page facts. Computed from the files
 * themselves, so results stored by an older rule set are never taken for current ones, whether or
 * not someone remembered to bump RULE_SET_VERSION. Null when the sources cannot be read (then
 * nothing stored is trusted and the audit parses every page).
 */
export function resultsVersion(): string | null {
  if (version !== undefined) return version;
  try {
    const hash = createHash('sha256').update(RULE_SET_VERSION);
    const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
    const files = listFiles(rulesDir).map((f) => [f.slice(rulesDir.length), f] as const);
    files.push(['crawler/site-model.ts', fileURLToPath(new URL('./site-model.ts', import.meta.url))]);
    for (const [name, path] of files) hash.update(`\u0000${name}\u0000`).update(readFileSync(path));
    version = hash.digest('hex').slice(0, 24);
  } catch {
    version = null;
  }
  return version;
}

/** A page thread takes the crawl's fingerprint (analysis-thread.ts) instead of computing its own. */
export function useResultsVersion(v: string | null): void {
  version = v;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/** What besides the page and the code its findings depend on: the evaluation date and the unit's name. */
export function resultsKey(evalDate: string, unitName: string): string {
  return `${evalDate}\u0000${unitName}`;
}

/**
 * Whether stored results hold for an audit on `evalDate` of `unitName`. A page carried from an
 * earlier night without being asked again (the nightly plan) keeps the findings of the night it
 * was verified, as its evidence does ("核验于"); a page read tonight is judged on tonight's date.
 */
export function resultsHold(stored: { version: string; key: string }, at: { evalDate: string; unitName: string; carried: boolean }): boolean {
  if (stored.version !== resultsVersion()) return false;
  if (stored.key === resultsKey(at.evalDate, at.unitName)) return true;
  return at.carried && stored.key.slice(stored.key.indexOf('\u0000') + 1) === at.unitName;
}

interface ParsedPageOf {
  dom: DomView;
  snapshot: PageSnapshot;
  finalUrl: string;
  evalDate: string;
  unitName: string;
}

/** The page rules' findings on a parsed page (the crawl's and the audit's one way to run them). */
export function pageRuleFindings(input: ParsedPageOf): Finding[] {
  const { dom, snapshot, finalUrl, evalDate, unitName } = input;
  return runPageRules({ url: snapshot.url || finalUrl, snapshot, dom, evalDate, unitName });
}

/** The page rules and the site model's facts on a page parsed once. */
export function pageResults(input: ParsedPageOf): PageResults {
  return { findings: pageRuleFindings(input), facts: storedPageFacts(input.snapshot, input.finalUrl) };
}

/**
 * The stored results of a page just read: on the DOM its snapshot was read from, or on its HTML
 * parsed again when there is none (a page the browser rendered). Null without a snapshot (nothing
 * for the rules to read, as in the audit) or when the code's fingerprint is unknown.
 */
export function resultsOfRead(read: { dom: DomView | null; html: string | null; snapshot: PageSnapshot | null; finalUrl: string },
  evalDate: string, unitName: string): StoredPageResults | null {
  const { html, snapshot, finalUrl } = read;
  if (!snapshot || html === null || resultsVersion() === null) return null;
  const dom = read.dom ?? cheerioDomView(html, finalUrl);
  return toStored(pageResults({ dom, snapshot, finalUrl, evalDate, unitName }), evalDate, unitName);
}

/** The results ready to store, or null when the code's fingerprint is unknown. */
export function toStored(results: PageResults, evalDate: string, unitName: string): StoredPageResults | null {
  const v = resultsVersion();
  if (v === null) return null;
  return { version: v, key: resultsKey(evalDate, unitName), findingsJson: JSON.stringify(results.findings), factsJson: JSON.stringify(results.facts) };
}
