/**
 * The HTML of the large generated site: a home page per unit, paginated column lists (TRS style,
 * index.html, index_1.html …) and articles with a date, an image, sometimes an attachment and
 * sometimes a link to a missing file. Text is deterministic (derived from the numbers).
 */
import { ARTICLES_PER_LIST_PAGE, ATTACHMENT_EVERY, BROKEN_EVERY, type ColumnLayout, type UnitLayout } from './layout.js';

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** A date in 2020 derived from the article number, newest first (article 1 is the newest). */
export function articleDate(article: number): string {
  const day = 330 - (article % 300);
  const d = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function shell(unit: UnitLayout, title: string, main: string): string {
  const nav = unit.columns.map((c) => `<li><a href="/${unit.id}/c${c.n}/index.html">${esc(c.name)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="SiteName" content="${esc(unit.name)}">
</head>
<body>
<div class="header"><a href="/${unit.id}/">${esc(unit.name)}</a></div>
<div class="nav"><ul>${nav}</ul></div>
<div class="main">
${main}
</div>
<div class="footer"><p>主办单位：${esc(unit.name)}　联系电话：0532-8000000</p></div>
</body>
</html>
`;
}

export function homePage(unit: UnitLayout): string {
  const blocks = unit.columns.map((c) => {
    const items = Array.from({ length: Math.min(5, c.articles) }, (_, i) => i + 1)
      .map((a) => `<li><span>${articleDate(a)}</span>${esc(articleTitle(unit, c, a))}</li>`).join('');
    return `<div class="column"><h2><a href="/${unit.id}/c${c.n}/index.html">${esc(c.name)}</a></h2><ul>${items}</ul></div>`;
  });
  return shell(unit, `${unit.name}门户网站`, blocks.join('\n'));
}

export function articleTitle(unit: UnitLayout, column: ColumnLayout, article: number): string {
  return `${unit.name}${column.name}第${article}号公告`;
}

export function listPage(unit: UnitLayout, column: ColumnLayout, page: number): string {
  const first = page * ARTICLES_PER_LIST_PAGE + 1;
  const items: string[] = [];
  for (let a = first; a < first + ARTICLES_PER_LIST_PAGE && a <= column.articles; a++) {
    items.push(`<li><a href="/${unit.id}/c${column.n}/art_${a}.html">${esc(articleTitle(unit, column, a))}</a><span>${articleDate(a)}</span></li>`);
  }
  // Only a "next page" link: each list page is first reached from the one before it.
  const next = page + 1 < column.listPages ? `<a href="/${unit.id}/c${column.n}/index_${page + 1}.html">下一页</a>` : '';
  return shell(unit, `${column.name} - ${unit.name}`, `<h1>${esc(column.name)}</h1><ul class="list">${items.join('')}</ul><div class="page">第${page + 1}页 ${next}</div>`);
}

export function articlePage(unit: UnitLayout, column: ColumnLayout, article: number): string {
  const base = `/${unit.id}/c${column.n}`;
  const extra: string[] = [];
  if (article % ATTACHMENT_EVERY === 0) extra.push(`<p>附件：<a href="${base}/files/art_${article}.txt">第${article}号公告附件.txt</a></p>`);
  if (article % BROKEN_EVERY === 0) extra.push(`<p>相关文件：<a href="${base}/files/missing_${article}.pdf">第${article}号文件.pdf</a></p>`);
  const body = `本单位根据有关规定，现将第${article}号事项公告如下。请相关单位和个人按要求办理。`.repeat(3);
  return shell(unit, `${articleTitle(unit, column, article)} - ${unit.name}`, `<h1>${esc(articleTitle(unit, column, article))}</h1>
<div class="info">发布日期：${articleDate(article)}　来源：${esc(unit.name)}</div>
<div class="content"><p>${body}</p><p><img src="${base}/img/art_${article}.png" alt="第${article}号公告配图"></p>${extra.join('')}</div>
<div class="back"><a href="${base}/index.html">返回${esc(column.name)}</a></div>`);
}

export function attachmentText(unit: UnitLayout, column: ColumnLayout, article: number): string {
  return `${unit.name}${column.name}第${article}号公告附件\n事项说明：本附件为公告的补充材料。\n`;
}

/** A tiny valid PNG (1×1), so image checks see a real image. */
export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
