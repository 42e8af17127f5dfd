/**
 * The page of one unit (`/units/<id>`): score and rank, the indicator breakdown, the fix list
 * ordered by points recoverable, the staleness forecast, the score trend over runs, what changed
 * since the last run, template problems once with their pages, every finding with its evidence,
 * advice and marks (filterable), and the hand-entered 30 points.
 */
import { escapeAttr, escapeHtml, isolateHtml } from '../../rules/escape.js';
import type { ExportFinding, ExportUnit, TemplateGroup } from '../export-schema.js';
import { fixList, type FixItem } from '../fix-list.js';
import { forecastUnit } from '../forecast.js';
import { UNIT_TYPE_LABELS, formatScore, formatScoreOf } from '../messages.zh-CN.js';
import { isAssessed, type RankedUnit } from '../ranking-table.js';
import { reportRuleInfo } from '../rule-info.js';
import { scoreTrendChart } from './charts.js';
import { findingBadges, linkOrText, markLine, renderFindingCard, renderMarkForm, type MarkTarget } from './finding-card.js';
import { findingMatches, renderFilterForm, type FindingFilter } from './finding-filter.js';
import { renderPage, tableHead } from './layout.js';
import { renderManualForm, renderManualSummary } from './manual-form.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { scoreChangeHtml, scoreText, unitHref } from './ranking-page.js';
import type { ScorePoint } from './score-history.js';

export interface UnitPageInput {
  unit: ExportUnit;
  ranked: RankedUnit;
  unitCount: number;
  runId: string;
  evalDate: string;
  /** Last day of the staleness forecast (the next evaluation, or evalDate + 30 days). */
  forecastUntil: string;
  filter: FindingFilter;
  history: ScorePoint[];
  screenshot: (finding: ExportFinding) => string | null;
  /** Whether marks and manual entries can be saved (writable store). */
  canWrite: boolean;
  /** A short confirmation after a saved action (from the redirect), already plain text. */
  notice: string | null;
}

/** Template pages listed in full up to this many; the count always says how many there are. */
const TEMPLATE_PAGES_SHOWN = 30;

function header(input: UnitPageInput): string {
  const u = input.unit;
  const banners: string[] = [];
  if (!isAssessed(u)) banners.push(`<p class="banner banner-warn">${escapeHtml(T.notAssessedBanner)}</p>`);
  if (u.score.vetoed) banners.push(`<p class="banner banner-warn"><span class="badge b-veto">${escapeHtml(T.vetoYes)}</span>${escapeHtml(T.vetoBanner)}</p>`);
  const notice = input.notice ? `<p class="banner banner-ok">${escapeHtml(input.notice)}</p>` : '';
  const predicted = u.manual && u.manual.predictedTotal !== null ? ` · ${escapeHtml(T.manualPredicted(u.manual.predictedTotal, u.manual.predictedMax))}` : '';
  return `${notice}<p>${escapeHtml(UNIT_TYPE_LABELS[u.type])} · ${escapeHtml(T.unitHome)}：${linkOrText(u.url)}</p>
<p><strong>${escapeHtml(T.unitScore)}：${escapeHtml(scoreText(u))}</strong> · ${escapeHtml(T.unitRank(input.ranked.rank, input.unitCount))} · ${scoreChangeHtml(u)}${predicted}</p>${banners.join('')}`;
}

function indicatorSection(u: ExportUnit): string {
  const rows = u.score.indicators
    .map((i) => `<tr><td>${escapeHtml(i.name)}</td><td class="num">${escapeHtml(formatScore(i.score))}</td><td class="num">${escapeHtml(formatScore(i.max))}</td><td class="num">${escapeHtml(formatScore(i.max - i.score))}</td></tr>`)
    .join('');
  return `<section id="indicators"><h2>${escapeHtml(T.indicatorsTitle)}</h2><table>${tableHead(T.indicatorsHead)}<tbody>${rows}</tbody></table></section>`;
}

function fixRow(item: FixItem, index: number): string {
  const points = item.veto ? `<span class="badge b-veto">${escapeHtml(T.vetoYes)}</span>` : escapeHtml(T.points(item.points));
  const examples = item.exampleUrls.map((url) => `<li>${linkOrText(url)}</li>`).join('');
  return `<tr><td class="num">${index + 1}</td><td><strong>${escapeHtml(item.title)}</strong><br><span class="muted">${escapeHtml(item.summary)}</span>${examples ? `<ul class="small">${examples}</ul>` : ''}</td><td>${escapeHtml(item.indicator ?? '—')}</td><td class="num">${points}</td><td class="num">${item.count}</td><td>${escapeHtml(item.fix)}</td></tr>`;
}

function fixListSection(u: ExportUnit): string {
  const items = fixList(u);
  const body =
    items.length === 0
      ? `<p>${escapeHtml(T.fixListEmpty)}</p>`
      : `<p class="muted">${escapeHtml(T.fixListIntro)}</p><table>${tableHead(T.fixListHead)}<tbody>${items.map(fixRow).join('')}</tbody></table>`;
  return `<section id="fix-list"><h2>${escapeHtml(T.fixListTitle)}</h2>${body}</section>`;
}

function forecastSection(u: ExportUnit, evalDate: string, until: string): string {
  const items = forecastUnit(u, evalDate, until);
  const body =
    items.length === 0
      ? `<p>${escapeHtml(T.forecastEmpty(until))}</p>`
      : `<p>${escapeHtml(T.forecastIntro(until))}</p><ul>${items.map((i) => `<li>${isolateHtml(i.message)} · ${linkOrText(i.url)}</li>`).join('')}</ul>`;
  return `<section id="forecast"><h2>${escapeHtml(T.forecastTitle)}</h2>${body}</section>`;
}

function trendSection(history: ScorePoint[], max: number): string {
  if (history.length === 0) return '';
  const rows = history
    .map((p) => `<tr><td class="num">${p.runId}</td><td>${escapeHtml(p.evalDate)}</td><td class="num">${escapeHtml(p.assessed ? formatScoreOf(p.total, p.max) : T.notAssessed)}${p.vetoed ? ` <span class="badge b-veto">${escapeHtml(T.vetoYes)}</span>` : ''}</td></tr>`)
    .join('');
  const svg = scoreTrendChart(
    history.map((p) => ({ label: `#${p.runId} ${p.evalDate.slice(5)}`, value: p.assessed ? p.total : null })),
    Math.max(max, ...history.map((p) => p.max)),
    T.trendSeries,
  );
  const chart = svg ? `<figure class="chart" role="img" aria-label="${escapeAttr(T.trendAlt(history.length))}">${svg}</figure>` : '';
  const note = history.length < 2 ? `<p class="muted">${escapeHtml(T.trendOnlyOne)}</p>` : '';
  return `<section id="trend"><h2>${escapeHtml(T.trendTitle)}</h2>${note}${chart}<details><summary>${escapeHtml(T.trendHead.join(' / '))}</summary><table>${tableHead(T.trendHead)}<tbody>${rows}</tbody></table></details></section>`;
}

function changesSection(u: ExportUnit): string {
  const c = u.changes;
  if (!c) return '';
  const fixed =
    c.fixedFindings.length === 0
      ? `<p class="muted">${escapeHtml(T.fixedEmpty)}</p>`
      : `<ul>${c.fixedFindings.map((f) => `<li><strong>${escapeHtml(reportRuleInfo(f.ruleId)?.title ?? f.ruleId)}</strong>：${isolateHtml(f.message)} · ${linkOrText(f.url)}</li>`).join('')}</ul>`;
  return `<section id="changes"><h2>${escapeHtml(T.changesTitle)}</h2><p>${escapeHtml(T.changesIntro(c.previousRunId, c.previousEvalDate))}
<span class="badge b-new">${escapeHtml(T.changeNew)} ${c.new}</span><span class="badge b-pass">${escapeHtml(T.changesHead[2])} ${c.fixed}</span><span class="badge b-open">${escapeHtml(T.changeOpen)} ${c.open}</span></p>
<h3>${escapeHtml(T.fixedTitle)}</h3>${fixed}</section>`;
}

function markAction(unitId: string): string {
  return `${unitHref(unitId)}/mark`;
}

/** A group's mark: the one all its findings share, if they do. */
function groupMark(members: ExportFinding[]) {
  const first = members[0]?.mark;
  return first && members.every((m) => m.mark?.kind === first.kind && m.mark.reason === first.reason) ? first : undefined;
}

function templateCard(group: TemplateGroup, members: ExportFinding[], input: UnitPageInput): string {
  const shown = group.pages.slice(0, TEMPLATE_PAGES_SHOWN);
  const more = group.pages.length > shown.length ? `<p class="muted">${escapeHtml(T.templateShown(shown.length, group.pages.length))}</p>` : '';
  const info = reportRuleInfo(group.ruleId);
  const sample = members[0];
  const reappeared = members.some((m) => m.reappeared);
  const mark = groupMark(members);
  const badges = findingBadges({ outcome: group.outcome, ...(sample?.change ? { change: sample.change } : {}), ...(mark ? { mark } : {}), reappeared });
  const canMark = input.canWrite && members.some((m) => m.key !== undefined) && (group.outcome === 'violation' || group.outcome === 'incomplete');
  const target: MarkTarget | null = canMark ? { action: markAction(input.unit.id), fields: { group: group.id }, current: mark } : null;
  return `<article class="finding${reappeared ? ' reappeared' : ''}" id="${escapeAttr(`g-${group.id}`)}">
<div>${badges}<strong>${escapeHtml(T.templateTitle(group.count))}</strong> · ${escapeHtml(info?.title ?? group.ruleId)} <span class="muted">${escapeHtml(group.ruleId)}</span></div>
<p>${isolateHtml(group.message)}</p>
${group.target?.snippet ? `<div>${escapeHtml(T.evidenceSnippet)}：<div class="snippet">${escapeHtml(group.target.snippet)}</div></div>` : ''}
${info ? `<p>${escapeHtml(T.fixAdvice)}：${escapeHtml(info.fix)}</p>` : ''}
${mark ? markLine(mark) : ''}
<details><summary>${escapeHtml(T.templatePages)}（${group.pages.length}）</summary><ul>${shown.map((p) => `<li>${linkOrText(p)}</li>`).join('')}</ul>${more}</details>
${target ? renderMarkForm(target) : ''}</article>`;
}

function findingsSection(input: UnitPageInput): string {
  const u = input.unit;
  const indicators = u.score.indicators;
  const groups = new Map((u.templateGroups ?? []).map((g) => [g.id, g] as const));
  const members = new Map<string, ExportFinding[]>();
  const singles: ExportFinding[] = [];
  for (const f of u.findings) {
    if (f.templateGroup !== undefined && groups.has(f.templateGroup)) {
      const list = members.get(f.templateGroup) ?? [];
      list.push(f);
      members.set(f.templateGroup, list);
    } else {
      singles.push(f);
    }
  }
  const shownGroups = [...groups.values()].filter((g) => findingMatches(g, input.filter, indicators));
  const shownSingles = singles.filter((f) => findingMatches(f, input.filter, indicators));
  // Reappeared problems first (a fix that did not hold is the most urgent news), then violations,
  // then what needs review; the crawl's order within each.
  const weight = (f: ExportFinding) => (f.reappeared ? 0 : f.outcome === 'violation' ? 1 : f.outcome === 'pass' || f.outcome === 'inapplicable' ? 3 : 2);
  shownSingles.sort((a, b) => weight(a) - weight(b));
  const totalEntries = groups.size + singles.length;
  const shownEntries = shownGroups.length + shownSingles.length;

  const ruleIds = [...new Set(u.findings.map((f) => f.ruleId))].sort();
  const form = renderFilterForm(unitHref(u.id), input.filter, {
    units: null,
    indicators: indicators.map((i) => ({ id: i.id, name: i.name })),
    rules: ruleIds.map((id) => ({ id, title: reportRuleInfo(id)?.title ?? id })),
  });

  const groupHtml = shownGroups.length
    ? `<h3>${escapeHtml(T.templateTitle(shownGroups.reduce((n, g) => n + g.count, 0)))}</h3><p class="muted">${escapeHtml(T.templateIntro)}</p>${shownGroups.map((g) => templateCard(g, members.get(g.id) ?? [], input)).join('')}`
    : '';
  const cards = shownSingles
    .map((f) => {
      const markable = input.canWrite && f.key !== undefined && (f.outcome === 'violation' || f.outcome === 'incomplete');
      return renderFindingCard(f, {
        screenshot: f.target ? input.screenshot(f) : null,
        mark: markable ? { action: markAction(u.id), fields: { key: f.key! }, current: f.mark } : null,
      });
    })
    .join('');
  const empty = shownEntries === 0 ? `<p>${escapeHtml(T.findingsEmpty)}</p>` : '';
  return `<section id="findings"><h2>${escapeHtml(T.findingsTitle)}</h2>${form}<p class="muted">${escapeHtml(T.findingsCount(shownEntries, totalEntries))}</p>${empty}${groupHtml}${cards}</section>`;
}

function manualSection(input: UnitPageInput): string {
  const u = input.unit;
  const form = input.canWrite ? renderManualForm(`${unitHref(u.id)}/manual`, u.manual) : '';
  return `<section id="manual"><h2>${escapeHtml(T.manualTitle)}</h2><p class="muted">${escapeHtml(T.manualIntro)}</p>${renderManualSummary(u.manual)}${form}</section>`;
}

export function renderUnitPage(input: UnitPageInput): string {
  const u = input.unit;
  const body = [
    header(input),
    indicatorSection(u),
    fixListSection(u),
    changesSection(u),
    forecastSection(u, input.evalDate, input.forecastUntil),
    trendSection(input.history, u.score.max),
    findingsSection(input),
    manualSection(input),
  ].join('\n');
  return renderPage({ title: u.name, body });
}

