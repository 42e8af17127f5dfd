/**
 * The dashboard's start page (`/`): the district ranking of the latest finished run with veto
 * flags, change against the previous run and the predicted 100-point total where the manual part
 * was entered; a bar chart of the scores; what changed overnight; the crawl panel; the API list.
 */
import { escapeAttr, escapeHtml, isolateHtml } from '../../rules/escape.js';
import type { ExportUnit } from '../export-schema.js';
import { coverageText, formatScoreOf } from '../messages.zh-CN.js';
import { isAssessed, totalOf, type RankedUnit } from '../ranking-table.js';
import type { RunView } from '../api/run-view.js';
import { SERVE_TEXT } from '../api/messages.zh-CN.js';
import { scoreBarChart } from './charts.js';
import { renderCrawlPanel } from './crawl-panel.js';
import type { CrawlState } from './crawl-runner.js';
import { renderPage, tableHead } from './layout.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

export interface RankingPageInput {
  view: RunView | null;
  crawl: { enabled: boolean; state: CrawlState };
}

export function unitHref(unitId: string): string {
  return `/units/${encodeURIComponent(unitId)}`;
}

/** ↑/↓ points against the previous run, or — when there is nothing to compare with. */
export function scoreChangeHtml(unit: ExportUnit): string {
  const previous = unit.changes?.previousTotal;
  if (previous === undefined || previous === null || !isAssessed(unit)) return escapeHtml(T.noPrevious);
  const delta = Math.round((unit.score.total - previous) * 10) / 10;
  if (delta > 0) return `<span class="up">${escapeHtml(T.up(delta))}</span>`;
  if (delta < 0) return `<span class="down">${escapeHtml(T.down(-delta))}</span>`;
  return escapeHtml(T.noChange);
}

export function scoreText(unit: ExportUnit): string {
  return isAssessed(unit) ? formatScoreOf(unit.score.total, unit.score.max) : T.notAssessed;
}

function rankingRow(r: RankedUnit): string {
  const u = r.unit;
  const veto = u.score.vetoed ? `<span class="badge b-veto">${escapeHtml(T.vetoYes)}</span>` : escapeHtml(T.vetoNo);
  const predicted =
    u.manual && u.manual.predictedTotal !== null
      ? escapeHtml(T.predicted(u.manual.predictedTotal, u.manual.predictedMax))
      : `<span class="muted">${escapeHtml(T.notEntered)}</span>`;
  return `<tr><td class="num">${r.rank}</td><td><a href="${escapeAttr(unitHref(u.id))}">${isolateHtml(u.name)}</a></td><td class="num">${escapeHtml(scoreText(u))}</td><td>${veto}</td><td class="num">${r.violations}</td><td class="num">${r.review}</td><td class="num">${scoreChangeHtml(u)}</td><td class="num">${predicted}</td></tr>`;
}

function chartSection(view: RunView): string {
  const assessed = view.ranked.filter((r) => isAssessed(r.unit));
  const max = Math.max(70, ...assessed.map((r) => r.unit.score.max));
  const svg = scoreBarChart(
    assessed.map((r) => ({ label: r.unit.name, value: totalOf(r.unit), vetoed: r.unit.score.vetoed })),
    max,
    T.chartScoreSeries,
  );
  if (svg === null) return '';
  return `<section><h2>${escapeHtml(T.chartScoresTitle)}</h2><figure class="chart" role="img" aria-label="${escapeAttr(T.chartScoresAlt(assessed.length))}">${svg}</figure></section>`;
}

function changesSection(view: RunView): string {
  const withChanges = view.ranked.filter((r) => r.unit.changes !== undefined);
  const first = withChanges[0]?.unit.changes;
  if (!first) return `<section id="changes"><h2>${escapeHtml(T.changesTitle)}</h2><p class="muted">${escapeHtml(T.changesNone)}</p></section>`;
  let totalNew = 0;
  let totalFixed = 0;
  let totalOpen = 0;
  const rows = withChanges.map((r) => {
    const c = r.unit.changes!;
    totalNew += c.new;
    totalFixed += c.fixed;
    totalOpen += c.open;
    return `<tr><td><a href="${escapeAttr(`${unitHref(r.unit.id)}#changes`)}">${isolateHtml(r.unit.name)}</a></td><td class="num">${c.new}</td><td class="num">${c.fixed}</td><td class="num">${c.open}</td></tr>`;
  });
  const total = `<tr><th scope="row">${escapeHtml(T.changesTotal)}</th><td class="num"><strong>${totalNew}</strong></td><td class="num"><strong>${totalFixed}</strong></td><td class="num"><strong>${totalOpen}</strong></td></tr>`;
  return `<section id="changes"><h2>${escapeHtml(T.changesTitle)}</h2><p>${escapeHtml(T.changesIntro(first.previousRunId, first.previousEvalDate))}</p>
<table>${tableHead(T.changesHead)}<tbody>${total}${rows.join('')}</tbody></table></section>`;
}

function apiSection(): string {
  const items = SERVE_TEXT.pageRoutes.map(([path, what]) => `<li><code>${escapeHtml(path)}</code>：${escapeHtml(what)}</li>`).join('');
  return `<section><h2>${escapeHtml(T.apiTitle)}</h2><ul>${items}</ul></section>`;
}

export function renderRankingPage(input: RankingPageInput): string {
  const { view } = input;
  const crawl = renderCrawlPanel(input.crawl.enabled, input.crawl.state);
  if (view === null) {
    return renderPage({ title: T.rankingTitle, body: `<p class="banner banner-warn">${escapeHtml(T.noRun)}</p>${crawl}${apiSection()}` });
  }
  const run = view.doc.run;
  const anyManual = view.ranked.some((r) => r.unit.manual !== undefined);
  const body = `<p>${escapeHtml(T.runLine(run.id, run.evalDate, run.district))}</p>
${run.coverage ? `<p class="coverage">${escapeHtml(coverageText(run.coverage))}</p>` : ''}
<section><table id="ranking">${tableHead(T.rankingHead)}<tbody>${view.ranked.map(rankingRow).join('')}</tbody></table>
${anyManual ? `<p class="muted">${escapeHtml(T.predictedNote)}</p>` : ''}</section>
${chartSection(view)}
${changesSection(view)}
${crawl}
${apiSection()}`;
  return renderPage({ title: T.rankingTitle, body });
}
