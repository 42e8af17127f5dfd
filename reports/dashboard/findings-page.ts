/**
 * `/findings`: the findings of the whole district in one table, filtered by unit, indicator, rule
 * and outcome (GET parameters from a plain form). Each row links to the unit page for evidence,
 * advice and marks.
 */
import { escapeAttr, escapeHtml, isolateHtml } from '../../rules/escape.js';
import type { ExportFinding, ExportUnit } from '../export-schema.js';
import { reportRuleInfo } from '../rule-info.js';
import type { RunView } from '../api/run-view.js';
import { findingBadges, linkOrText, markKindText } from './finding-card.js';
import { findingMatches, renderFilterForm, type FindingFilter } from './finding-filter.js';
import { renderPage, tableHead } from './layout.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { unitHref } from './ranking-page.js';

/** More rows than this make the page slow to read and to render; the filter narrows it down. */
export const FINDINGS_PAGE_LIMIT = 500;

function row(unit: ExportUnit, f: ExportFinding): string {
  const title = reportRuleInfo(f.ruleId)?.title ?? f.ruleId;
  const anchor = f.templateGroup ? `#g-${f.templateGroup}` : f.key ? `#f-${f.key}` : '#findings';
  const mark = f.mark ? escapeHtml(`${markKindText(f.mark.kind)}：${f.mark.reason}`) : '';
  return `<tr><td><a href="${escapeAttr(unitHref(unit.id) + anchor)}">${isolateHtml(unit.name)}</a></td><td>${escapeHtml(title)}<br><span class="muted">${escapeHtml(f.ruleId)}</span></td><td>${findingBadges(f)}</td><td>${isolateHtml(f.message)}</td><td>${linkOrText(f.url)}</td><td>${mark}</td></tr>`;
}

export function renderFindingsPage(view: RunView | null, filter: FindingFilter): string {
  if (view === null) return renderPage({ title: T.findingsPageTitle, body: `<p>${escapeHtml(T.noRun)}</p>` });
  const units = view.ranked.map((r) => r.unit);
  const matching: [ExportUnit, ExportFinding][] = [];
  let total = 0;
  for (const unit of units) {
    if (filter.unit !== null && unit.id !== filter.unit) continue;
    for (const f of unit.findings) {
      total += 1;
      if (findingMatches(f, filter, unit.score.indicators)) matching.push([unit, f]);
    }
  }
  const ruleIds = [...new Set(units.flatMap((u) => u.findings.map((f) => f.ruleId)))].sort();
  const form = renderFilterForm('/findings', filter, {
    units: units.map((u) => ({ id: u.id, name: u.name })),
    indicators: [...new Map(units.flatMap((u) => u.score.indicators).map((i) => [i.id, { id: i.id, name: i.name }] as const)).values()],
    rules: ruleIds.map((id) => ({ id, title: reportRuleInfo(id)?.title ?? id })),
  });
  const shown = matching.slice(0, FINDINGS_PAGE_LIMIT);
  const table =
    shown.length === 0
      ? `<p>${escapeHtml(T.findingsEmpty)}</p>`
      : `<table id="findings">${tableHead(T.findingsHead)}<tbody>${shown.map(([u, f]) => row(u, f)).join('')}</tbody></table>`;
  const count = `<p class="muted">${escapeHtml(T.findingsCount(matching.length, total))}${matching.length > shown.length ? escapeHtml(T.templateShown(shown.length, matching.length)) : ''}</p>`;
  return renderPage({ title: T.findingsPageTitle, body: `<section>${form}${count}${table}</section>` });
}
