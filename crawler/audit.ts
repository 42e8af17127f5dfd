/**
 * Audits a run from the store, without fetching: page rules on every stored HTML page, the site model
 * and site rules per unit, then the score. Running it again on the same run (e.g. after a rule fix or
 * with another evaluation date) replaces that run's findings and scores.
 */
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runSiteRules } from '../rules/engine.js';
import type { Finding, SiteModel } from '../rules/types.js';
import { ruleMeta } from '../rules/catalogue.js';
import { scoreUnit, DEFAULT_CATALOGUE, type IndicatorCatalogue } from '../rules/scoring.js';
import { crawlText } from './messages.zh-CN.js';
import type { Progress } from './progress.js';
import { buildSiteModel, SitePages, type StoredPageFacts } from './site-model.js';
import type { Db } from '../store/db.js';
import { replaceUnitResults } from '../store/findings.js';
import { LinkCheckStore } from '../store/link-checks.js';
import { pageBody, pageHtml, pageSnapshotReader, unitAuditPages } from '../store/pages.js';
import { pageRuleFindings, resultsHold, resultsVersion } from './page-results.js';
import { AttachmentStore } from '../store/attachments.js';
import { unitProbes } from '../store/probes.js';
import { readReportDocument } from '../rules/extract/report-document.js';
import { mergeA11yFindings, type AxePageRun } from '../rules/a11y/merge.js';
import { StoredAxeResultSchema, type StoredAxeResult } from '../rules/a11y/axe-result.js';
import { unitAxeResults } from '../store/axe-results.js';
import { runUnits, setRunStatus, type RunRow } from '../store/runs.js';
import { carriedEvidenceDates } from '../store/carried-evidence.js';
import { saveSiteRoles, type SiteRoleRow } from '../store/site-roles.js';
import { normalizeUrl } from '../store/url.js';

export function auditRun(db: Db, run: RunRow, progress: Progress, opts: { evalDate?: string; catalogue?: IndicatorCatalogue } = {}): void {
  const evalDate = opts.evalDate ?? run.evalDate;
  if (evalDate !== run.evalDate) db.prepare('UPDATE runs SET eval_date = ? WHERE id = ?').run(evalDate, run.id);
  setRunStatus(db, run.id, 'auditing');
  const units = runUnits(db, run.id);
  const linkStore = new LinkCheckStore(db, run.id);
  const attachmentStore = new AttachmentStore(db, run.id);
  progress.log(crawlText.auditing(units.length));
  const snapshotOf = pageSnapshotReader(db, run.id);
  const bodyOf = pageBody(db);
  const version = resultsVersion();
  for (const unit of units) {
    const findings: Finding[] = [];
    // The site model keeps only each page's facts: holding every snapshot (text, images, assets)
    // of a unit made the audit's memory grow with the unit's size (~1 GB at 6,000 pages a unit).
    const pages = new SitePages();
    for (const p of unitAuditPages(db, run.id, unit.id)) {
      const url = p.url;
      const load = () => snapshotOf(unit.id, url);
      // The page's results as the crawl stored them, when the same code made them for this date
      // and unit: the page is not decompressed or parsed again.
      const current = version !== null && p.results?.version === version ? p.results : null;
      const carried = p.verifiedRun !== null && p.verifiedRun !== run.id;
      if (current && resultsHold(current, { evalDate, unitName: unit.name, carried })) {
        pages.addFacts(p, JSON.parse(current.factsJson) as StoredPageFacts, load);
        for (const f of JSON.parse(current.findingsJson) as Finding[]) findings.push(f);
        continue;
      }
      if (!p.hasSnapshot) {
        pages.addFacts(p, null, load);
        continue;
      }
      const { snapshot, html } = bodyOf(p.rowid);
      if (current) pages.addFacts(p, JSON.parse(current.factsJson) as StoredPageFacts, load);
      else pages.add(p, snapshot, load);
      if (html !== null && snapshot) {
        const dom = cheerioDomView(html, p.finalUrl);
        for (const f of pageRuleFindings({ dom, snapshot, finalUrl: p.finalUrl, evalDate, unitName: unit.name })) findings.push(f);
      }
    }
    progress.update(crawlText.auditUnit(unit.name, pages.pages.length));
    const site = buildSiteModel({
      unit, evalDate, homeUrl: normalizeUrl(unit.url) ?? unit.url, pages, linkChecks: linkStore.forUnit(unit.id),
      attachments: attachmentStore.forUnit(unit.id),
      probes: unitProbes(db, run.id, unit.id),
      loadDocument: (url) => {
        const stored = pageHtml(db, run.id, unit.id, url);
        return stored ? readReportDocument(cheerioDomView(stored.html, stored.finalUrl)) : null;
      },
    });
    // axe's results replace the static checks of the same ids on the pages axe ran on.
    const axeRuns: AxePageRun[] = [];
    for (const [url, stored] of unitAxeResults(db, run.id, unit.id)) {
      const parsed = StoredAxeResultSchema.safeParse(stored.json);
      const result: StoredAxeResult = parsed.success ? parsed.data : { status: 'skipped', reason: 'error', detail: stored.error ?? '无障碍检查结果无法读取' };
      axeRuns.push({ url, result });
    }
    const pageFindings = mergeA11yFindings(findings.splice(0), axeRuns);
    findings.push(...pageFindings, ...runSiteRules(site));
    dateCarriedFindings(findings, carriedEvidenceDates(db, run.id, unit.id));
    saveSiteRoles(db, run.id, unit.id, siteRoles(site));
    let score = scoreUnit(findings, opts.catalogue ?? DEFAULT_CATALOGUE);
    // Without a home page nothing the score measures was seen: say so instead of a full score.
    if (!site.home) score = { ...score, assessed: false, notAssessedReason: site.homeError };
    replaceUnitResults(db, run.id, unit.id, findings, score);
  }
  // A finished run audited again keeps the time its crawl finished: the audit does not re-date it.
  setRunStatus(db, run.id, 'done', run.status === 'done' && run.finishedAt ? { finishedAt: run.finishedAt } : {});
  progress.done();
}

/**
 * Marks the findings whose evidence was carried from an earlier night without being asked again
 * (the nightly plan) with the date it was last verified: page findings by their page (or
 * attachment), link findings by their target. Unit and column findings are judged on tonight's
 * pages and never carried.
 */
function dateCarriedFindings(findings: Finding[], carried: { pages: Map<string, string>; attachments: Map<string, string>; links: Map<string, string> }): void {
  if (carried.pages.size === 0 && carried.attachments.size === 0 && carried.links.size === 0) return;
  for (const f of findings) {
    const scope = f.ruleId.startsWith('a11y.') && f.ruleId !== 'a11y.toolbar' ? 'page' : ruleMeta(f.ruleId)?.scope;
    let on: string | undefined;
    if (scope === 'page') on = carried.pages.get(f.url) ?? carried.attachments.get(f.url);
    else if (scope === 'link' && typeof f.data['href'] === 'string') on = carried.links.get(f.data['href']);
    if (on !== undefined) f.verifiedOn = on;
  }
}

/** What the site model found, for the next night's plan (night-plan.ts: essentials and column pages). */
function siteRoles(site: SiteModel): SiteRoleRow[] {
  const roles: SiteRoleRow[] = [];
  if (site.home) roles.push({ url: site.home.url, role: 'home' });
  if (site.disclosure) {
    roles.push({ url: site.disclosure.url, role: 'disclosure' });
    for (const part of site.disclosure.parts) if (part.url) roles.push({ url: part.url, role: 'part' });
  }
  if (site.guideUrl) roles.push({ url: site.guideUrl, role: 'guide' });
  if (site.guide) roles.push({ url: site.guide.url, role: 'guide' });
  if (site.annualReportListUrl) roles.push({ url: site.annualReportListUrl, role: 'report-list' });
  const newest = site.annualReports[0];
  if (newest) roles.push({ url: newest.url, role: 'report' });
  for (const column of site.columns) roles.push({ url: column.url, role: 'column' });
  return roles;
}
