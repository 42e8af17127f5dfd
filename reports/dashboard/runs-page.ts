/** `/runs`: every run in the store with its evaluation date, state, times and pages fetched. */
import { escapeHtml } from '../../rules/escape.js';
import { formatBeijingTime } from '../../rules/office-time.js';
import { renderPage, tableHead } from './layout.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import type { RunListEntry } from './run-list.js';

export function renderRunsPage(runs: readonly RunListEntry[]): string {
  if (runs.length === 0) return renderPage({ title: T.runsTitle, body: `<p>${escapeHtml(T.runsEmpty)}</p>` });
  const rows = runs
    .map((r) => `<tr><td class="num">${r.id}</td><td>${escapeHtml(r.evalDate)}</td><td>${escapeHtml(T.runStatus[r.status] ?? r.status)}</td><td>${escapeHtml(formatBeijingTime(r.startedAt))}</td><td>${escapeHtml(r.finishedAt ? formatBeijingTime(r.finishedAt) : '—')}</td><td class="num">${r.pages}</td></tr>`)
    .join('');
  return renderPage({ title: T.runsTitle, body: `<section><table id="runs">${tableHead(T.runsHead)}<tbody>${rows}</tbody></table></section>` });
}
