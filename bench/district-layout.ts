/**
 * The shape of the generated benchmark district: units, their columns, how many list pages and
 * articles each column has, and every article's date. A pure function of (total pages, units), so
 * the server and the crawlers' expectations agree without sharing state across processes.
 */

/** The evaluation date of every benchmark run: article dates count back from it. */
export const BENCH_EVAL_DATE = '2025-06-30';

/** Items per column list page, as on most TRS / Hanweb district sites. */
export const ITEMS_PER_LIST_PAGE = 20;

const COLUMN_NAMES = ['通知公告', '政策文件', '工作动态', '政府信息公开', '财政预决算', '人事信息'] as const;
/** Path segment of each column (pinyin initials, as the real sites do). */
const COLUMN_PATHS = ['tzgg', 'zcwj', 'gzdt', 'zfxxgk', 'czyjs', 'rsxx'] as const;

const UNIT_NAMES = [
  '区人民政府办公室', '区发展和改革局', '区教育和体育局', '区民政局', '区司法局', '区财政局',
  '区人力资源和社会保障局', '区自然资源局', '区住房和城乡建设局', '区卫生健康局', '某某街道办事处', '某某镇人民政府',
] as const;
const UNIT_TYPES = ['government', 'department', 'department', 'department', 'department', 'department',
  'department', 'department', 'department', 'department', 'street', 'town'] as const;

export interface BenchColumn {
  /** 0-based index in the unit's column list. */
  index: number;
  name: string;
  path: string;
  articles: number;
  listPages: number;
  /** Days between the evaluation date and the column's newest article (a stale column has many). */
  newestAgeDays: number;
}

export interface BenchUnit {
  id: string;
  name: string;
  type: (typeof UNIT_TYPES)[number];
  /** 1-based: the unit is served on 127.0.0.<n> when distinct loopback addresses work. */
  n: number;
  columns: BenchColumn[];
  /** HTML pages of the unit: home + list pages + articles. */
  pages: number;
}

export interface BenchDistrict {
  units: BenchUnit[];
  totalPages: number;
}

/** A district of about `totalPages` HTML pages spread evenly over `units` units. */
export function benchDistrict(totalPages: number, unitCount = 8): BenchDistrict {
  const units: BenchUnit[] = [];
  const perUnit = Math.max(1 + COLUMN_NAMES.length * 2, Math.floor(totalPages / unitCount));
  // Per column: A articles and ceil(A / 20) list pages, so A ≈ budget × 20/21.
  const perColumn = (perUnit - 1) / COLUMN_NAMES.length;
  for (let u = 1; u <= unitCount; u++) {
    const columns: BenchColumn[] = COLUMN_NAMES.map((name, index) => {
      const articles = Math.max(1, Math.floor((perColumn * ITEMS_PER_LIST_PAGE) / (ITEMS_PER_LIST_PAGE + 1)));
      // Every third unit lets its 人事信息 column go stale, so the freshness rules find something.
      const stale = index === COLUMN_NAMES.length - 1 && u % 3 === 0;
      return { index, name, path: COLUMN_PATHS[index]!, articles, listPages: Math.ceil(articles / ITEMS_PER_LIST_PAGE), newestAgeDays: stale ? 420 : (u + index) % 5 };
    });
    const pages = 1 + columns.reduce((s, c) => s + c.articles + c.listPages, 0);
    const nameIndex = (u - 1) % UNIT_NAMES.length;
    units.push({
      id: `u${u}`, n: u, columns, pages, type: UNIT_TYPES[nameIndex]!,
      name: UNIT_NAMES[nameIndex]! + (u > UNIT_NAMES.length ? `（${u}）` : ''),
    });
  }
  return { units, totalPages: units.reduce((s, u) => s + u.pages, 0) };
}

/** The date (YYYY-MM-DD) of article `article` (1 = newest) of a column: about one every 1.5 days. */
export function articleDate(column: BenchColumn, article: number): string {
  const ageDays = column.newestAgeDays + Math.floor((article - 1) * 1.5);
  const d = new Date(Date.parse(`${BENCH_EVAL_DATE}T00:00:00Z`) - ageDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** The TRS-style path of an article: /<column>/<yyyymm>/t<yyyymmdd>_<n>.html. */
export function articlePath(column: BenchColumn, article: number): string {
  const date = articleDate(column, article).replaceAll('-', '');
  return `/${column.path}/${date.slice(0, 6)}/t${date}_${article}.html`;
}

/** The list page (0 = index.html) that shows an article. */
export function listPageOf(article: number): number {
  return Math.floor((article - 1) / ITEMS_PER_LIST_PAGE);
}

export function listPagePath(column: BenchColumn, page: number): string {
  return page === 0 ? `/${column.path}/index.html` : `/${column.path}/index_${page}.html`;
}
