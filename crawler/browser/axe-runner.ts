/**
 * Runs axe-core in a Playwright page and returns the part of its results Gongkai keeps
 * (StoredAxeResult): JSON-serialisable, so the crawler stores it per page and re-audits later
 * without a browser.
 *
 * - axe is injected with page.evaluate of its source text: unlike addScriptTag this is not an
 *   inline <script>, so a page's Content-Security-Policy cannot block it. It is sent for every run:
 *   nothing an earlier run left in the document is trusted, since the page's scripts could have
 *   changed it.
 * - A context whose every document is checked (the ACT conformance test) can instead be given
 *   `axeInitScript()`, and its runs `preloaded: true`: axe is then in each document before the
 *   document's own scripts, kept under a name drawn at random for this process (AXE_HOLDER) that
 *   the page cannot have defined first nor replace; the 654 KB source is not sent again (sending it
 *   took about 120 ms of a run's 140 ms).
 * - Messages come from axe's zh_CN locale.
 * - A time limit and an element limit guard against huge pages: axe then gives `skipped`, which the
 *   rules turn into `incomplete`, never a crash. After a timeout axe may still be busy in the page:
 *   the caller should close the page (or navigate away) before reusing it.
 * - iframes are not entered (`iframes: false`): their content is a page of its own for the crawler.
 * - Everything that comes back from the page is untrusted (a page can tamper with the globals axe
 *   uses), so it is re-trimmed and validated here. axe runs in the page's own world, so a page
 *   determined to hide its problems can still patch what axe uses, or (without `preloaded`) define
 *   an `axe` of its own that the injection cannot overwrite; running axe in an isolated world
 *   (CDP `Page.createIsolatedWorld`) would close that.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import {
  AXE_SNIPPET_MAX,
  AXE_STORED_NODES_MAX,
  AXE_TEXT_MAX,
  StoredAxeResultSchema,
  type StoredAxeResult,
  type StoredAxeRule,
} from '../../rules/a11y/axe-result.js';

import { ACT_MAPPED_BEYOND_TAGS } from '../../rules/a11y/act-mapped.js';

/** WCAG 2.0 and 2.1, levels A and AA: what the provincial evaluation asks for (plus ACT_MAPPED_BEYOND_TAGS). */
export const WCAG21AA_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export { ACT_MAPPED_BEYOND_TAGS };

export interface RunAxeOptions {
  /** axe tags to run (default WCAG21AA_TAGS). Ignored when `rules` is given. */
  tags?: readonly string[];
  /** Run only these axe rule ids (conformance tests run one ACT rule's axe rules). */
  rules?: readonly string[];
  /** Time limit for injecting and running axe (default 30 s). */
  timeoutMs?: number;
  /** Pages with more elements than this are not analysed (default 50,000). */
  maxElements?: number;
  /** axe's own results, without Gongkai's corrections (the conformance test compares with plain axe). */
  plain?: boolean;
  /**
   * The page's context was given `axeInitScript()`: axe is taken from where it put it, and sent
   * only to a document that lacks it (one the init script did not reach).
   */
  preloaded?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ELEMENTS = 50_000;

interface AxeAssets {
  source: string;
  locale: unknown;
}

/**
 * Where axeInitScript() keeps axe in a document: a name no page can know before it is defined,
 * defined (fixed) before any of the document's scripts run.
 */
const AXE_HOLDER = `__gongkaiAxe_${randomBytes(8).toString('hex')}`;

let assets: Promise<AxeAssets> | null = null;

/** axe's source and zh_CN locale, read once per process. */
function loadAssets(): Promise<AxeAssets> {
  assets ??= (async () => {
    const require = createRequire(import.meta.url);
    const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    const locale = JSON.parse(await readFile(require.resolve('axe-core/locales/zh_CN.json'), 'utf8')) as unknown;
    return { source, locale };
  })();
  return assets;
}

/**
 * axe put in every document of a browser context before the document's own scripts
 * (`context.addInitScript(await axeInitScript())`), kept under AXE_HOLDER, so that runs with
 * `preloaded: true` need not send it: for a context whose every document is checked, such as the
 * ACT conformance test's. Defined without writable or configurable: fixed for the document's life.
 */
export async function axeInitScript(): Promise<string> {
  const holder = JSON.stringify(AXE_HOLDER);
  return `${(await loadAssets()).source}
;if (!(${holder} in globalThis)) Object.defineProperty(globalThis, ${holder}, { value: globalThis.axe });`;
}

/** What the in-page function sends back (before validation). */
type InPageResult =
  | { kind: 'absent' }
  | { kind: 'too-large'; elements: number }
  | { kind: 'done'; version: string; locale: string; ranRules: string[]; violations: unknown[]; incomplete: unknown[] };

interface InPageArgs {
  /** Where axe is (AXE_HOLDER with `preloaded`), or null: `window.axe`, just injected. */
  holder: string | null;
  locale: unknown;
  tags: string[];
  rules: string[] | null;
  /** Rules enabled on top of the tags (axe's `rules` option wins over `runOnly` tags). */
  extraRules: string[];
  plain: boolean;
  maxElements: number;
  snippetMax: number;
  textMax: number;
  nodesMax: number;
}

/**
 * Runs inside the page (serialised by Playwright: no closures over module scope). Trims axe's
 * results there so that a page with thousands of failing nodes does not send megabytes back.
 */
async function inPage(args: InPageArgs): Promise<InPageResult> {
  const elements = document.getElementsByTagName('*').length;
  if (elements > args.maxElements) return { kind: 'too-large', elements };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const axe = args.holder === null ? (window as any).axe : (window as any)[args.holder];
  if (!axe) return { kind: 'absent' };
  let locale = 'en';
  try {
    axe.configure({ locale: args.locale });
    locale = 'zh_CN';
  } catch {
    // An unknown locale format must not stop the audit: English messages are still findings.
  }
  const runOnly = args.rules ? { type: 'rule', values: args.rules } : { type: 'tag', values: args.tags };
  const enabled = args.rules ? {} : Object.fromEntries(args.extraRules.map((id) => [id, { enabled: true }]));
  const results = await axe.run(document, {
    runOnly,
    rules: enabled,
    resultTypes: ['violations', 'incomplete'],
    iframes: false,
    elementRef: false,
    selectors: true,
    ancestry: false,
    xpath: false,
    absolutePaths: false,
  });
  // A browser obeys only the first valid <meta http-equiv="refresh"> of a document; a later one
  // with a delay is inert (ACT bc659a: only the first valid one is applicable). axe checks them all.
  const refreshDelay = (el: Element): number | null => {
    const m = /^\s*(\d+(?:\.\d*)?)\s*(?:$|[;,]|\s)/.exec(el.getAttribute('content') ?? '');
    return m ? Number(m[1]) : null;
  };
  const firstRefresh = Array.from(document.querySelectorAll('meta[http-equiv]'))
    .find((el) => (el.getAttribute('http-equiv') ?? '').trim().toLowerCase() === 'refresh' && refreshDelay(el) !== null) ?? null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const onlyFirstRefresh = (rules: any[]) =>
    rules
      .map((r) => {
        if (r.id !== 'meta-refresh' || !Array.isArray(r.nodes)) return r;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const nodes = r.nodes.filter((n: any) => {
          try {
            const target = Array.isArray(n.target) && typeof n.target[0] === 'string' ? document.querySelector(n.target[0]) : null;
            return target === null || target === firstRefresh;
          } catch {
            return true;
          }
        });
        return { ...r, nodes };
      })
      .filter((r) => r.id !== 'meta-refresh' || r.nodes.length > 0);
  if (!args.plain) {
    results.violations = onlyFirstRefresh(results.violations ?? []);
    results.incomplete = onlyFirstRefresh(results.incomplete ?? []);
  }
  const clip = (s: unknown, max: number): string => {
    const t = typeof s === 'string' ? s : '';
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  };
  const targetText = (target: unknown): string =>
    Array.isArray(target) ? target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' >>> ') : String(target);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const trim = (rules: any[]) =>
    rules.map((r) => ({
      id: String(r.id),
      impact: r.impact ?? null,
      help: clip(r.help, args.textMax),
      nodeCount: Array.isArray(r.nodes) ? r.nodes.length : 0,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: (Array.isArray(r.nodes) ? r.nodes : []).slice(0, args.nodesMax).map((n: any) => ({
        target: clip(targetText(n.target), args.textMax),
        snippet: clip(n.html, args.snippetMax),
        failureSummary: clip(n.failureSummary ?? '', args.textMax),
      })),
    }));
  const ranRules = new Set<string>();
  for (const list of [results.violations, results.incomplete, results.passes, results.inapplicable]) {
    for (const r of list ?? []) ranRules.add(String(r.id));
  }
  return {
    kind: 'done',
    version: String(axe.version),
    locale,
    ranRules: [...ranRules].sort(),
    violations: trim(results.violations ?? []),
    incomplete: trim(results.incomplete ?? []),
  };
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Re-applies the limits in Node: the page may have altered what the in-page trimming did. */
function retrim(rule: StoredAxeRule): StoredAxeRule {
  return {
    id: rule.id,
    impact: rule.impact,
    help: clip(rule.help, AXE_TEXT_MAX),
    nodeCount: Math.max(rule.nodeCount, rule.nodes.length),
    nodes: rule.nodes.slice(0, AXE_STORED_NODES_MAX).map((n) => ({
      target: clip(n.target, AXE_TEXT_MAX),
      snippet: clip(n.snippet, AXE_SNIPPET_MAX),
      failureSummary: clip(n.failureSummary, AXE_TEXT_MAX),
    })),
  };
}

class AxeTimeout extends Error {}

/** Runs axe on the page's current document. Never throws for page-side problems: see `skipped`. */
export async function runAxe(page: Page, opts: RunAxeOptions = {}): Promise<StoredAxeResult> {
  const { source, locale } = await loadAssets();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const args: InPageArgs = {
    holder: opts.preloaded ? AXE_HOLDER : null,
    locale,
    tags: [...(opts.tags ?? WCAG21AA_TAGS)],
    rules: opts.rules ? [...opts.rules] : null,
    extraRules: opts.tags ? [] : ACT_MAPPED_BEYOND_TAGS.map((r) => r.id),
    plain: opts.plain ?? false,
    maxElements: opts.maxElements ?? DEFAULT_MAX_ELEMENTS,
    snippetMax: AXE_SNIPPET_MAX,
    textMax: AXE_TEXT_MAX,
    nodesMax: AXE_STORED_NODES_MAX,
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AxeTimeout(`axe did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  const work = (async () => {
    if (args.holder !== null) {
      const preloaded = await page.evaluate(inPage, args);
      if (preloaded.kind !== 'absent') return preloaded;
    }
    await page.evaluate(source);
    const raw = await page.evaluate(inPage, { ...args, holder: null });
    if (raw.kind === 'absent') throw new Error('axe-core was not defined after its injection');
    return raw;
  })();
  // The losing promise must not become an unhandled rejection once the deadline has passed.
  work.catch(() => undefined);
  try {
    const raw = await Promise.race([work, deadline]);
    if (raw.kind === 'too-large') return { status: 'skipped', reason: 'too-large', detail: `${raw.elements} elements` };
    const parsed = StoredAxeResultSchema.parse({
      status: 'done',
      axeVersion: raw.version,
      locale: raw.locale,
      ranRules: raw.ranRules,
      violations: raw.violations,
      incomplete: raw.incomplete,
    });
    if (parsed.status !== 'done') throw new Error('unexpected axe result');
    return { ...parsed, violations: parsed.violations.map(retrim), incomplete: parsed.incomplete.map(retrim) };
  } catch (error) {
    if (error instanceof AxeTimeout) return { status: 'skipped', reason: 'timeout', detail: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { status: 'skipped', reason: 'error', detail: clip(detail, AXE_TEXT_MAX) };
  } finally {
    clearTimeout(timer);
  }
}
