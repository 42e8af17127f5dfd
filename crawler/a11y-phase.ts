/**
 * The accessibility phase: axe-core (WCAG 2.1 A/AA) in Chromium on a sample of each unit's pages —
 * the home page, the disclosure column and its parts, then one page per column — with a screenshot
 * of each violating element as evidence. Results are stored per page, so audits re-run without a
 * browser; a page already checked is not checked again after a resume.
 */
import type { UnitInfo } from '../rules/types.js';
import { runAxe } from './browser/axe-runner.js';
import { screenshotElement } from './browser/element-screenshot.js';
import type { BrowserPoliteness } from './browser/polite-routing.js';
import type { BrowserPool } from './browser/pool.js';
import { renderPage } from './browser/render-page.js';
import type { Progress } from './progress.js';
import { buildSiteModel, SitePages } from './site-model.js';
import type { Db } from '../store/db.js';
import { hasAxeResult, saveAxeResult } from '../store/axe-results.js';
import { pageSnapshotReader, unitPages } from '../store/pages.js';
import { saveScreenshot } from '../store/screenshots.js';
import { normalizeUrl } from '../store/url.js';

/** Screenshots per rule per page: enough to show the problem, not a wall of pictures. */
const SCREENSHOTS_PER_RULE = 2;

/** Pages flagged by the static checks that join the sample after the required ones. */
const FLAGGED_PAGES = 3;

export interface A11yPhaseOptions {
  pagesPerUnit: number;
  timeoutMs: number;
  evalDate: string;
  signal?: AbortSignal;
  /** The crawl's limits and robots.txt for every request of the pages axe checks. */
  politeness?: BrowserPoliteness;
}

/**
 * The pages of a unit axe should see, most important first (snapshot URLs, as findings carry): the
 * home page, pages the static checks flag, the disclosure column and its parts, one page per column.
 */
export function a11ySample(db: Db, runId: number, unit: UnitInfo, evalDate: string, max: number): string[] {
  if (max <= 0) return [];
  // Streamed as the audit streams them: only each page's facts are kept, and the few pages the
  // site model needs whole are read again, so the sample's memory does not grow with the unit.
  const snapshotOf = pageSnapshotReader(db, runId);
  const pages = new SitePages();
  // A few pages the static checks already flag, in crawl order: axe confirms the problem on the
  // rendered page and its screenshot becomes the evidence.
  const flaggedUrls: string[] = [];
  for (const p of unitPages(db, runId, unit.id)) {
    const s = p.snapshot;
    const url = p.url;
    pages.add(p, s, () => snapshotOf(unit.id, url));
    if (s && flaggedUrls.length < FLAGGED_PAGES && (s.lang === null || !s.title?.trim() || s.images.some((i) => i.alt === null))) {
      flaggedUrls.push(s.url);
    }
  }
  const site = buildSiteModel({ unit, evalDate, homeUrl: normalizeUrl(unit.url) ?? unit.url, pages, linkChecks: [] });
  if (!site.home) return [];
  const wanted: string[] = [site.home.url];
  if (site.disclosure) {
    wanted.push(site.disclosure.url);
    for (const part of site.disclosure.parts) if (part.url) wanted.push(part.url);
  }
  for (const column of site.columns) wanted.push(column.url);
  // The required pages fill `max`; flagged pages come on top (at most FLAGGED_PAGES), so that a
  // site-wide defect (every page without lang) cannot crowd out the pages above.
  const required = wanted.length;
  wanted.push(...flaggedUrls);
  const out: string[] = [];
  wanted.forEach((url, i) => {
    const snap = site.page(url);
    if (!snap || out.includes(snap.url)) return;
    if (i < required && out.length >= max) return;
    out.push(snap.url);
  });
  return out;
}

export async function runA11yPhase(db: Db, runId: number, units: UnitInfo[], pool: BrowserPool, opts: A11yPhaseOptions, progress: Progress): Promise<number> {
  let checked = 0;
  for (const unit of units) {
    for (const url of a11ySample(db, runId, unit, opts.evalDate, opts.pagesPerUnit)) {
      if (opts.signal?.aborted) return checked;
      if (hasAxeResult(db, runId, unit.id, url)) continue;
      let stored: Awaited<ReturnType<typeof runAxe>> | null = null;
      const shots: { selector: string; png: Buffer }[] = [];
      const rendered = await renderPage(pool, url, {
        timeoutMs: opts.timeoutMs,
        ...(opts.politeness ? { politeness: opts.politeness } : {}),
        // The page's lists were already read; axe needs the loaded page, not every late request.
        settleMs: 500,
        // axe's own limit (30 s) plus a few screenshots.
        afterRenderMs: 50_000,
        afterRender: async (page) => {
          stored = await runAxe(page);
          if (stored.status !== 'done') return;
          for (const rule of stored.violations) {
            for (const node of rule.nodes.slice(0, SCREENSHOTS_PER_RULE)) {
              const png = await screenshotElement(page, node.target).catch(() => null);
              if (png) shots.push({ selector: node.target, png });
            }
          }
        },
      });
      // After Ctrl-C a finished result is still kept; a render cut short is left for --resume.
      if (opts.signal?.aborted && (rendered.error !== null || !stored)) return checked;
      // A page axe could not run on is stored with the reason: the audit turns it into `incomplete`.
      const error = rendered.error ?? (stored ? null : '无障碍检查未能运行');
      db.transaction(() => {
        saveAxeResult(db, runId, unit.id, url, { json: stored, error });
        for (const s of shots) saveScreenshot(db, runId, unit.id, url, s.selector, s.png);
      })();
      checked++;
      progress.update(`无障碍检查（axe）：已检查 ${checked} 页`);
    }
  }
  return checked;
}
