/**
 * What the three annual-report rules share: the 年报 part as the site model found it, the reports
 * listed there, and the latest report (by the year it is about), which structure and consistency judge.
 */
import type { AnnualReport, Finding, PageSnapshot, SiteModel } from '../types.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';
import { DISCLOSURE_NAMES, emptyMarkerIn } from './disclosure-names.js';
import { gateOnPart } from './disclosure-part-gate.js';

export type ReportList =
  | { kind: 'reports'; listUrl: string; reports: AnnualReport[] }
  /** The list page was read and shows an empty-list marker (暂无信息): surely no report. */
  | { kind: 'empty'; listUrl: string; marker: string }
  /** Read, but no dated entry came out of it (a script-drawn list?), or not read at all. */
  | { kind: 'unknown'; listUrl: string; read: boolean }
  | { kind: 'stop'; findings: Finding[] };

export function reportList(ruleId: string, site: SiteModel, home: PageSnapshot): ReportList {
  const gate = gateOnPart(ruleId, site, home, DISCLOSURE_NAMES.annualReportPart, M.noReportPart);
  if ('findings' in gate) return { kind: 'stop', findings: gate.findings };
  const listUrl = gate.part.url ?? site.disclosure!.url;
  if (site.annualReports.length > 0) return { kind: 'reports', listUrl, reports: site.annualReports };
  const page = site.page(listUrl);
  if (!page) return { kind: 'unknown', listUrl, read: false };
  const marker = emptyMarkerIn(page.text);
  return marker !== null && page.datedItems.length === 0 ? { kind: 'empty', listUrl, marker } : { kind: 'unknown', listUrl, read: true };
}

/**
 * The report judged for content: the one about the latest year, the newest published among equals;
 * when no title names a year, the first listed (lists are newest first).
 */
export function latestReport(reports: AnnualReport[]): AnnualReport | null {
  let best: AnnualReport | null = null;
  for (const r of reports) {
    if (r.year === null) continue;
    if (!best || r.year > best.year! || (r.year === best.year && (r.published ?? '') > (best.published ?? ''))) best = r;
  }
  return best ?? reports[0] ?? null;
}

/** The findings for the two content rules when there is no report to read. */
export function noReportFindings(ruleId: string, list: Exclude<ReportList, { kind: 'reports' } | { kind: 'stop' }>): Finding[] {
  if (list.kind === 'unknown') {
    const message = list.read ? M.reportListNoItems(list.listUrl) : M.reportListUnread(list.listUrl);
    return [{ ruleId, outcome: 'incomplete', url: list.listUrl, message, data: {} }];
  }
  return [{ ruleId, outcome: 'inapplicable', url: list.listUrl, message: M.noReports(), data: {} }];
}

/**
 * The opening both content rules share: the latest listed report with its text, or the findings to
 * give when there is none to read (no part, no list, no report, or the report page was not read).
 */
export function latestReadReport(
  ruleId: string, site: SiteModel, home: PageSnapshot,
): { findings: Finding[] } | { report: AnnualReport & { document: NonNullable<AnnualReport['document']> }; base: { year: number | null; title: string } } {
  const list = reportList(ruleId, site, home);
  if (list.kind === 'stop') return { findings: list.findings };
  if (list.kind !== 'reports') return { findings: noReportFindings(ruleId, list) };
  const report = latestReport(list.reports)!;
  const base = { year: report.year, title: report.title };
  if (!report.document) {
    return { findings: [{ ruleId, outcome: 'incomplete', url: report.url, message: M.reportUnread(report.title), data: base }] };
  }
  return { report: { ...report, document: report.document }, base };
}
