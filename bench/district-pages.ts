/**
 * The HTML of the generated benchmark district, built per request from the layout: a home page per
 * unit, paginated column lists with dated items, and articles with the metadata tags of the
 * 《政府网站发展指引》 (SiteName, ColumnName, PubDate …), images (a few without alt text), related
 * links and, now and then, a mobile number in the text, so every page rule has real work. Pages
 * weigh 10–30 KB like the real ones. Deterministic: the same URL always gives the same bytes.
 */
import { articleDate, articlePath, type BenchColumn, type BenchUnit, ITEMS_PER_LIST_PAGE, listPagePath } from './district-layout.js';

const SENTENCES = [
  '为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政务公开标准化规范化水平，现就有关事项通知如下。',
  '各单位要充分认识做好本项工作的重要意义，切实加强组织领导，明确责任分工，细化工作措施，确保各项任务按时保质完成。',
  '坚持以公开为常态、不公开为例外，围绕群众关切，主动公开政策文件、规划计划、财政预决算和重大建设项目等信息。',
  '对照年度工作要点，认真梳理本单位政务公开事项清单，及时更新政府信息公开指南和目录，方便公众查阅和监督。',
  '加强政策解读工作，通过图文解读、新闻发布会、在线访谈等多种形式，准确传递政策意图，回应社会关切。',
  '严格落实信息发布审核制度，坚持先审后发，防止泄露国家秘密、工作秘密、商业秘密和个人隐私。',
  '本通知自印发之日起施行。执行中遇到的问题，请及时向区政务公开工作领导小组办公室反映。',
  '请各单位于每季度结束后五个工作日内，将本单位工作开展情况报送区政务服务和大数据管理局。',
  '会议强调，要持续优化营商环境，深化“放管服”改革，推动更多政务服务事项网上办、掌上办、一次办。',
  '下一步，我们将继续加大工作力度，完善长效机制，不断提高人民群众的获得感、幸福感和安全感。',
];

/** A small deterministic hash, so text length and choices vary from page to page. */
function mix(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) h = Math.imul(h ^ p, 16777619) >>> 0;
  return h;
}

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function articleTitle(unit: BenchUnit, column: BenchColumn, article: number): string {
  return `${unit.name}关于${column.name}第${article}号事项的通知`;
}

function head(unit: BenchUnit, title: string, extraMeta: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<meta name="SiteName" content="${esc(unit.name)}">
<meta name="SiteDomain" content="www.${unit.id}.example.gov.cn">
<meta name="SiteIDCode" content="37020000${String(unit.n).padStart(2, '0')}">
${extraMeta}
<link rel="stylesheet" href="/css/style.css">
<script src="/js/common.js"></script>
</head>
<body>
<div class="top"><div class="w1200"><span>今天是：</span><a href="/">首页</a> | <a href="/${unit.columns[3]!.path}/index.html">政府信息公开</a> | <a href="/">无障碍浏览</a></div></div>
<div class="header"><div class="w1200"><a href="/"><img src="/images/logo.png" alt="${esc(unit.name)}"></a>
<form class="search" action="/search/" method="get"><input type="text" name="q" title="请输入关键字"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul>
<li><a href="/">网站首页</a></li>
${unit.columns.map((c) => `<li><a href="/${c.path}/index.html">${esc(c.name)}</a></li>`).join('\n')}
</ul></div>
`;
}

function foot(unit: BenchUnit): string {
  return `<div class="links"><h3>相关链接</h3><ul>
<li><a href="/${unit.columns[3]!.path}/index.html">政府信息公开指南</a></li>
<li><a href="/${unit.columns[1]!.path}/index.html">政策文件库</a></li>
<li><a href="/${unit.columns[0]!.path}/index.html">通知公告</a></li>
</ul></div>
<div class="footer"><div class="w1200">
<p>主办单位：${esc(unit.name)}　　承办单位：${esc(unit.name)}办公室</p>
<p>地址：某某市某某区政务中心${unit.n}号楼　　邮编：266000　　联系电话：0532-8${String(8000000 + unit.n * 1111).slice(0, 7)}</p>
<p>网站标识码：37020000${String(unit.n).padStart(2, '0')}　　鲁ICP备05000${String(unit.n).padStart(3, '0')}号　　鲁公网安备 370200020${String(unit.n).padStart(5, '0')}号</p>
<p><img src="/images/dzjg.png" alt="党政机关"></p>
</div></div>
</body>
</html>
`;
}

function sidebar(unit: BenchUnit, column: BenchColumn): string {
  const latest = Array.from({ length: Math.min(8, column.articles) }, (_, i) => i + 1)
    .map((a) => `<li><a href="${articlePath(column, a)}" title="${esc(articleTitle(unit, column, a))}">${esc(articleTitle(unit, column, a))}</a></li>`).join('\n');
  return `<div class="side"><h3>${esc(column.name)}</h3><ul>
${unit.columns.map((c) => `<li${c === column ? ' class="on"' : ''}><a href="/${c.path}/index.html">${esc(c.name)}</a></li>`).join('\n')}
</ul><h3>最新信息</h3><ul>
${latest}
</ul></div>`;
}

export function homePage(unit: BenchUnit): string {
  const blocks = unit.columns.map((c) => {
    const items = Array.from({ length: Math.min(8, c.articles) }, (_, i) => i + 1).map((a) =>
      `<li><a href="${articlePath(c, a)}" title="${esc(articleTitle(unit, c, a))}">${esc(articleTitle(unit, c, a))}</a><span class="date">${articleDate(c, a)}</span></li>`).join('\n');
    return `<div class="block"><div class="hd"><h2>${esc(c.name)}</h2><a class="more" href="/${c.path}/index.html">更多&gt;&gt;</a></div>\n<ul class="list">\n${items}\n</ul></div>`;
  });
  const meta = '<meta name="ColumnName" content="首页">\n<meta name="ColumnType" content="首页">';
  return head(unit, `${unit.name}门户网站`, meta) +
    `<div class="banner"><img src="/images/banner.jpg" alt="${esc(unit.name)}宣传图"></div>
<div class="main w1200">
${blocks.join('\n')}
</div>
` + foot(unit);
}

export function listPage(unit: BenchUnit, column: BenchColumn, page: number): string {
  const first = page * ITEMS_PER_LIST_PAGE + 1;
  const items: string[] = [];
  for (let a = first; a < first + ITEMS_PER_LIST_PAGE && a <= column.articles; a++) {
    items.push(`<li><a href="${articlePath(column, a)}" target="_blank" title="${esc(articleTitle(unit, column, a))}">${esc(articleTitle(unit, column, a))}</a><span class="date">${articleDate(column, a)}</span></li>`);
  }
  const last = column.listPages - 1;
  const pager = [
    `<a href="${listPagePath(column, 0)}">首页</a>`,
    page > 0 ? `<a href="${listPagePath(column, page - 1)}">上一页</a>` : '<span>上一页</span>',
    page < last ? `<a href="${listPagePath(column, page + 1)}">下一页</a>` : '<span>下一页</span>',
    `<a href="${listPagePath(column, last)}">尾页</a>`,
    `<span>第${page + 1}页 / 共${column.listPages}页</span>`,
  ].join(' ');
  const meta = `<meta name="ColumnName" content="${esc(column.name)}">\n<meta name="ColumnType" content="${esc(column.name)}">`;
  return head(unit, `${column.name} - ${unit.name}`, meta) +
    `<div class="main w1200">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/${column.path}/index.html">${esc(column.name)}</a></div>
${sidebar(unit, column)}
<div class="content"><h1>${esc(column.name)}</h1>
<ul class="list">
${items.join('\n')}
</ul>
<div class="page">${pager}</div>
</div>
</div>
` + foot(unit);
}

export function articlePage(unit: BenchUnit, column: BenchColumn, article: number): string {
  const title = articleTitle(unit, column, article);
  const date = articleDate(column, article);
  const h = mix(unit.n, column.index, article);
  // 10–30 KB in all: the body carries 12–60 paragraphs of 2–4 sentences (about 3 bytes per character).
  const paragraphs: string[] = [];
  const count = 12 + (h % 49);
  for (let p = 0; p < count; p++) {
    const k = mix(h, p);
    const n = 2 + (k % 3);
    let text = '';
    for (let s = 0; s < n; s++) text += SENTENCES[(k + s * 7) % SENTENCES.length]!;
    paragraphs.push(`<p style="text-indent:2em;">${text}</p>`);
  }
  // Every 7th article has a picture without alt text; every 211th prints a (made-up) mobile number.
  paragraphs.splice(2, 0, article % 7 === 0
    ? `<p style="text-align:center;"><img src="/images/pic_${h % 16}.jpg"></p>`
    : `<p style="text-align:center;"><img src="/images/pic_${h % 16}.jpg" alt="${esc(title)}配图"></p>`);
  if (article % 211 === 0) paragraphs.push(`<p>联系人：王先生，联系电话：1380013${String(article % 10000).padStart(4, '0')}</p>`);
  const related = [article - 1, article + 1, article + 2].filter((a) => a >= 1 && a <= column.articles)
    .map((a) => `<li><a href="${articlePath(column, a)}">${esc(articleTitle(unit, column, a))}</a><span>${articleDate(column, a)}</span></li>`).join('\n');
  const meta = [
    `<meta name="ArticleTitle" content="${esc(title)}">`,
    `<meta name="PubDate" content="${date} 09:${String(h % 60).padStart(2, '0')}">`,
    `<meta name="ContentSource" content="${esc(unit.name)}">`,
    `<meta name="ColumnName" content="${esc(column.name)}">`,
    `<meta name="ColumnType" content="${esc(column.name)}">`,
    `<meta name="Keywords" content="${esc(column.name)},政务公开">`,
    `<meta name="Description" content="${esc(title)}">`,
  ].join('\n');
  return head(unit, `${title}_${unit.name}`, meta) +
    `<div class="main w1200">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/${column.path}/index.html">${esc(column.name)}</a> &gt; 正文</div>
${sidebar(unit, column)}
<div class="article">
<h1>${esc(title)}</h1>
<div class="info"><span>发布日期：${date}</span><span>来源：${esc(unit.name)}</span><span>字号：[ 大 中 小 ]</span></div>
<div class="TRS_Editor">
${paragraphs.join('\n')}
</div>
<div class="related"><h3>相关文章</h3><ul>
${related}
</ul></div>
<div class="back"><a href="/${column.path}/index.html">返回${esc(column.name)}</a></div>
</div>
</div>
` + foot(unit);
}
