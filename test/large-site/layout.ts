/**
 * The shape of the large generated site: which pages, images and files each unit has. A pure
 * function of (units, pages per unit), so two servers built alike serve the same site and a crawl's
 * results can be compared page for page.
 *
 * Every page has exactly one page that first leads to it (home → column index → next list page →
 * articles), so an interrupted and an uninterrupted crawl discover each page from the same parent at
 * the same depth whatever order the fetches finish in.
 */

export interface LargeSiteLayout {
  units: UnitLayout[];
  /** Pages (HTML) the whole site has: homes, list pages and articles. */
  totalPages: number;
}

export interface UnitLayout {
  id: string;
  name: string;
  columns: ColumnLayout[];
  /** Articles that carry a .txt attachment (read in the attachment phase). */
  attachments: number;
  pages: number;
}

export interface ColumnLayout {
  /** 1-based column number: the path is /<unit>/c<n>/. */
  n: number;
  name: string;
  listPages: number;
  articles: number;
}

export const ARTICLES_PER_LIST_PAGE = 25;
/** Every ATTACHMENT_EVERY-th article links a .txt attachment. */
export const ATTACHMENT_EVERY = 12;
/** Every BROKEN_EVERY-th article links a document that is not there (404). */
export const BROKEN_EVERY = 20;

const COLUMN_NAMES = ['通知公告', '政策文件', '工作动态', '财政信息', '人事信息', '规划计划'];
const UNIT_NAMES = ['区发展和改革局', '区教育和体育局', '区民政局', '区司法局', '区财政局', '区人力资源和社会保障局', '区自然资源局', '区住房和城乡建设局'];

export function largeSiteLayout(opts: { units: number; pagesPerUnit: number; columns?: number }): LargeSiteLayout {
  const columnCount = Math.min(opts.columns ?? 4, COLUMN_NAMES.length);
  // Per column: L list pages holding 25 articles each = 26 L pages; plus the unit's home.
  const perColumn = Math.max(1, Math.round((opts.pagesPerUnit - 1) / (columnCount * (ARTICLES_PER_LIST_PAGE + 1))));
  const units: UnitLayout[] = [];
  for (let u = 1; u <= opts.units; u++) {
    const columns: ColumnLayout[] = [];
    for (let c = 1; c <= columnCount; c++) {
      columns.push({ n: c, name: COLUMN_NAMES[c - 1]!, listPages: perColumn, articles: perColumn * ARTICLES_PER_LIST_PAGE });
    }
    const articles = columns.reduce((s, c) => s + c.articles, 0);
    units.push({
      id: `u${u}`, name: UNIT_NAMES[(u - 1) % UNIT_NAMES.length]! + (u > UNIT_NAMES.length ? `（${u}）` : ''),
      columns, attachments: columns.reduce((s, c) => s + Math.floor(c.articles / ATTACHMENT_EVERY), 0),
      pages: 1 + columns.reduce((s, c) => s + c.listPages, 0) + articles,
    });
  }
  return { units, totalPages: units.reduce((s, u) => s + u.pages, 0) };
}

/** The list page (0 = index.html) an article (1-based) appears on. */
export function listPageOf(article: number): number {
  return Math.floor((article - 1) / ARTICLES_PER_LIST_PAGE);
}
