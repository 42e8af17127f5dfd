/**
 * The site model: what a unit's crawl produced beyond single pages — the home page, the columns
 * (list pages merged with their pagination), the 政府信息公开 column and its parts, and the link
 * checks. A pure function of the crawled pages, so a stored run can be re-audited without fetching.
 */
import type { AnnualReport, AttachmentText, Column, DatedItem, DisclosureColumn, DisclosurePart, HanwebList, LinkCheck, LinkRef, PageSnapshot, ReportDocument, SiteModel, UnitInfo, UnitProbes } from '../rules/types.js';
import { columnType } from '../rules/column-type.js';
import {
  DISCLOSURE_NAMES,
  cleanLabel,
  emptyMarkerIn,
  isDisclosureColumnName,
  isStandardColumnName,
  partFor,
} from '../rules/site/disclosure-names.js';
import { latestCountedDate, newestDate } from '../rules/site/calendar.js';
import { dateFromMeta, publishedLabelCount } from '../rules/extract/pub-date.js';
import { MESSAGES } from '../rules/messages.zh-CN.js';
import { normalizeName } from '../rules/text.js';
import { withoutFragment } from '../rules/extract/urls.js';
import { reportYear } from '../rules/extract/annual-report.js';
import { DEFAULT_MAX_TEXT } from '../rules/extract/snapshot.js';

export interface CrawledPage {
  url: string;
  finalUrl: string;
  status: number | null;
  error: string | null;
  depth: number;
  snapshot: PageSnapshot | null;
}

/**
 * What the site model keeps of one page while it is built, for every page of a unit: whether it is
 * an article, and for the few pages that may be columns their list data. Holding every snapshot
 * (text, images, assets, links) instead made the audit's memory grow with the unit's size. The
 * pages a rule needs whole (home, guide, disclosure column, `site.page`) come back through
 * `SitePage.snapshot()`.
 */
export interface PageFacts {
  /** The snapshot's URL. */
  url: string;
  pubDate: string | null;
  /** isArticlePage of the page at its final URL. */
  article: boolean;
  /** Set when the page is a column candidate (see isColumnCandidate), else null. */
  column: ColumnFacts | null;
}

/** What buildColumns reads of a candidate list page. */
interface ColumnFacts {
  title: string | null;
  columnName: string | null;
  metaColumnName: string | undefined;
  siteName: string | undefined;
  hanweb: HanwebList | null;
  datedItems: DatedItem[];
  paginationLinks: string[];
  /** Page links whose path is an article URL (TRS / Hanweb), in document order. */
  articleLinks: string[];
  columnBy: 'meta' | 'hanweb' | 'col-url' | null;
  emptyMarker: string | null;
  /** Characters in long text lines: paragraphs of an article, not menu entries. */
  proseChars: number;
}

/** A line this long (CJK characters) is a paragraph; menus, breadcrumbs and footers are shorter. */
const PROSE_LINE_MIN = 40;

/** Characters of the page text that stand in paragraphs (lines of PROSE_LINE_MIN CJK characters or more). */
export function proseChars(text: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const cjk = line.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    if (cjk >= PROSE_LINE_MIN) total += cjk;
  }
  return total;
}

/** A page link that names its target: [urlKey of the target, the text, the link's index on the page]. */
export type LinkTextEntry = [key: string, text: string, index: number];

/** The links of a page that say where they lead (page links with a meaningful text), for LinkTextTally. */
export function linkTextEntries(links: readonly LinkRef[]): LinkTextEntry[] {
  const entries: LinkTextEntry[] = [];
  links.forEach((link, index) => {
    if (link.kind !== 'page') return;
    const text = link.text.replace(/\s+/g, ' ').trim();
    if (text === '' || GENERIC_LINK_TEXT.test(cleanLabel(text))) return;
    entries.push([urlKey(link.href), text, index]);
  });
  return entries;
}

/** What the site model keeps of one page, computed where the page was parsed (the crawl) and stored with it. */
export interface StoredPageFacts {
  facts: PageFacts;
  linkTexts: LinkTextEntry[];
}

/** The site model's facts of a page, from its snapshot. */
export function storedPageFacts(s: PageSnapshot, finalUrl: string): StoredPageFacts {
  return { facts: pageFacts(s, finalUrl), linkTexts: linkTextEntries(s.links) };
}

/** One crawled page as the site model holds it: its facts, and its full snapshot on demand. */
export interface SitePage {
  url: string;
  finalUrl: string;
  status: number | null;
  error: string | null;
  depth: number;
  facts: PageFacts | null;
  /** The full snapshot (the caller may re-read it from the store): called for a handful of pages. */
  snapshot(): PageSnapshot | null;
}

export function pageFacts(s: PageSnapshot, url: string): PageFacts {
  const article = isArticlePage(s, url);
  if (article || !isColumnCandidate(s, url)) return { url: s.url, pubDate: s.pubDate, article, column: null };
  const articleLinks: string[] = [];
  for (const link of s.links) if (link.kind === 'page' && ARTICLE_URL.test(pathOf(link.href))) articleLinks.push(link.href);
  return {
    url: s.url, pubDate: s.pubDate, article,
    column: {
      title: s.title, columnName: s.columnName, metaColumnName: s.meta['columnname'], siteName: s.meta['sitename'],
      hanweb: s.hanweb, datedItems: s.datedItems, paginationLinks: s.paginationLinks, articleLinks,
      columnBy: columnEvidence(s, url), emptyMarker: emptyMarkerIn(s.text), proseChars: proseChars(s.text),
    },
  };
}

/**
 * For each link target: how often each meaningful text links to it, and where it first appears. The
 * chosen text is the most frequent; a tie goes to the text seen first with the pages ordered by depth
 * (then crawl order), so pages can be added in crawl order and nothing but the counts is kept.
 */
class LinkTextTally {
  private readonly counts = new Map<string, Map<string, { count: number; depth: number; seq: number; index: number }>>();

  add(entries: readonly LinkTextEntry[], depth: number, seq: number): void {
    for (const [key, text, index] of entries) {
      let texts = this.counts.get(key);
      if (!texts) this.counts.set(key, (texts = new Map()));
      const seen = texts.get(text);
      if (seen) seen.count++;
      else texts.set(text, { count: 1, depth, seq, index });
    }
  }

  best(): Map<string, string> {
    const best = new Map<string, string>();
    for (const [key, texts] of this.counts) {
      let top: [string, { count: number; depth: number; seq: number; index: number }] | null = null;
      for (const entry of texts) {
        const [, e] = entry;
        if (top === null || e.count > top[1].count) top = entry;
        else if (e.count === top[1].count && (e.depth - top[1].depth || e.seq - top[1].seq || e.index - top[1].index) < 0) top = entry;
      }
      if (top) best.set(key, top[0]);
    }
    return best;
  }
}

/**
 * A unit's pages as the site model keeps them, added one at a time (in crawl order): each page's
 * facts, its snapshot on demand, and the link texts of all pages tallied as they come.
 */
export class SitePages {
  readonly pages: SitePage[] = [];
  readonly linkTexts = new LinkTextTally();

  /** `load` gives the page's full snapshot again when a rule needs it (the given one is not kept). */
  add(page: Omit<CrawledPage, 'snapshot'>, snapshot: PageSnapshot | null, load: () => PageSnapshot | null): void {
    this.addFacts(page, snapshot ? storedPageFacts(snapshot, page.finalUrl || page.url) : null, load);
  }

  /** The same as `add`, with the facts computed earlier from the page's snapshot (null: no snapshot). */
  addFacts(page: Omit<CrawledPage, 'snapshot'>, stored: StoredPageFacts | null, load: () => PageSnapshot | null): void {
    const { url, finalUrl, status, error, depth } = page;
    if (stored) this.linkTexts.add(stored.linkTexts, depth, this.pages.length);
    this.pages.push({ url, finalUrl, status, error, depth, facts: stored ? stored.facts : null, snapshot: load });
  }
}

export interface SiteModelInput {
  unit: UnitInfo;
  evalDate: string;
  homeUrl: string;
  /** The unit's pages: held whole (tests, small page sets), or collected as facts (the audit). */
  pages: readonly CrawledPage[] | SitePages;
  linkChecks: LinkCheck[];
  /** Attachments read during the crawl (default: none). */
  attachments?: AttachmentText[];
  /** Network probes of the crawl (default: not probed). */
  probes?: UnitProbes;
  /**
   * Reads a report page in full (text without the snapshot's cap, and its tables) from the store.
   * Only called for the few annual-report pages; absent → reports have no document.
   */
  loadDocument?: (url: string) => ReportDocument | null;
}

/**
 * A comparison key for URLs: no fragment, and a directory index file is the directory
 * (`/a/index.html` is `/a/`), since sites link both forms to the same page.
 */
export function urlKey(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.trim();
  }
  const path = u.pathname;
  const dir = path.replace(/\/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$/i, '/');
  // Most links: only the fragment goes. Cut from the href instead of through the setter, which
  // serialises the whole URL again (for http(s): see withoutFragment).
  if (dir === path && (u.protocol === 'http:' || u.protocol === 'https:')) return withoutFragment(u.href);
  u.hash = '';
  u.pathname = dir;
  return u.href;
}

type UsablePage = SitePage & { facts: PageFacts };
type ColumnPage = UsablePage & { facts: { column: ColumnFacts } };

function isUsable(page: SitePage): page is UsablePage {
  if (page.facts === null || page.error !== null) return false;
  return page.status === null || (page.status >= 200 && page.status < 300);
}

/** Link texts that say nothing about where a link leads. */
const GENERIC_LINK_TEXT = /^(?:更多|更多>+|>+|more|more>+|查看更多|更多信息|详细|详情|首页|上一页|下一页|尾页|末页|\d+|返回|点击进入|进入)$/i;

/** Hanweb JCMS column URLs: /col/col1234/index.html. */
const HANWEB_COLUMN_URL = /\/col\/col\d+\//i;
/** Article URLs of TRS WCM (t20201120_123.html) and Hanweb (/art/2020/11/20/art_12_34.html). */
const ARTICLE_URL = /\/t\d{8}_\d+\.s?html?$|\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_\d+_\d+\.html?$/i;

/** A page number > 1 in the URL marks a later page of a list. */
function pageNumber(url: string): number {
  const trs = /_(\d+)\.s?html?$/i.exec(url);
  if (trs) return Number(trs[1]) + 1;
  const query = /[?&](?:page|pageno|pageindex|pagenum|currentpage|curpage|p)=(\d+)/i.exec(url);
  if (query) return Number(query[1]);
  return 1;
}

function homeErrorFor(page: SitePage | undefined): string {
  if (!page) return MESSAGES.homeNotCrawled();
  if (page.error !== null) return MESSAGES.homeUnreachable(page.error);
  if (page.status !== null && (page.status < 200 || page.status >= 300)) return MESSAGES.homeHttpStatus(page.status);
  return MESSAGES.homeNotHtml();
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export function buildSiteModel(input: SiteModelInput): SiteModel {
  const { unit, evalDate, homeUrl, linkChecks } = input;

  // Index usable pages by every URL they answer to; the first (shallowest) crawl of a key wins.
  let collected = input.pages;
  if (!(collected instanceof SitePages)) {
    const held = new SitePages();
    for (const p of collected) held.add(p, p.snapshot, () => p.snapshot);
    collected = held;
  }
  const pages = [...collected.pages].sort((a, b) => a.depth - b.depth);
  const byKey = new Map<string, UsablePage>();
  for (const page of pages) {
    if (!isUsable(page)) continue;
    for (const u of [page.url, page.finalUrl, page.facts.url]) {
      const key = urlKey(u);
      if (!byKey.has(key)) byKey.set(key, page);
    }
  }

  const homeKey = urlKey(homeUrl);
  const homePage = byKey.get(homeKey);
  const homeAttempt = pages.find((p) => urlKey(p.url) === homeKey || urlKey(p.finalUrl) === homeKey);
  const home = homePage?.snapshot() ?? null;
  const homeError = home ? null : homeErrorFor(homeAttempt);
  const homeKeys = new Set(homePage ? [homePage.url, homePage.finalUrl, homePage.facts.url].map(urlKey) : [homeKey]);

  const linkTexts = collected.linkTexts.best();
  const disclosure = home ? findDisclosure(home, byKey) : null;
  // The disclosure column page is a hub of parts, not a list: never report it as a possibly empty column.
  const hubKeys = new Set(disclosure ? [urlKey(disclosure.url)] : []);
  const columns = buildColumns(pages, byKey, homeKeys, linkTexts, latestCountedDate(evalDate)).filter(
    (c) => !(c.entryCount === 0 && c.pages.some((p) => hubKeys.has(urlKey(p)))),
  );

  const guide = disclosure?.parts.find((p) => p.standard === DISCLOSURE_NAMES.guidePart);
  const report = disclosure?.parts.find((p) => p.standard === DISCLOSURE_NAMES.annualReportPart);
  const annualReportListUrl = report?.url ?? null;
  let annualReportUrls: string[] = [];
  if (annualReportListUrl) {
    const key = urlKey(annualReportListUrl);
    const column = columns.find((c) => c.pages.some((p) => urlKey(p) === key));
    const items = column?.items ?? byKey.get(key)?.snapshot()?.datedItems ?? [];
    annualReportUrls = [...new Set(items.map((i) => i.href).filter((h) => h !== ''))];
  }

  return {
    unit,
    evalDate,
    home,
    homeError,
    columns,
    disclosure,
    guideUrl: guide?.url ?? null,
    annualReportListUrl,
    annualReportUrls,
    linkChecks,
    guide: guide?.url ? findGuide(guide.url, byKey) : null,
    annualReports: annualReportListUrl ? findAnnualReports(annualReportListUrl, columns, byKey, input.loadDocument) : [],
    attachments: input.attachments ?? [],
    probes: input.probes ?? { https: null, ipv6: null },
    page: (url: string) => byKey.get(urlKey(url))?.snapshot() ?? null,
  };
}

/** Why an item-less page is surely a column, or null when it only looks like one. */
function columnEvidence(snapshot: PageSnapshot, url: string): 'meta' | 'hanweb' | 'col-url' | null {
  if ((snapshot.meta['columnname'] ?? '').trim() !== '') return 'meta';
  if (snapshot.hanweb) return 'hanweb';
  if (HANWEB_COLUMN_URL.test(url)) return 'col-url';
  return null;
}

/** An article's 发布时间 label appears once or twice; a list labelling each entry shows more. */
const ARTICLE_MAX_PUBLISHED_LABELS = 2;

/**
 * A page that declares itself an article is never a column, even when a 相关文章 / sidebar list
 * of dated links makes extraction call it a list page: a PubDate meta, a 发布时间/发布日期
 * publication date, or the article URL shape of TRS / Hanweb. Otherwise the article would become a
 * column named after its breadcrumb and raise false freshness.column / column.empty findings.
 */
function isArticlePage(snapshot: PageSnapshot, url: string): boolean {
  if (snapshot.isArticle) return true;
  if (ARTICLE_URL.test(pathOf(url)) || ARTICLE_URL.test(pathOf(snapshot.url))) return true;
  if (dateFromMeta(snapshot.meta) !== null) return true;
  if (snapshot.pubDate === null) return false;
  const labels = publishedLabelCount(snapshot.text);
  return labels > 0 && labels <= ARTICLE_MAX_PUBLISHED_LABELS;
}

function isColumnCandidate(snapshot: PageSnapshot, url: string): boolean {
  if (isArticlePage(snapshot, url)) return false;
  if (snapshot.isListPage || snapshot.hanweb) return true;
  return columnEvidence(snapshot, url) !== null || emptyMarkerIn(snapshot.text) !== null;
}

function buildColumns(
  pages: SitePage[],
  byKey: Map<string, UsablePage>,
  homeKeys: Set<string>,
  linkTexts: Map<string, string>,
  cutoff: string,
): Column[] {
  // Candidate list pages, keyed by their own URL key (each page once).
  const candidates = new Map<string, ColumnPage>();
  for (const page of pages) {
    if (!isUsable(page)) continue;
    const key = urlKey(page.finalUrl || page.url);
    if (homeKeys.has(key) || homeKeys.has(urlKey(page.url)) || candidates.has(key)) continue;
    if (page.facts.column !== null) candidates.set(key, page as ColumnPage);
  }

  // Pages joined by pagination links form one column (page 2 links back to page 1 and on to 3).
  const groups = new UnionFind();
  for (const [key, page] of candidates) {
    groups.find(key);
    for (const next of page.facts.column.paginationLinks) {
      const target = byKey.get(urlKey(next));
      if (!target) continue;
      const targetKey = urlKey(target.finalUrl || target.url);
      if (candidates.has(targetKey) && !homeKeys.has(targetKey)) groups.union(key, targetKey);
    }
  }
  const members = new Map<string, string[]>();
  for (const key of candidates.keys()) {
    const root = groups.find(key);
    const list = members.get(root) ?? [];
    list.push(key);
    members.set(root, list);
  }

  const built: { column: Column; depth: number }[] = [];
  for (const keys of members.values()) {
    const group = keys.map((k) => candidates.get(k)!);
    // First page: the lowest page number, then the shallowest, then the shortest URL.
    group.sort(
      (a, b) =>
        pageNumber(a.finalUrl || a.url) - pageNumber(b.finalUrl || b.url) ||
        a.depth - b.depth ||
        (a.finalUrl || a.url).length - (b.finalUrl || b.url).length,
    );
    built.push({ column: columnOf(group, linkTexts, cutoff), depth: Math.min(...group.map((p) => p.depth)) });
  }
  const columns = mergeSameColumns(built, cutoff);
  columns.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return columns;
}

/** How strongly a column's emptiness is proven, to keep the best evidence when merging. */
function evidenceRank(column: Column): number {
  const e = column.emptyEvidence;
  if (!e) return 0;
  return (e.columnBy !== null ? 2 : 0) + (e.emptyMarker !== null ? 1 : 0);
}

/**
 * Pages that resolve to the same column name and type (a copy of 工作动态 under another path, a
 * second URL of the same list) are one column for the rules: they are merged so a column is
 * judged once, on all its items. The shallowest, then fullest, page leads.
 */
function mergeSameColumns(built: { column: Column; depth: number }[], cutoff: string): Column[] {
  const byName = new Map<string, { column: Column; depth: number }[]>();
  for (const entry of built) {
    const key = `${normalizeName(entry.column.name)}\u0000${entry.column.type}`;
    const list = byName.get(key) ?? [];
    list.push(entry);
    byName.set(key, list);
  }
  const merged: Column[] = [];
  for (const list of byName.values()) {
    if (list.length === 1) {
      merged.push(list[0]!.column);
      continue;
    }
    list.sort(
      (a, b) =>
        a.depth - b.depth ||
        b.column.entryCount - a.column.entryCount ||
        (a.column.url < b.column.url ? -1 : a.column.url > b.column.url ? 1 : 0),
    );
    const lead = list[0]!.column;
    const items: DatedItem[] = [];
    const seen = new Set<string>();
    for (const { column } of list) {
      for (const item of column.items) {
        const key = `${item.href}\u0000${item.title}\u0000${item.date}`;
        if (!seen.has(key)) {
          seen.add(key);
          items.push(item);
        }
      }
    }
    const entryCount = Math.max(items.length, ...list.map((e) => e.column.entryCount));
    const column: Column = {
      url: lead.url,
      name: lead.name,
      type: lead.type,
      exempt: list.some((e) => e.column.exempt),
      pages: [...new Set(list.flatMap((e) => e.column.pages))],
      items,
      newest: newestDate(items.map((i) => i.date), cutoff),
      entryCount,
    };
    if (entryCount === 0) {
      const strongest = [...list].sort((a, b) => evidenceRank(b.column) - evidenceRank(a.column))[0]!.column;
      if (strongest.emptyEvidence) column.emptyEvidence = strongest.emptyEvidence;
    }
    merged.push(column);
  }
  return merged;
}

function columnOf(group: ColumnPage[], linkTexts: Map<string, string>, cutoff: string): Column {
  const first = group[0]!;
  const firstUrl = first.finalUrl || first.url;
  const snapshot = first.facts.column;
  const name =
    nonEmpty(snapshot.columnName) ??
    nonEmpty(snapshot.metaColumnName) ??
    nonEmpty(linkTexts.get(urlKey(firstUrl))) ??
    nonEmpty(linkTexts.get(urlKey(first.url))) ??
    titleColumnName(snapshot.title, snapshot.siteName) ??
    firstUrl;

  const items: DatedItem[] = [];
  const seenItems = new Set<string>();
  const articleLinks = new Set<string>();
  for (const page of group) {
    for (const item of page.facts.column.datedItems) {
      const key = `${item.href}\u0000${item.title}\u0000${item.date}`;
      if (seenItems.has(key)) continue;
      seenItems.add(key);
      items.push(item);
    }
    for (const href of page.facts.column.articleLinks) articleLinks.add(href);
  }
  // Undated entries still count as entries (an undated list is not an empty column).
  const entryCount = Math.max(items.length, snapshot.hanweb?.totalRecord ?? 0, articleLinks.size);
  const classification = columnType(name);
  const column: Column = {
    url: firstUrl,
    name,
    type: classification.type,
    exempt: classification.exempt,
    pages: group.map((p) => p.finalUrl || p.url),
    items,
    // A future date (typo, pinned item) must not make the column look fresh.
    newest: newestDate(items.map((i) => i.date), cutoff),
    entryCount,
  };
  if (entryCount === 0) {
    const datastoreZero = snapshot.hanweb?.totalRecord === 0;
    column.emptyEvidence = {
      columnBy: snapshot.columnBy,
      emptyMarker: snapshot.emptyMarker ?? (datastoreZero ? 'datastore:0' : null),
      proseChars: snapshot.proseChars,
    };
  }
  return column;
}

/** The path of a URL; crawled hrefs are untrusted, so a malformed one yields ''. */
function pathOf(href: string): string {
  try {
    return new URL(href).pathname;
  } catch {
    return '';
  }
}

/** Title separators between the page name and the site name: _  -  |  ｜  — (spaced hyphen only: 2016-2020 is a range). */
const TITLE_SEPARATOR = /\s*(?:_|\s-\s|\||｜|—+)\s*/;

/**
 * A column name from a <title> such as 工作动态_区自然资源和规划局: only the first segment, since
 * the rest is the site name and its words (规划) would mislead the column type. A segment equal to
 * the SiteName meta is skipped (万载县人民政府 | 统计公报).
 */
function titleColumnName(title: string | null, siteName: string | undefined): string | null {
  const site = normalizeName(siteName ?? '');
  for (const segment of (title ?? '').split(TITLE_SEPARATOR)) {
    const name = nonEmpty(segment);
    if (name !== null && (site === '' || normalizeName(name) !== site)) return name;
  }
  return null;
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** The 政府信息公开 column linked from the home page, and its parts as read on the column page. */
function findDisclosure(
  home: PageSnapshot,
  byKey: Map<string, UsablePage>,
): DisclosureColumn | null {
  const candidates = home.links.filter((l) => l.kind === 'page' && isDisclosureColumnName(l.text));
  // The standard name wins when the home page also shows a variant (e.g. a 政务公开 banner).
  const link = candidates.find((l) => isStandardColumnName(l.text)) ?? candidates[0];
  if (!link) return null;
  const name = cleanLabel(link.text);
  const columnPage = byKey.get(urlKey(link.href))?.snapshot() ?? null;
  const column = { url: link.href, name, exactName: isStandardColumnName(name), foundOn: home.url };
  if (columnPage) return { ...column, parts: readParts(columnPage) };
  // The column page could not be read. A home page that itself shows the column's block — links to
  // at least two of the parts, as TRS portals put under a 政府信息公开 heading — tells what the parts
  // are; a part it does not link may still be on the column page (uncertain, not missing).
  const fromHome = partLinks(home);
  if (fromHome.size >= HOME_BLOCK_MIN_PARTS) {
    return {
      ...column,
      partsFrom: 'home',
      parts: DISCLOSURE_NAMES.parts.map((p) => fromHome.get(p.standard) ?? { standard: p.standard, found: false, uncertain: true }),
    };
  }
  // An empty list means the column page was not read (not crawled or failed): parts unknown.
  return { ...column, parts: [] };
}

/** Part links on the home page that make its own 政府信息公开 block. */
const HOME_BLOCK_MIN_PARTS = 2;

/** The parts a page links to, by standard name (the first link of each). */
function partLinks(page: PageSnapshot): Map<string, DisclosurePart> {
  const found = new Map<string, DisclosurePart>();
  for (const link of page.links) {
    if (link.kind !== 'page') continue;
    const standard = partFor(link.text);
    if (standard && !found.has(standard)) found.set(standard, { standard, found: true, label: cleanLabel(link.text), url: link.href });
  }
  return found;
}

function readParts(page: PageSnapshot): DisclosurePart[] {
  const found = partLinks(page);
  // A part may be a section of the column page itself (a heading over its list), with no link.
  for (const heading of page.headings) {
    const standard = partFor(heading.text);
    if (standard && !found.has(standard)) found.set(standard, { standard, found: true, label: cleanLabel(heading.text) });
  }
  return DISCLOSURE_NAMES.parts.map((p) => found.get(p.standard) ?? unlinkedPart(page, p));
}

/**
 * A part neither linked nor a heading. When the page still shows its name — as the text of a
 * `#`/`javascript:` tab or anywhere in the page text — the part may sit behind a script tab: not
 * found, but marked so the rule asks for review instead of reporting it missing.
 */
function unlinkedPart(page: PageSnapshot, part: { standard: string; names: string[] }): DisclosurePart {
  for (const text of page.unlinkedLinkTexts ?? []) {
    if (partFor(text) === part.standard) return { standard: part.standard, found: false, unlinkedLabel: cleanLabel(text) };
  }
  const pageText = normalizeName(page.text);
  const shown = part.names.map(cleanLabel).find((name) => name !== '' && pageText.includes(name));
  return shown !== undefined ? { standard: part.standard, found: false, unlinkedLabel: shown } : { standard: part.standard, found: false };
}

/** A list page's entries that link somewhere, newest first (a pinned old item must not win). */
function newestLinkedItems(items: DatedItem[]): DatedItem[] {
  return items.filter((i) => i.href !== '').sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** A page that is a list of entries (a column), not the text itself. */
function isListOfEntries(page: UsablePage): boolean {
  return !page.facts.article && (page.snapshot()?.datedItems ?? []).some((i) => i.href !== '');
}

/**
 * The guide: the page the 指南 part links to; when that page is a list (a column of guides, one per
 * revision), the page of its newest dated entry. null when the page needed was not crawled.
 */
function findGuide(partUrl: string, byKey: Map<string, UsablePage>): SiteModel['guide'] {
  const page = byKey.get(urlKey(partUrl));
  if (!page) return null;
  const found = isListOfEntries(page) ? newestGuideEntry(page, byKey) : page;
  const snapshot = found?.snapshot() ?? null;
  return found && snapshot ? { url: found.finalUrl || found.url, snapshot } : null;
}

/** The page of a guide list's newest linked entry, when crawled. */
function newestGuideEntry(list: UsablePage, byKey: Map<string, UsablePage>): UsablePage | undefined {
  const newest = newestLinkedItems(list.snapshot()?.datedItems ?? [])[0];
  return newest ? byKey.get(urlKey(newest.href)) : undefined;
}

/**
 * The annual reports: the dated entries of the 年报 list (all its crawled pages), newest first, the
 * year read from the title (「2019年度…」, not the publication year). When the 年报 part leads straight
 * to one report article, that article is the only report.
 */
function findAnnualReports(
  listUrl: string,
  columns: Column[],
  byKey: Map<string, UsablePage>,
  loadDocument: SiteModelInput['loadDocument'],
): AnnualReport[] {
  const key = urlKey(listUrl);
  const listPage = byKey.get(key);
  if (!listPage) return [];
  const load = (url: string): ReportDocument | null => {
    if (loadDocument) return loadDocument(url);
    // Without a store to re-read (tests, a live page set) the snapshot text stands in, but only
    // when it was not cut at the cap: a cut report would seem to lack its last sections.
    const text = byKey.get(urlKey(url))?.snapshot()?.text;
    return text !== undefined && text.length < DEFAULT_MAX_TEXT ? { text, tables: [] } : null;
  };

  if (listPage.facts.article) {
    const s = listPage.snapshot();
    if (!s) return [];
    const title = s.headings.find((h) => h.level === 1)?.text ?? s.title ?? '';
    const year = reportYear(title);
    if (year === null) return [];
    const url = listPage.finalUrl || listPage.url;
    return [{ url, title, year, published: s.pubDate, document: load(url) }];
  }

  const column = columns.find((c) => c.pages.some((p) => urlKey(p) === key));
  const items = newestLinkedItems(column?.items ?? listPage.snapshot()?.datedItems ?? []);
  const reports: AnnualReport[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const itemKey = urlKey(item.href);
    if (seen.has(itemKey)) continue;
    seen.add(itemKey);
    const page = byKey.get(itemKey);
    reports.push({
      url: item.href,
      title: item.title,
      year: reportYear(item.title),
      published: item.date || page?.facts.pubDate || null,
      document: load(item.href),
    });
  }
  return reports;
}
