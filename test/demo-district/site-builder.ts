/**
 * Builds one unit's whole site (every page, asset and robots.txt) from a `UnitPlan`: columns with
 * their list pages and articles, the 政府信息公开 column with its parts, the home page and the
 * shared assets. Pure: same plan and evalDate, same bytes.
 */
import type { ArticleMetaName, ArticleTweak, CmsStyle, ColumnPlan, DynamicHandler, ListItem } from './cms-style.js';
import { poolTitle, bodyParagraphs } from './content.js';
import { annualReportBody, type ReportFlaw } from './annual-report.js';
import { listedReportYears, publishedOn } from './annual-report-years.js';
import type { DemoUnitType } from './units/unit-definition.js';
import { daysBefore, formatDate, type DateStyle } from './dates.js';
import { esc, link, renderPage, siteMetas, type Link, type SiteIdentity } from './html.js';
import { htmlResource, pngResource, textResource, type CharsetPlacement, type Resource } from './resource.js';

export type PageKind = 'home' | 'list' | 'article' | 'other';

export interface HomeBlock {
  heading: string;
  columnKey: string;
  count: number;
  dateStyle: DateStyle;
}

export type DisclosurePartKind = 'guide' | 'system' | 'statutory' | 'reports';

export interface DisclosurePlan {
  /** The column name as shown (the home-page link text and its ColumnName). */
  name: string;
  /** TRS folder of the column, e.g. '/xxgk/'. */
  folder: string;
  /** Hanweb column id of the column page; parts use the next ids. */
  hanwebId: number;
  /** Parts listed in the column's navigation, in order; label is HTML (may hold <br>). */
  parts: { labelHtml: string; kind: DisclosurePartKind }[];
  /** The guide is a plain page that shows no date anywhere (disclosure.guide.dated). */
  guideUndated?: boolean;
  /** The 年报 list lacks the report the deadline requires (disclosure.annual-report.current). */
  reportsWithoutRequired?: boolean;
  /** A defect in the newest listed report (annual-report.structure / .consistency). */
  latestReportFlaw?: ReportFlaw;
}

export interface UnitPlan {
  unitId: string;
  /** Decides the annual report deadline (31 January for departments, 31 March otherwise). */
  unitType: DemoUnitType;
  org: string;
  identity: SiteIdentity;
  style: CmsStyle;
  evalDate: string;
  /** How each kind of page announces its charset (the GBK unit varies it). */
  charset: (kind: PageKind) => CharsetPlacement;
  columns: ColumnPlan[];
  disclosure: DisclosurePlan | null;
  homeBlocks: HomeBlock[];
  /** Extra home-page HTML (links to a calendar, a search page, external sites). */
  homeExtraHtml: string;
  /** Extra navigation entries after the columns. */
  navExtra: Link[];
  robotsTxt: string;
  /** Article ids are sequential from here (TRS and Hanweb ids look like 12345). */
  firstArticleId: number;
}

export interface BuiltArticle extends ListItem {
  id: number;
  /** Site path of the article (href without origin). */
  path: string;
}

export interface BuiltColumn {
  plan: ColumnPlan;
  /** List page paths, first page first. */
  listPaths: string[];
  articles: BuiltArticle[];
}

export interface BuiltSite {
  routes: Map<string, Resource>;
  dynamic: DynamicHandler[];
  columns: Map<string, BuiltColumn>;
  /** Paths of the disclosure column page and its parts (those present). */
  disclosurePaths: { column: string; guide?: string; system?: string; statutory?: string; reports?: string } | null;
}

interface Entry {
  title: string;
  date: string;
  bodyHtml: string;
  tweak?: ArticleTweak;
}

const COMMON_CSS = `body{margin:0;font:14px/1.8 "Microsoft YaHei",sans-serif;color:#222;background:#fff}
.wrap{width:1000px;margin:0 auto}.topbar{background:#f2f2f2;color:#333}.topbar a{color:#0b4a8b;margin-left:12px}
.header{background:#0b4a8b;color:#fff;padding:16px 0}.site-name{font-size:26px;margin-left:12px}
.nav{background:#08386a}.nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap}.nav a{color:#fff;padding:0 14px}
.list li{display:flex;justify-content:space-between}.list a,.list-table a{color:#222}
.footer{background:#eee;color:#333;padding:12px 0;margin-top:24px;text-align:center}`;

const COMMON_JS = `/* Shared page script. createPageHTML prints the page counter of TRS list pages. */
function createPageHTML(count, current, prefix, suffix) {
  document.write('<span class="page-info">共' + count + '页，当前第' + (current + 1) + '页</span>');
}
`;

export class SiteBuilder {
  private readonly routes = new Map<string, Resource>();
  private readonly columns = new Map<string, BuiltColumn>();
  private readonly dynamic: DynamicHandler[] = [];
  private nextId: number;
  private readonly nav: Link[];

  constructor(private readonly plan: UnitPlan) {
    this.nextId = plan.firstArticleId;
    this.nav = [link('首页', '/')];
    for (const col of plan.columns) {
      if (col.inNav) this.nav.push(link(col.name, plan.style.listPaths(col, Math.max(1, col.ages.length))[0] ?? '/'));
    }
    if (plan.disclosure) this.nav.push(link(plan.disclosure.name, this.disclosureColumnPath(plan.disclosure)));
    this.nav.push(...plan.navExtra);
  }

  build(): BuiltSite {
    const { plan } = this;
    const hanwebLists: { col: ColumnPlan; items: ListItem[] }[] = [];
    for (const col of plan.columns) {
      const built = this.addColumn(col, this.poolEntries(col));
      hanwebLists.push({ col, items: built.articles });
      if (col.interpretation) {
        const interp = this.addInterpretations(col, built);
        hanwebLists.push({ col: interp.plan, items: interp.articles });
      }
    }
    const disclosurePaths = plan.disclosure ? this.addDisclosure(plan.disclosure, hanwebLists) : null;
    this.addHome();
    this.addCommon();
    if (plan.style.dynamicHandler) this.dynamic.push(plan.style.dynamicHandler(hanwebLists));
    return { routes: this.routes, dynamic: this.dynamic, columns: this.columns, disclosurePaths };
  }

  /** A page in the unit's shell (for special pages the unit files add, such as a calendar). */
  renderResource(kind: PageKind, title: string | null, main: string, metas: Record<string, string> = {}): Resource {
    const { plan } = this;
    const html = renderPage({
      identity: plan.identity,
      nav: this.nav,
      title,
      metas: { ...siteMetas(plan.identity), ...metas },
      charset: plan.charset(kind),
      main,
    });
    return htmlResource(html, plan.charset(kind));
  }

  addPage(path: string, kind: PageKind, title: string | null, main: string, metas: Record<string, string> = {}): void {
    this.routes.set(path, this.renderResource(kind, title, main, metas));
  }

  setRoute(path: string, resource: Resource): void {
    this.routes.set(path, resource);
  }

  addDynamic(handler: DynamicHandler): void {
    this.dynamic.push(handler);
  }

  // ----- columns and articles -----

  private poolEntries(col: ColumnPlan): Entry[] {
    const { plan } = this;
    return col.ages.map((age, i) => {
      const tweak = col.tweak?.(i);
      return {
        title: tweak?.title ?? poolTitle(col.pool, i, plan.org),
        date: daysBefore(plan.evalDate, age),
        bodyHtml: tweak?.bodyHtml ?? bodyParagraphs(plan.org).map((p) => `<p>${esc(p)}</p>`).join('\n'),
        tweak,
      };
    });
  }

  private addColumn(col: ColumnPlan, entries: Entry[], articleExtra?: (a: BuiltArticle, i: number) => string): BuiltColumn {
    const { plan } = this;
    const articles: BuiltArticle[] = entries.map((e) => {
      const id = this.nextId++;
      const path = plan.style.articlePath(col, e.date, id);
      return { id, path, href: path, title: e.title, date: e.date };
    });
    const listPaths = plan.style.listPaths(col, Math.max(1, articles.length));
    const built: BuiltColumn = { plan: col, listPaths, articles };
    this.columns.set(col.key, built);

    articles.forEach((a, i) => {
      const entry = entries[i];
      if (!entry) return;
      const extra = (articleExtra?.(a, i) ?? '') + (entry.tweak?.extraHtml ?? '');
      this.addArticle(col.name, listPaths[0] ?? '/', a, entry.bodyHtml + extra, entry.tweak);
    });

    listPaths.forEach((path, pageIndex) => {
      const slice =
        plan.style.name === 'hanweb' ? articles : articles.slice(pageIndex * col.perPage, (pageIndex + 1) * col.perPage);
      const main =
        articles.length === 0
          ? { html: `<div class="list-box"><h2>${esc(col.name)}</h2><p class="no-data">暂无信息</p></div>`, head: undefined }
          : this.listMain(col, slice, pageIndex, listPaths.length, articles.length);
      this.addListPage(path, col.name, main.html, main.head);
    });
    return built;
  }

  private listMain(col: ColumnPlan, items: ListItem[], pageIndex: number, pageCount: number, total: number): { html: string; head?: string } {
    const r = this.plan.style.renderList(col, items, pageIndex, pageCount, total);
    return { html: `<div class="list-box"><h2>${esc(col.name)}</h2>\n${r.html}\n</div>`, head: r.head };
  }

  private addListPage(path: string, columnName: string, main: string, head?: string): void {
    const { plan } = this;
    const html = renderPage({
      identity: plan.identity,
      nav: this.nav,
      title: `${columnName}_${plan.identity.siteName}`,
      metas: { ...siteMetas(plan.identity), ColumnName: columnName, ColumnType: '信息列表' },
      charset: plan.charset('list'),
      breadcrumb: [link('首页', '/'), link(columnName, path)],
      main,
      extraHead: head,
    });
    this.routes.set(path, htmlResource(html, plan.charset('list')));
  }

  private addArticle(columnName: string, columnPath: string, a: BuiltArticle, bodyHtml: string, tweak?: ArticleTweak): void {
    const { plan } = this;
    const main = `<div class="article">
<h1>${esc(a.title)}</h1>
<div class="info">发布时间：${a.date}　来源：${esc(plan.org)}</div>
<div class="content">
${bodyHtml}
</div>
</div>`;
    const html = renderPage({
      identity: plan.identity,
      nav: this.nav,
      title: tweak?.omitTitle ? null : `${a.title}_${plan.identity.siteName}`,
      lang: tweak?.omitLang ? null : undefined,
      metas: articleMetas(siteMetas(plan.identity), columnName, a, plan.org, tweak?.omitMetas ?? []),
      charset: plan.charset('article'),
      breadcrumb: [link('首页', '/'), link(columnName, columnPath)],
      main,
    });
    this.routes.set(a.path, htmlResource(html, plan.charset('article')));
  }

  /** Every policy document links its interpretation and back (interpretation.linked). */
  private addInterpretations(policy: ColumnPlan, built: BuiltColumn): BuiltColumn {
    const spec = policy.interpretation;
    if (!spec) throw new Error('no interpretation column');
    const col: ColumnPlan = {
      ...policy,
      key: spec.key,
      name: spec.name,
      folder: spec.folder,
      hanwebId: spec.hanwebId,
      interpretation: undefined,
      tweak: undefined,
    };
    // Documents seeded without an interpretation get none (and link none).
    const explained = built.articles.filter((_, i) => !policy.tweak?.(i)?.noInterpretation);
    const entries: Entry[] = explained.map((doc) => ({
      title: `《${doc.title.replace(/^.*?关于印发/, '').replace(/的通知$/, '')}》政策解读`,
      date: doc.date,
      bodyHtml:
        `<p>${esc(`为便于公众理解政策内容，现就${doc.title}解读如下。`)}</p>\n` +
        `<p>相关文件：<a href="${esc(doc.path)}">${esc(doc.title)}</a></p>`,
    }));
    const interp = this.addColumn(col, entries);
    // Re-render the policy articles now that their interpretations have paths.
    built.articles.forEach((doc, i) => {
      const target = interp.articles[explained.indexOf(doc)];
      if (!target) return;
      const tweak = policy.tweak?.(i);
      const body =
        bodyParagraphs(this.plan.org).map((p) => `<p>${esc(p)}</p>`).join('\n') +
        `\n<p class="related">相关解读：<a href="${esc(target.path)}">${esc(target.title)}</a></p>` +
        (tweak?.extraHtml ?? '');
      this.addArticle(policy.name, built.listPaths[0] ?? '/', doc, body, tweak);
    });
    return interp;
  }

  // ----- the 政府信息公开 column -----

  private disclosureColumnPath(d: DisclosurePlan): string {
    return this.plan.style.name === 'hanweb' ? `/col/col${d.hanwebId}/index.html` : `${d.folder}index.html`;
  }

  private partColumn(d: DisclosurePlan, offset: number, key: string, name: string, folder: string): ColumnPlan {
    return {
      key,
      name,
      pool: 'system',
      ages: [],
      perPage: 15,
      listStyle: 'ul',
      dateStyle: 'iso',
      folder: `${d.folder}${folder}/`,
      hanwebId: d.hanwebId + offset,
      inNav: false,
    };
  }

  private addDisclosure(d: DisclosurePlan, hanwebLists: { col: ColumnPlan; items: ListItem[] }[]): NonNullable<BuiltSite['disclosurePaths']> {
    const { plan } = this;
    const columnPath = this.disclosureColumnPath(d);
    const paths: NonNullable<BuiltSite['disclosurePaths']> = { column: columnPath };
    const kinds = new Set(d.parts.map((p) => p.kind));

    if (kinds.has('guide') && d.guideUndated) {
      // A static page kept from an old template: no PubDate, no 发布时间 line, no 更新日期.
      const path = plan.style.name === 'hanweb' ? `/col/col${d.hanwebId + 1}/index.html` : `${d.folder}zfxxgkzn/index.html`;
      const title = `${plan.org}政府信息公开指南`;
      this.addPage(path, 'other', `${title}_${plan.identity.siteName}`, `<div class="article-plain"><h1>${esc(title)}</h1>\n${guideBody(plan, null)}\n</div>`);
      paths.guide = path;
    } else if (kinds.has('guide')) {
      const guideCol = this.partColumn(d, 1, 'guide', '政府信息公开指南', 'zfxxgkzn');
      const date = daysBefore(plan.evalDate, 45);
      const id = this.nextId++;
      const path = plan.style.articlePath(guideCol, date, id);
      const title = `${plan.org}政府信息公开指南`;
      this.addArticle(guideCol.name, columnPath, { id, path, href: path, title, date }, guideBody(plan, date));
      paths.guide = path;
    }
    if (kinds.has('system')) {
      const col = this.partColumn(d, 2, 'zfxxgkzd', '政府信息公开制度', 'zfxxgkzd');
      const entries: Entry[] = [400, 700, 900, 1100].map((age, i) => ({
        title: poolTitle('system', i, plan.org),
        date: daysBefore(plan.evalDate, age),
        bodyHtml: `<p>${esc(`第一条 为规范${plan.org}政府信息公开工作，根据《中华人民共和国政府信息公开条例》，结合工作实际，制定本制度。`)}</p>\n<p>第二条 本制度由${esc(plan.org)}办公室负责解释。</p>`,
      }));
      const built = this.addColumn(col, entries);
      hanwebLists.push({ col, items: built.articles });
      paths.system = built.listPaths[0];
    }
    if (kinds.has('reports')) {
      const col = this.partColumn(d, 4, 'zfxxgknb', '政府信息公开年报', 'zfxxgknb');
      // Published mid-January of the next year (before both statutory deadlines), never after evalDate.
      const years = listedReportYears(plan.evalDate, plan.unitType, d.reportsWithoutRequired);
      const entries: Entry[] = years.map((y, i) => ({
        title: `${plan.org}${y}年政府信息公开工作年度报告`,
        date: publishedOn(y),
        bodyHtml: annualReportBody(plan.org, y, i === 0 ? d.latestReportFlaw : undefined),
      }));
      const built = this.addColumn(col, entries);
      hanwebLists.push({ col, items: built.articles });
      paths.reports = built.listPaths[0];
    }
    if (kinds.has('statutory')) {
      const path =
        plan.style.name === 'hanweb' ? `/col/col${d.hanwebId + 3}/index.html` : `${d.folder}fdzdgknr/index.html`;
      const subColumns = [...this.columns.values()].filter((c) => c.plan.inNav || c.plan.key.startsWith('zc'));
      const main = `<div class="list-box"><h2>法定主动公开内容</h2>
<ul class="sub-columns">${subColumns.map((c) => `<li><a href="${esc(c.listPaths[0] ?? '/')}">${esc(c.plan.name)}</a></li>`).join('')}</ul>
<h3>最新信息</h3>
${this.recentList(8)}
</div>`;
      this.addListPage(path, '法定主动公开内容', main);
      paths.statutory = path;
    }

    const partHref = (kind: DisclosurePartKind): string => paths[kind] ?? columnPath;
    const partsNav = d.parts.map((p) => `<li><a href="${esc(partHref(p.kind))}">${p.labelHtml}</a></li>`).join('\n');
    const main = `<div class="gk-left"><h2>${esc(d.name)}</h2>
<ul class="gk-nav">
${partsNav}
</ul></div>
<div class="gk-right"><h3>最新信息</h3>
${this.recentList(8)}
</div>`;
    this.addListPage(columnPath, d.name, main);
    return paths;
  }

  /** The newest articles across the unit's regular columns, as a plain dated list. */
  private recentList(count: number): string {
    const all = [...this.columns.values()]
      .filter((c) => this.plan.columns.some((p) => p.key === c.plan.key))
      .flatMap((c) => c.articles);
    all.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id - b.id));
    const lis = all
      .slice(0, count)
      .map((a) => `<li><a href="${esc(a.path)}">${esc(a.title)}</a><span>${a.date}</span></li>`)
      .join('\n');
    return `<ul class="list">\n${lis}\n</ul>`;
  }

  // ----- home page and shared assets -----

  private addHome(): void {
    const { plan } = this;
    const blocks = plan.homeBlocks
      .map((b) => {
        const col = this.columns.get(b.columnKey);
        if (!col) throw new Error(`home block refers to unknown column ${b.columnKey}`);
        const lis = col.articles
          .slice(0, b.count)
          .map((a) => `<li><a href="${esc(a.path)}" title="${esc(a.title)}">${esc(a.title)}</a><span class="date">${formatDate(a.date, b.dateStyle)}</span></li>`)
          .join('\n');
        return `<div class="block"><div class="block-title"><h3>${esc(b.heading)}</h3><a href="${esc(col.listPaths[0] ?? '/')}" class="more">更多</a></div>\n<ul>\n${lis}\n</ul></div>`;
      })
      .join('\n');
    const main = `<div class="banner"><img src="/images/banner.png" alt="${esc(plan.org)}宣传图"></div>
${blocks}
${plan.homeExtraHtml}`;
    const html = renderPage({
      identity: plan.identity,
      nav: this.nav,
      title: plan.identity.siteName,
      metas: { ...siteMetas(plan.identity), Keywords: plan.org, Description: `${plan.org}门户网站` },
      charset: plan.charset('home'),
      main,
    });
    const home = htmlResource(html, plan.charset('home'));
    this.routes.set('/', home);
    this.routes.set('/index.html', home);
  }

  private addCommon(): void {
    const { plan } = this;
    this.routes.set('/robots.txt', textResource(plan.robotsTxt, 'text/plain; charset=utf-8'));
    this.routes.set('/css/style.css', textResource(COMMON_CSS, 'text/css; charset=utf-8'));
    this.routes.set('/js/common.js', textResource(COMMON_JS, 'application/javascript; charset=utf-8'));
    this.routes.set('/images/logo.png', pngResource());
    this.routes.set('/images/banner.png', pngResource());
    this.routes.set('/images/dzjg.png', pngResource());
    for (const [path, res] of Object.entries(plan.style.assets())) this.routes.set(path, res);
    this.addPage(
      '/wza/index.html',
      'other',
      `无障碍浏览_${plan.identity.siteName}`,
      `<div class="article-plain"><h1>无障碍浏览</h1>
<p>本站提供无障碍浏览和长者模式，支持放大文字、高对比度显示和全键盘操作。</p>
<p id="elder">长者模式：页面字体加大，栏目简化，便于老年人浏览。</p>
<p><a href="/">返回首页</a></p></div>`,
    );
  }
}

/** The metas of an article page, minus those a seeded meta.article defect leaves out. */
function articleMetas(
  site: Record<string, string>,
  columnName: string,
  a: BuiltArticle,
  source: string,
  omit: readonly ArticleMetaName[],
): Record<string, string> {
  const article: Record<ArticleMetaName, string> = { ArticleTitle: a.title, PubDate: `${a.date} 09:30`, ContentSource: source };
  for (const name of omit) delete article[name];
  return { ...site, ColumnName: columnName, ...article };
}

/** The guide's text; `updated` null: the guide shows no date at all. */
function guideBody(plan: UnitPlan, updated: string | null): string {
  const o = esc(plan.org);
  return `${updated === null ? '' : `<p class="update">更新日期：${updated}</p>\n`}<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。</p>
<h3>一、主动公开</h3>
<p>${o}主动公开的政府信息通过本网站“政府信息公开”专栏发布，内容包括机构职能、政策文件、规划计划、人事信息等。</p>
<h3>二、依申请公开</h3>
<p>公民、法人或者其他组织可以向${o}申请获取相关政府信息。受理机构：${o}办公室；办公地址：${esc(plan.identity.address)}；办公时间：工作日上午9:00—12:00，下午13:30—17:30；联系电话：${esc(plan.identity.phone)}；传真：${esc(plan.identity.phone)}；网上申请：通过本网站依申请公开平台提交。</p>
<h3>三、监督方式</h3>
<p>如认为${o}在政府信息公开工作中侵犯其合法权益，可以依法申请行政复议或者提起行政诉讼。</p>`;
}
