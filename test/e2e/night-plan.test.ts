/**
 * The nightly plan over several nights of a portal that changes (test/helpers/changing-portal.ts:
 * new articles and notices, an edited article, a retitled one, a deleted one, a column going stale,
 * a leaked ID number in a new attachment, a home-page link that breaks). Each night two crawls run
 * against the same site: a planned night (revisitDays 3) in one database, and a full crawl in
 * another. Checked every night:
 *   - the site-level findings (freshness, column.empty, disclosure, annual report, home-page links)
 *     are exactly the full crawl's;
 *   - every other finding belongs to a piece of evidence (a page, an attachment, a link target); for
 *     evidence verified tonight the findings are the full crawl's of tonight, for evidence carried
 *     from night d they are the full crawl's of night d and say so (verifiedOn = d);
 *   - every page of the full crawl is in the planned run, and no page is older than revisitDays;
 *   - from night 2 on the planned night asks far fewer requests than the full crawl.
 * A planned night killed part-way and resumed ends with the findings of the same night uninterrupted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type Config } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { ruleMeta } from '../../rules/catalogue.js';
import { openStore, type Db } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument, ExportFinding } from '../../reports/export-schema.js';
import { coverageText, verifiedOnText } from '../../reports/messages.zh-CN.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { pdfDocumentHtml } from '../../reports/pdf/document-html.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { startApiServer } from '../../reports/api/server.js';
import { ChangingPortal } from '../helpers/changing-portal.js';

const NIGHTS = 6;
const REVISIT_DAYS = 3;
const CRAWL = { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 0 };
const quiet = createProgress(process.stderr, { quiet: true });

let portal: ChangingPortal;
let dir: string;
let planDb: Db;
let fullDb: Db;
let planConfig: Config;
let fullConfig: Config;

interface Night {
  n: number;
  date: string;
  plan: ExportDocument;
  planRun: number;
  full: ExportDocument;
  planRequests: number;
  fullRequests: number;
}
const nights: Night[] = [];
const fullByDate = new Map<string, ExportDocument>();

function config(crawl: Record<string, unknown>): Config {
  return validateConfig({ name: '变化的门户', units: portal.units().map((u) => ({ ...u, type: 'department' })), crawl: { ...CRAWL, ...crawl } });
}

/** null: a site-level finding (judged on tonight's pages, never carried); else the evidence it rests on. */
function evidenceOf(f: ExportFinding): string | null {
  const scope = f.ruleId.startsWith('a11y.') && f.ruleId !== 'a11y.toolbar' ? 'page' : ruleMeta(f.ruleId)?.scope;
  if (scope === 'unit' || scope === 'column') return null;
  if (f.ruleId === 'link.broken') return f.data['fromHome'] === true || typeof f.data['href'] !== 'string' ? null : `link ${f.data['href']}`;
  return `page ${f.url}`;
}

const sig = (unit: string, f: ExportFinding) => `${unit} ${f.ruleId} ${f.outcome} ${f.key}`;

function siteLevel(doc: ExportDocument): string[] {
  return doc.units.flatMap((u) => u.findings.filter((f) => evidenceOf(f) === null).map((f) => sig(u.id, f))).sort();
}

/** Findings by unit and evidence. */
function byEvidence(doc: ExportDocument): Map<string, ExportFinding[]> {
  const out = new Map<string, ExportFinding[]>();
  for (const u of doc.units) {
    for (const f of u.findings) {
      const e = evidenceOf(f);
      if (e === null) continue;
      const k = `${u.id} ${e}`;
      out.set(k, [...(out.get(k) ?? []), f]);
    }
  }
  return out;
}

/** When the planned run's evidence was last verified: page, attachment or link target → date. */
function verifiedDates(db: Db, runId: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of db.prepare('SELECT unit_id, url, final_url, verified_on FROM pages WHERE run_id = ?').all(runId) as { unit_id: string; url: string; final_url: string; verified_on: string }[]) {
    out.set(`${r.unit_id} page ${r.url}`, r.verified_on);
    out.set(`${r.unit_id} page ${r.final_url}`, r.verified_on);
  }
  for (const r of db.prepare("SELECT unit_id, url, verified_on FROM attachments WHERE run_id = ? AND state = 'done'").all(runId) as { unit_id: string; url: string; verified_on: string }[]) {
    out.set(`${r.unit_id} page ${r.url}`, r.verified_on);
  }
  for (const r of db.prepare('SELECT unit_id, href, verified_on FROM link_checks WHERE run_id = ? AND verdict IS NOT NULL').all(runId) as { unit_id: string; href: string; verified_on: string }[]) {
    out.set(`${r.unit_id} link ${r.href}`, r.verified_on);
  }
  return out;
}

async function crawlNight(db: Db, c: Config, date: string): Promise<{ doc: ExportDocument; runId: number; requests: number }> {
  const before = portal.requests(portal.nightNow);
  const outcome = await runCrawl(db, c, { evalDate: date }, quiet);
  expect(outcome.interrupted).toBe(false);
  return { doc: buildExport(db, getRun(db, outcome.run.id)!), runId: outcome.run.id, requests: portal.requests(portal.nightNow) - before };
}

beforeAll(async () => {
  portal = await new ChangingPortal({ units: 2, columns: 3, articlesPerColumn: 40, perPage: 10 }).start();
  dir = mkdtempSync(join(tmpdir(), 'gk-night-plan-'));
  planDb = openStore(join(dir, 'planned.sqlite'));
  fullDb = openStore(join(dir, 'full.sqlite'));
  planConfig = config({ revisitDays: REVISIT_DAYS });
  fullConfig = config({ incremental: false });
  for (let n = 1; n <= NIGHTS; n++) {
    portal.setNight(n);
    const date = portal.dateOf(n);
    const full = await crawlNight(fullDb, fullConfig, date);
    fullByDate.set(date, full.doc);
    // Night 4 is also run on a copy that is killed part-way and resumed (below).
    if (n === 4) await planDb.backup(join(dir, 'before-night-4.sqlite'));
    const plan = await crawlNight(planDb, planConfig, date);
    nights.push({ n, date, plan: plan.doc, planRun: plan.runId, full: full.doc, planRequests: plan.requests, fullRequests: full.requests });
  }
}, 600_000);

afterAll(async () => {
  planDb?.close();
  fullDb?.close();
  await portal?.close();
});

describe(`the nightly plan over ${NIGHTS} nights of a changing portal`, () => {
  it('night 1 is a full crawl; later nights are planned, carry dated findings and say what they covered', () => {
    const first = nights[0]!.plan.run.coverage!;
    expect(first.planned).toBe(false);
    expect(first.carriedPages).toBe(0);
    for (const night of nights.slice(1)) {
      const c = night.plan.run.coverage!;
      expect(c.planned, `night ${night.n}`).toBe(true);
      expect(c.carriedPages, `night ${night.n}`).toBeGreaterThan(0);
      expect(c.revisitDays).toBe(REVISIT_DAYS);
      expect(c.essentialsLeft).toBe(0);
      expect(c.oldestVerification !== null && c.oldestVerification < night.date, `night ${night.n}`).toBe(true);
      // Carried findings exist (so the evidence check below has work) and all carry a date.
      const carried = night.plan.units.flatMap((u) => u.findings.filter((f) => f.verifiedOn !== undefined));
      expect(carried.length, `night ${night.n}`).toBeGreaterThan(10);
    }
  });

  it('the site-level findings are exactly the full crawl\'s, every night', () => {
    for (const night of nights) {
      expect(siteLevel(night.plan), `night ${night.n}`).toEqual(siteLevel(night.full));
    }
    // The changes the portal makes are among them: the stale column from night 4, the broken home link from night 3.
    const rules = (doc: ExportDocument) => new Set(doc.units.flatMap((u) => u.findings.filter((f) => f.outcome === 'violation').map((f) => f.ruleId)));
    expect(rules(nights[2]!.plan).has('link.broken')).toBe(true);
    expect(rules(nights[3]!.plan).has('freshness.column')).toBe(true);
    expect(rules(nights[0]!.plan).has('freshness.column')).toBe(false);
  });

  it('every other finding is the full crawl\'s of the night its evidence was verified, and says when that was', () => {
    for (const night of nights) {
      const dates = verifiedDates(planDb, night.planRun);
      const plan = byEvidence(night.plan);
      const tonight = byEvidence(night.full);
      for (const evidence of new Set([...plan.keys(), ...tonight.keys()])) {
        const on = dates.get(evidence);
        expect(on, `night ${night.n}: ${evidence} is not in the planned run`).toBeDefined();
        const expected = on === night.date ? tonight : byEvidence(fullByDate.get(on!)!);
        const unit = evidence.split(' ')[0]!;
        const got = plan.get(evidence) ?? [];
        expect(got.map((f) => sig(unit, f)).sort(), `night ${night.n}: ${evidence} (verified ${on})`).toEqual((expected.get(evidence) ?? []).map((f) => sig(unit, f)).sort());
        for (const f of got) expect(f.verifiedOn, `night ${night.n}: ${evidence}`).toBe(on === night.date ? undefined : on);
      }
    }
  });

  it('finds tonight what changed on pages it must fetch: new pages, a retitled article, a leak in a new attachment', () => {
    const violations = (doc: ExportDocument, rule: string) => doc.units.flatMap((u) => u.findings.filter((f) => f.ruleId === rule && f.outcome === 'violation'));
    // Night 3's new notice leaks an ID number in its attachment: found that night, in both units.
    expect(violations(nights[2]!.plan, 'privacy.id-number').filter((f) => f.verifiedOn === undefined).length).toBeGreaterThanOrEqual(2);
    // The edited article (same list entry) is found within revisitDays nights of night 4.
    const edited = (n: number) => violations(nights[n - 1]!.plan, 'privacy.id-number').some((f) => f.url.includes('art_') && !f.url.endsWith('.txt'));
    expect([4, 5, 6].some((n) => edited(n))).toBe(true);
    expect(edited(NIGHTS)).toBe(true);
  });

  it('keeps every page of the full crawl, none older than revisitDays', () => {
    for (const night of nights) {
      const fullPages = new Set((fullDb.prepare('SELECT unit_id || \' \' || url AS k FROM pages WHERE run_id = (SELECT id FROM runs WHERE eval_date = ? ORDER BY id DESC LIMIT 1)').all(night.date) as { k: string }[]).map((r) => r.k));
      const planPages = new Set((planDb.prepare("SELECT unit_id || ' ' || url AS k FROM pages WHERE run_id = ?").all(night.planRun) as { k: string }[]).map((r) => r.k));
      const missing = [...fullPages].filter((k) => !planPages.has(k));
      expect(missing, `night ${night.n}`).toEqual([]);
      const oldest = (planDb.prepare('SELECT MIN(verified_on) AS d FROM pages WHERE run_id = ?').get(night.planRun) as { d: string }).d;
      const age = (Date.parse(night.date) - Date.parse(oldest)) / 86_400_000;
      expect(age, `night ${night.n}: oldest page verified ${oldest}`).toBeLessThan(REVISIT_DAYS);
    }
  });

  it('asks far fewer requests from night 2 on', () => {
    const first = nights[0]!.planRequests;
    for (const night of nights.slice(1)) {
      expect(night.planRequests, `night ${night.n}`).toBeLessThan(night.fullRequests * 0.6);
      expect(night.planRequests, `night ${night.n}`).toBeLessThan(first * 0.6);
    }
  });
});

describe('what the reports say of a planned night', () => {
  it('the HTML report, the PDF document and the dashboard show the coverage and 核验于 on carried findings', async () => {
    const last = nights[NIGHTS - 1]!;
    const coverage = coverageText(last.plan.run.coverage!);
    const carried = last.plan.units.flatMap((u) => u.findings).find((f) => f.verifiedOn !== undefined && f.outcome === 'violation')!;
    expect(carried).toBeDefined();
    const html = renderHtmlReport(last.plan, { districtName: '变化的门户', ruleInfo: reportRuleInfo });
    expect(html).toContain(coverage);
    expect(html).toContain(verifiedOnText(carried.verifiedOn!));
    const pdf = pdfDocumentHtml(last.plan, { districtName: '变化的门户', ruleInfo: reportRuleInfo, generatedAt: new Date() });
    expect(pdf).toContain(coverage);
    expect(pdf).toContain(verifiedOnText(carried.verifiedOn!));
    const server = await startApiServer(planDb, { port: 0 });
    try {
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).toContain(coverage);
      const unit = last.plan.units.find((u) => u.findings.includes(carried))!;
      const unitPage = await (await fetch(`${server.url}/units/${unit.id}?outcome=violation`)).text();
      expect(unitPage).toContain(verifiedOnText(carried.verifiedOn!));
    } finally {
      await server.close();
    }
  });
});

describe('a planned night killed part-way', () => {
  it('resumes to the findings of the same night uninterrupted', async () => {
    portal.setNight(4);
    const copy = openStore(join(dir, 'before-night-4.sqlite'));
    try {
      const date = portal.dateOf(4);
      const stop = new AbortController();
      const start = portal.requests(4);
      const watch = setInterval(() => { if (portal.requests(4) - start >= 15) stop.abort(); }, 2);
      const first = await runCrawl(copy, planConfig, { evalDate: date, signal: stop.signal }, quiet);
      clearInterval(watch);
      expect(first.interrupted).toBe(true);
      const resumed = await runCrawl(copy, planConfig, { evalDate: date, resume: true }, quiet);
      expect(resumed.interrupted).toBe(false);
      expect(resumed.run.id).toBe(first.run.id);
      const uninterrupted = nights[3]!.plan;
      const comparable = (doc: ExportDocument) => doc.units.flatMap((u) => u.findings.map((f) => `${sig(u.id, f)} ${f.verifiedOn ?? ''}`)).sort();
      expect(comparable(buildExport(copy, getRun(copy, resumed.run.id)!))).toEqual(comparable(uninterrupted));
    } finally {
      copy.close();
    }
  }, 240_000);
});

describe('a night whose budget runs out', () => {
  it('ends cleanly on what it has, complete, and says that the essentials did not fit', async () => {
    const db = openStore(join(dir, 'budget.sqlite'));
    const small = await new ChangingPortal({ units: 1, columns: 3, articlesPerColumn: 10, perPage: 10 }).start();
    try {
      const smallConfig = (crawl: Record<string, unknown>) =>
        validateConfig({ name: '小门户', units: small.units().map((u) => ({ ...u, type: 'department' })), crawl: { ...CRAWL, ...crawl } });
      // Polite nights, 100 ms between requests; the second with a budget of a little over one second.
      const polite = { perHostConcurrency: 1, perHostDelayMs: 100 };
      small.setNight(1);
      await runCrawl(db, smallConfig(polite), { evalDate: small.dateOf(1) }, quiet);
      // Night 2: a budget of a little over a second, spent before every new page is read.
      small.setNight(2);
      const two = await runCrawl(db, smallConfig({ ...polite, budgetMinutes: 0.02 }), { evalDate: small.dateOf(2) }, quiet);
      expect(two.interrupted).toBe(false);
      const c2 = buildExport(db, getRun(db, two.run.id)!).run.coverage!;
      expect(c2.planned).toBe(true);
      expect(c2.budgetSpent).toBe(true);
      expect(c2.pagesLeft + c2.essentialsLeft).toBeGreaterThan(0);
      expect(coverageText(c2)).toContain('已用完');
      // Night 3: 60 ms, not enough for the home pages and lists at 100 ms a request.
      small.setNight(3);
      const three = await runCrawl(db, smallConfig({ ...polite, budgetMinutes: 0.001 }), { evalDate: small.dateOf(3) }, quiet);
      expect(three.interrupted).toBe(false);
      const run = getRun(db, three.run.id)!;
      expect(run.status).toBe('done');
      const doc = buildExport(db, run);
      const c = doc.run.coverage!;
      expect(c.budgetSpent).toBe(true);
      expect(c.essentialsLeft).toBeGreaterThan(0);
      expect(c.carriedPages).toBeGreaterThan(0);
      expect(coverageText(c)).toContain('时间预算不够抓完必查页面');
      // Every unit is still scored, on tonight's pages plus the carried ones.
      for (const u of doc.units) expect(u.score.assessed, u.id).not.toBe(false);
    } finally {
      db.close();
      await small.close();
    }
  }, 240_000);
});
