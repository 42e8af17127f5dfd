/**
 * The page shell shared by every demo page: head metas, top bar, header, navigation, footer.
 * Seeded page defects (no lang, no title) are switched per page through `PageSpec`, never in this
 * shared template, so each such defect appears on exactly one page.
 */
import type { CharsetPlacement } from './resource.js';

/** Escape text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** What every page of a unit shows about the site (metas and footer identity). */
export interface SiteIdentity {
  siteName: string;
  /** 主办单位: the unit itself. */
  sponsor: string;
  /** Host and port of the unit's own server. */
  siteDomain: string;
  /** 10-digit 网站标识码 (shown in the footer). */
  siteIdCode: string;
  /** false: the template leaves the SiteIDCode meta out (a seeded meta.site defect). */
  siteIdCodeMeta?: boolean;
  icp: string;
  /** 公安机关备案号; null: the footer shows none (a seeded site.identity defect). */
  police: string | null;
  address: string;
  phone: string;
}

export interface Link {
  /** Label HTML (already escaped; may hold markup such as <br>). */
  html: string;
  href: string;
}

export interface PageSpec {
  identity: SiteIdentity;
  nav: Link[];
  /** null omits <title> entirely (a seeded a11y.document-title defect). */
  title: string | null;
  /** null omits the lang attribute (a seeded a11y.html-has-lang defect). */
  lang?: string | null;
  metas: Record<string, string>;
  charset: CharsetPlacement;
  breadcrumb?: Link[];
  main: string;
  /** Extra markup at the end of <head> (Hanweb scripts). */
  extraHead?: string;
}

export function link(label: string, href: string): Link {
  return { html: esc(label), href };
}

function metaTags(metas: Record<string, string>): string {
  return Object.entries(metas)
    .map(([name, content]) => `<meta name="${esc(name)}" content="${esc(content)}">`)
    .join('\n');
}

/**
 * A CMS template comment long enough that a <meta> after it starts beyond the first 1024 bytes:
 * the position browsers' prescan gives up at (requirements §9).
 */
function templateComment(): string {
  const lines = [
    '<!--',
    '  页面模板：政府门户网站标准模板（镇街版）',
    '  说明：本模板由网站集约化平台统一生成，请勿手工修改页面结构。',
    '  栏目页、文章页、专题页共用页头与页脚，样式表统一引用站点公共样式。',
    '  如需调整导航栏目，请在站群管理系统“栏目管理”中修改后重新发布。',
    '  页面编码沿用原站点设置，发布时由系统写入响应头或页面声明。',
    '  维护单位：网站运维服务中心；本注释仅供维护人员参考，不在页面上显示。',
  ];
  let text = lines.join('\n');
  while (Buffer.byteLength(text, 'utf8') < 1400) text += '\n  ' + lines[2];
  return text + '\n-->';
}

export function renderPage(spec: PageSpec): string {
  const lang = spec.lang === undefined ? 'zh-CN' : spec.lang;
  const htmlOpen = lang === null ? '<html>' : `<html lang="${esc(lang)}">`;
  const head: string[] = [];
  if (spec.charset === 'utf8') head.push('<meta charset="utf-8">');
  if (spec.charset === 'gbk-late-meta') head.push(templateComment());
  if (spec.charset === 'gbk-late-meta') {
    head.push('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
  }
  if (spec.title !== null) head.push(`<title>${esc(spec.title)}</title>`);
  head.push(metaTags(spec.metas));
  head.push('<link rel="stylesheet" href="/css/style.css">');
  head.push('<script src="/js/common.js"></script>');
  if (spec.extraHead) head.push(spec.extraHead);

  const { identity } = spec;
  const nav = spec.nav.map((l) => `<li><a href="${esc(l.href)}">${l.html}</a></li>`).join('');
  const crumbs = spec.breadcrumb?.length
    ? `<div class="position">当前位置：${spec.breadcrumb
        .map((l) => `<a href="${esc(l.href)}">${l.html}</a>`)
        .join(' &gt; ')}</div>`
    : '';

  return `<!DOCTYPE html>
${htmlOpen}
<head>
${head.join('\n')}
</head>
<body>
<div class="topbar"><div class="wrap">
<span>欢迎访问${esc(identity.siteName)}</span>
<a href="/wza/index.html">无障碍浏览</a> <a href="/wza/index.html#elder">长者模式</a>
</div></div>
<div class="header"><div class="wrap">
<a href="/"><img src="/images/logo.png" alt="${esc(identity.siteName)}" class="logo"></a>
<span class="site-name">${esc(identity.siteName)}</span>
</div></div>
<div class="nav"><ul class="wrap">${nav}</ul></div>
<div class="wrap main">
${crumbs}
${spec.main}
</div>
<div class="footer"><div class="wrap">
<p>主办单位：${esc(identity.sponsor)}　地址：${esc(identity.address)}　联系电话：${esc(identity.phone)}</p>
<p>网站标识码：${esc(identity.siteIdCode)}　<span>${esc(identity.icp)}</span>${identity.police === null ? '' : `　<span>${esc(identity.police)}</span>`}</p>
<p><img src="/images/dzjg.png" alt="党政机关网站标识"></p>
</div></div>
</body>
</html>
`;
}

/** Metas every page carries (《政府网站发展指引》). */
export function siteMetas(identity: SiteIdentity): Record<string, string> {
  const metas: Record<string, string> = { SiteName: identity.siteName, SiteDomain: identity.siteDomain };
  if (identity.siteIdCodeMeta !== false) metas.SiteIDCode = identity.siteIdCode;
  return metas;
}
