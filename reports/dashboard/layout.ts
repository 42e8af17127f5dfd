/**
 * The page shell every dashboard page shares: head, navigation and one inline style sheet. No
 * script anywhere: the server sends `default-src 'none'`, so the pages work (and stay safe) as
 * plain HTML and forms.
 */
import { escapeHtml, isolateHtml } from '../../rules/escape.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

const STYLE = `
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;line-height:1.6;background:#f6f7f9;overflow-wrap:anywhere}
header{background:#1f4e79;color:#fff;padding:.6rem 1.5rem;display:flex;gap:2rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;margin-right:1.2rem}
header a:hover,header a:focus{text-decoration:underline}
header .brand{font-weight:bold}
main{max-width:72rem;margin:1rem auto;padding:0 1.5rem 3rem}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.8rem 1.2rem;margin:1rem 0}
h1{font-size:1.5rem;margin:.8rem 0}
h2{font-size:1.2rem;margin:.4rem 0 .6rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef1f4}
td.num{text-align:right;white-space:nowrap}
.muted{color:#59636e}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.85rem;margin-right:.3rem;white-space:nowrap}
.b-veto{background:#b3261e;color:#fff}
.b-violation{background:#fde2e1;color:#8a1c14}
.b-incomplete,.b-error{background:#fff4ce;color:#6b4f00}
.b-pass,.b-inapplicable{background:#e6f4ea;color:#1e6b34}
.b-new{background:#ffe8cc;color:#8a4b00}
.b-open{background:#e8eaf0;color:#333}
.b-mark{background:#dbeafe;color:#1e3a8a}
.b-reappeared{background:#b3261e;color:#fff}
.up{color:#1e6b34}
.down{color:#b3261e}
.banner{padding:.5rem .8rem;border-radius:4px;margin:.5rem 0}
.banner-warn{background:#fde2e1;border:1px solid #e5a29d}
.banner-ok{background:#e6f4ea;border:1px solid #9fd3ad}
.finding{border-top:1px solid #e1e4e8;padding:.6rem 0}
.finding.reappeared{border-left:4px solid #b3261e;padding-left:.6rem;background:#fff7f7}
.snippet{font-family:monospace;white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.3rem .5rem;border-radius:4px;max-height:10rem;overflow:auto}
.url{word-break:break-all}
.small{font-size:.85rem;margin:.2rem 0;padding-left:1.2rem}
.shot{max-width:100%;max-height:20rem;border:1px solid #d0d7de}
.chart{overflow-x:auto}
form.inline,.inline-row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin:.4rem 0}
form.inline label,.inline-row label{display:flex;flex-direction:column;font-size:.9rem}
input,select,textarea,button{font:inherit}
button{padding:.2rem .9rem;cursor:pointer}
details{margin:.3rem 0}
pre.log{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;max-height:12rem;overflow:auto}
`;

export interface PageShell {
  /** Shown in the tab and as the page heading. Plain text: escaped here. */
  title: string;
  /** Already-escaped HTML of the page body. */
  body: string;
}

export function renderPage(page: PageShell): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.title)} · ${escapeHtml(T.siteTitle)}</title>
<style>${STYLE}</style>
</head><body>
<header><span class="brand">${escapeHtml(T.siteTitle)}</span><nav><a href="/">${escapeHtml(T.navRanking)}</a><a href="/findings">${escapeHtml(T.navFindings)}</a><a href="/runs">${escapeHtml(T.navRuns)}</a></nav></header>
<main><h1>${isolateHtml(page.title)}</h1>
${page.body}
</main></body></html>
`;
}

/** A `<th>` row from plain-text headings. */
export function tableHead(headings: readonly string[]): string {
  return `<thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
}
