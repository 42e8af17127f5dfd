/** The small zh-CN start page of `gongkai serve`: what the server offers and the ranking. */
import { escapeHtml } from '../escape.js';
import { formatScoreOf } from '../messages.zh-CN.js';
import type { RunView } from './run-view.js';
import { SERVE_TEXT as T } from './messages.zh-CN.js';

export function renderHomePage(view: RunView | null): string {
  const routes = T.pageRoutes.map(([path, what]) => `<li><code>${escapeHtml(path)}</code>：${escapeHtml(what)}</li>`).join('');
  let body: string;
  if (view === null) {
    body = `<p>${escapeHtml(T.pageNoRun)}</p>`;
  } else {
    const rows = view.ranked.map((r) => {
      const s = r.unit.score;
      const score = s.assessed === false ? T.notAssessed : `${formatScoreOf(s.total, s.max)}${s.vetoed ? T.vetoed : ''}`;
      return `<tr><td>${r.rank}</td><td>${escapeHtml(r.unit.name)}</td><td>${escapeHtml(score)}</td><td>${r.violations}</td><td>${r.review}</td></tr>`;
    }).join('');
    body = `<p>${escapeHtml(T.pageRun(view.doc.run.id, view.doc.run.evalDate))}</p>
<table><thead><tr>${T.tableHead.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
<p>${escapeHtml(T.pageFullReport)}</p>`;
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(T.pageTitle)}</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .6rem;text-align:left}</style>
</head><body><h1>${escapeHtml(T.pageTitle)}</h1><p>${escapeHtml(T.pageIntro)}</p><ul>${routes}</ul>${body}</body></html>
`;
}
