/**
 * What differs between the CMS products the demo imitates: URL schemes and list markup.
 * `trs-style.ts` and `hanweb-style.ts` implement it; `site-builder.ts` does the rest.
 */
import type { DateStyle } from './dates.js';
import type { TitlePool } from './content.js';
import type { Resource } from './resource.js';

/** A seeded page defect or extra content on one article (see the unit files). */
export interface ArticleTweak {
  /** Extra HTML appended to the article body (e.g. a broken link or an image). */
  extraHtml?: string;
  /** Omit the lang attribute of <html> (a11y.html-has-lang). */
  omitLang?: boolean;
  /** Omit <title> (a11y.document-title). */
  omitTitle?: boolean;
  /** Replace the pool title (e.g. a 征求意见 notice or a 公示 list). */
  title?: string;
  /** Replace the generated body paragraphs (extraHtml is still appended). */
  bodyHtml?: string;
  /** Article metas the page leaves out (meta.article). */
  omitMetas?: readonly ArticleMetaName[];
  /** Policy columns: this document gets no interpretation and links none (interpretation.linked). */
  noInterpretation?: boolean;
}

/** The metas every article page carries (《政府网站发展指引》). */
export type ArticleMetaName = 'ArticleTitle' | 'PubDate' | 'ContentSource';

export interface ColumnPlan {
  /** Stable key used by the unit file and the answer key, e.g. 'tzgg'. */
  key: string;
  /** The ColumnName meta and navigation label. */
  name: string;
  pool: TitlePool;
  /** Item ages in days before evalDate, newest first. Empty: the column shows 暂无信息. */
  ages: number[];
  /** TRS: items per static list page. Hanweb: records embedded in the page (rest via dataproxy). */
  perPage: number;
  listStyle: 'ul' | 'table';
  dateStyle: DateStyle;
  /** TRS folder, e.g. '/xxgk/tzgg/'. */
  folder: string;
  /** Hanweb column id. */
  hanwebId: number;
  /** Linked from the navigation bar of every page. */
  inNav: boolean;
  /** Policy columns: every article links an interpretation in this (generated) column. */
  interpretation?: { key: string; name: string; folder: string; hanwebId: number };
  tweak?: (index: number) => ArticleTweak | undefined;
}

export interface ListItem {
  title: string;
  href: string;
  date: string;
}

export interface ListRender {
  /** The list markup (inside the column page's main area). */
  html: string;
  /** Extra <head> markup the list needs (scripts). */
  head?: string;
}

export interface DynamicRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Form body of POST requests, decoded. */
  form: URLSearchParams;
}

export type DynamicHandler = (req: DynamicRequest) => Resource | null;

export interface CmsStyle {
  readonly name: 'trs' | 'hanweb';
  /** Paths of a column's list pages (first page first) for `itemCount` items. */
  listPaths(col: ColumnPlan, itemCount: number): string[];
  articlePath(col: ColumnPlan, date: string, id: number): string;
  /** Markup of list page `pageIndex` holding `items` (already sliced for that page). */
  renderList(col: ColumnPlan, items: ListItem[], pageIndex: number, pageCount: number, total: number): ListRender;
  /** A handler for requests the static pages cannot answer (Hanweb's dataproxy), if any. */
  dynamicHandler?(columns: { col: ColumnPlan; items: ListItem[] }[]): DynamicHandler;
  /** Static scripts the style references. */
  assets(): Record<string, Resource>;
}
