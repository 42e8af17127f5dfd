/**
 * Core vocabulary shared by the crawler, the rules, the reports and (later) the extension.
 * Pure types only: no I/O, no Node-only APIs, so the extension can bundle this file.
 */

/** Only `violation` costs points; doubt is `incomplete` (needs manual review), never a violation. */
export type Outcome = 'violation' | 'pass' | 'incomplete' | 'inapplicable' | 'error';

export const OUTCOMES: readonly Outcome[] = ['violation', 'pass', 'incomplete', 'inapplicable', 'error'];

/** The element a finding points at. `snippet` is the element's outer HTML, truncated. */
export interface Target {
  selector: string;
  snippet: string;
}

/** One result of one rule. `unitId` is attached by the engine when findings are stored. */
export interface Finding {
  ruleId: string;
  outcome: Outcome;
  /** The page the finding is about (see docs/contracts.md, “导出 JSON”). */
  url: string;
  target?: Target;
  /** zh-CN, one sentence, for the webmaster. Built from crawled strings: escape when rendering. */
  message: string;
  data: Record<string, unknown>;
  /**
   * Set on a finding whose evidence was carried from an earlier night without being asked again
   * (the nightly plan): the evaluation date it was last verified, YYYY-MM-DD.
   */
  verifiedOn?: string;
}

/** `government` is the district government itself (its own site or portal), added compatibly. */
export type UnitType = 'department' | 'town' | 'street' | 'other' | 'government';

export interface UnitInfo {
  id: string;
  name: string;
  type: UnitType;
  url: string;
  /** Extra URL prefixes that belong to the unit besides its root URL. */
  scope: string[];
}

/** A link or asset reference found on a page. `href` is absolute, fragment removed. */
export interface LinkRef {
  href: string;
  /** Visible text (links) or alt (images), whitespace collapsed. */
  text: string;
  /** a | img | script | link | iframe | area | source ... (lower-case tag name). */
  tag: string;
  /** `page` for navigable links (a, area, iframe), `asset` for resources the page loads. */
  kind: 'page' | 'asset';
}

export interface ImageInfo {
  src: string;
  /** null when the attribute is absent; '' when present but empty (decorative). */
  alt: string | null;
  selector: string;
  snippet: string;
}

export interface HeadingInfo {
  level: number;
  text: string;
}

/** One entry of a dated list (a column list, a home-page news block, a datastore record). */
export interface DatedItem {
  title: string;
  /** Absolute URL, or '' when the item has no link. */
  href: string;
  /** ISO date YYYY-MM-DD. */
  date: string;
}

/** Hanweb JCMS list-paging parameters found in a page (read by the crawler, rendered by issue 4). */
export interface HanwebList {
  columnId: string;
  unitId?: string;
  webId?: string;
  totalRecord?: number;
  perPage?: number;
}

/**
 * What extraction produces from one HTML page: everything the rules and the site model need,
 * small enough to store per page. Produced by `extractSnapshot` from a DomView, so the crawler
 * (cheerio) and the extension (live DOM) share one implementation.
 */
export interface PageSnapshot {
  url: string;
  title: string | null;
  /** The `lang` attribute of <html>, or null when absent. */
  lang: string | null;
  /** <meta name=…> / <meta http-equiv=…> contents keyed by the name in lower case. */
  meta: Record<string, string>;
  links: LinkRef[];
  images: ImageInfo[];
  headings: HeadingInfo[];
  /** Main text, whitespace collapsed, capped (see extract). */
  text: string;
  /** Dated list items found on the page, in document order, de-duplicated by href+title. */
  datedItems: DatedItem[];
  /** Publication date of an article page (meta PubDate, 发布时间/发布日期 …), ISO, or null. */
  pubDate: string | null;
  /** The column name the page declares (meta ColumnName, else breadcrumb tail / list heading). */
  columnName: string | null;
  /** Breadcrumb trail texts, outermost first ([] when none). */
  breadcrumb: string[];
  /** Absolute URLs of further pages of the same list (index_1.html …, 下一页). */
  paginationLinks: string[];
  /** Present when the page is a Hanweb column with a datastore/dataproxy list. */
  hanweb: HanwebList | null;
  /** Page looks like a list page: enough dated items with links in one container. */
  isListPage: boolean;
  /** Page looks like an article (PubDate or 发布时间 plus body text). */
  isArticle: boolean;
  /**
   * Texts of <a> elements with no followable href (`#…`, `javascript:`, none): script-driven tabs
   * and menus, which `links` leaves out. De-duplicated, short labels only. Optional: snapshots
   * stored before this field existed lack it (then only `text` is searched).
   */
  unlinkedLinkTexts?: string[];
}

/** Column types from the keyword table in rules/data/column-types.json. */
export type ColumnType = 'dynamic' | 'notice' | 'policy' | 'personnel' | 'planning' | 'other';

export interface Column {
  /** The column's first list page. */
  url: string;
  name: string;
  type: ColumnType;
  /** Historical / 专题 columns are exempt from freshness limits. */
  exempt: boolean;
  /** All list pages of the column (first page first). */
  pages: string[];
  items: DatedItem[];
  /** Newest item date, or null when the list has no dated item. */
  newest: string | null;
  /** How many list entries were seen (dated or not); 0 means an empty column. */
  entryCount: number;
  /**
   * Set by the site model for columns without entries: the evidence `column.empty` needs.
   * `columnBy` says why the page is surely a column (ColumnName meta, Hanweb datastore, Hanweb
   * `/col/colN/` URL), null when it only looks like one; `emptyMarker` is the empty-list text it
   * shows (暂无信息 …) or `datastore:0` for a Hanweb datastore with zero records, null when none;
   * `proseChars` counts the characters of the page's long text lines (paragraphs, not menus): a
   * column page that prints one long article (the 指南 on its own column page) is not empty.
   */
  emptyEvidence?: { columnBy: 'meta' | 'hanweb' | 'col-url' | null; emptyMarker: string | null; proseChars?: number };
}

export interface DisclosurePart {
  /** Standard name, e.g. 政府信息公开指南. */
  standard: string;
  found: boolean;
  /** The label as shown on the site (markup and whitespace removed). */
  label?: string;
  url?: string;
  /**
   * Set only when `found` is false but the column page shows the part's name without a followable
   * link (a `#`/`javascript:` tab, a plain span, body text): the part may exist behind a script, so
   * disclosure.parts reports `incomplete` (needs review) instead of a violation. The name as shown.
   */
  unlinkedLabel?: string;
  /**
   * Set only when `found` is false and the parts were read from the home page's own 政府信息公开
   * block because the column page could not be read: the part may be on that page, so
   * disclosure.parts asks for review instead of reporting it missing.
   */
  uncertain?: true;
}

export interface DisclosureColumn {
  /** The page the column link leads to. */
  url: string;
  /** The name as shown (whitespace and markup removed). */
  name: string;
  exactName: boolean;
  /** Where the column link was found (normally the home page). */
  foundOn: string;
  parts: DisclosurePart[];
  /**
   * Where the parts were read: the column page, or — when it could not be read — the home page's
   * own 政府信息公开 block linking the parts (common on TRS portals). Absent = the column page.
   */
  partsFrom?: 'column' | 'home';
}

/** Result of checking one link target. */
export interface LinkCheck {
  href: string;
  /** A page of the unit that links to it (the first seen; home page preferred). */
  fromUrl: string;
  /** Link text on that page. */
  text: string;
  kind: 'page' | 'asset';
  /** Target is on a host outside the unit's scope. */
  external: boolean;
  /** Linked from the home page. */
  fromHome: boolean;
  status: number | null;
  error: string | null;
  /** ok / broken (proof) / doubt (bot block, timeout on an external host …). */
  verdict: 'ok' | 'broken' | 'doubt' | 'skipped';
}

/** What a unit's crawl produced that is not a single page: the input of site-scope rules. */
export interface SiteModel {
  unit: UnitInfo;
  /** Evaluation date, YYYY-MM-DD. */
  evalDate: string;
  /** The unit's home page, or null when it could not be fetched. */
  home: PageSnapshot | null;
  /** Why the home page is missing (zh-CN), when `home` is null. */
  homeError: string | null;
  columns: Column[];
  disclosure: DisclosureColumn | null;
  /** The 指南 page (guide), annual-report list, report pages: filled by the site model when found. */
  guideUrl: string | null;
  annualReportListUrl: string | null;
  annualReportUrls: string[];
  linkChecks: LinkCheck[];
  /**
   * The guide (指南) as found: the page the 指南 part leads to, or the newest guide article when that
   * page is a list. null when there is no 指南 part or it was not crawled.
   */
  guide: { url: string; snapshot: PageSnapshot } | null;
  /** Annual reports listed in the 年报 part, newest first, with their text when the page was read. */
  annualReports: AnnualReport[];
  /** Attachments (xls/xlsx/doc/docx/pdf/txt) linked from the unit's pages, with extracted text. */
  attachments: AttachmentText[];
  /** Network facts about the unit's site that no page shows (HTTPS, IPv6). */
  probes: UnitProbes;
  /** Snapshot of a crawled page of the unit by URL (requested or final), for rules that follow links. */
  page(url: string): PageSnapshot | null;
}

/** One annual report (政府信息公开工作年度报告) of the unit. */
export interface AnnualReport {
  url: string;
  /** Title as listed. */
  title: string;
  /** The year the report is about (2019 for 「2019年度…年度报告」), or null when the title does not say. */
  year: number | null;
  /** Publication date: the list date, else the page's pubDate (YYYY-MM-DD), or null. */
  published: string | null;
  /** The report's full text and tables, when the page was crawled and read (null otherwise). */
  document: ReportDocument | null;
}

/** A report page read in full (not capped like PageSnapshot.text), with its tables as cell text. */
export interface ReportDocument {
  text: string;
  /** Each table as rows of cell texts (whitespace collapsed). */
  tables: string[][][];
}

/** Text extracted from one attachment. The full text is never stored in findings (privacy). */
export interface AttachmentText {
  url: string;
  /** The page that links it, and the link text. */
  fromUrl: string;
  fromText: string;
  /** File type by content/extension: xls, xlsx, doc, docx, pdf, txt. */
  type: string;
  /** Extracted text (capped), or null when it could not be read. */
  text: string | null;
  truncated: boolean;
  /** Why the text could not be read (zh-CN), e.g. too large, time limit, damaged file. */
  error: string | null;
}

export type ProbeOutcome = 'yes' | 'no' | 'unknown' | 'inapplicable';

export interface ProbeResult {
  outcome: ProbeOutcome;
  /** zh-CN detail: what was tried and what answered. */
  detail: string;
}

export interface UnitProbes {
  /** Does the site answer over HTTPS? null when not probed (e.g. home page unreachable). */
  https: ProbeResult | null;
  /** Does the host name have an AAAA record? `inapplicable` for IP-literal hosts. */
  ipv6: ProbeResult | null;
}

/** Context for page-scope rules: the snapshot plus a DOM to point at elements. */
export interface PageContext {
  url: string;
  snapshot: PageSnapshot;
  dom: import('./dom/view.js').DomView;
  evalDate: string;
  /** The unit's official name, when known (the crawl): wording.serious checks it is written right. */
  unitName?: string;
}
