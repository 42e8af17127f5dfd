/**
 * meta.article: an article page carries ArticleTitle, PubDate and ContentSource (《政府网站发展指引》).
 * Only article pages are judged: list pages, a site's or a column's index page and pages without a
 * publication date say nothing here. An article is what extraction calls one (a date, body text, not a
 * list, not a page whose metadata is a column's), or a page at an article-shaped CMS URL with a
 * publication date (an article with a long 相关文章 block can look like a list).
 */
import type { PageRule } from '../rule.js';
import type { PageContext } from '../types.js';
import { NORMS_MESSAGES as M } from '../messages/norms.zh-CN.js';
import { isArticleShapedUrl, isIndexLikeUrl } from './article-url.js';

const RULE_ID = 'meta.article';

export const ARTICLE_META_NAMES = ['ArticleTitle', 'PubDate', 'ContentSource'] as const;

/** Column metadata names (lower case) of the 《政府网站发展指引》: ColumnName, ColumnType, … */
const COLUMN_META = /^column(?:name|type|description|keywords)$/;

/**
 * The page's template declares a column page: Column* metadata and none of the article names.
 * (Article templates carry Column* too, so the column names alone prove nothing.)
 */
function declaresColumnPage(meta: Record<string, string>): boolean {
  const names = Object.keys(meta);
  return names.some((n) => COLUMN_META.test(n)) && !ARTICLE_META_NAMES.some((n) => meta[n.toLowerCase()] !== undefined);
}

export function isArticlePage(ctx: PageContext): boolean {
  const s = ctx.snapshot;
  if (s.pubDate === null || isIndexLikeUrl(ctx.url)) return false;
  // The article URL shape of TRS / Hanweb outweighs both what extraction saw and the template's metadata.
  if (isArticleShapedUrl(ctx.url)) return true;
  return s.isArticle && !declaresColumnPage(s.meta);
}

export const metaArticleRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    if (!isArticlePage(ctx)) return [];
    const meta = ctx.snapshot.meta;
    const absent = ARTICLE_META_NAMES.filter((name) => meta[name.toLowerCase()] === undefined);
    const empty = ARTICLE_META_NAMES.filter((name) => meta[name.toLowerCase()] !== undefined && meta[name.toLowerCase()]!.trim() === '');
    if (absent.length === 0 && empty.length === 0) return [];
    const missing = ARTICLE_META_NAMES.filter((name) => absent.includes(name) || empty.includes(name));
    const target = ctx.dom.querySelector('head') ?? ctx.dom.root;
    const data: Record<string, unknown> = { missing };
    if (empty.length > 0) data['empty'] = empty;
    return [
      {
        ruleId: RULE_ID,
        outcome: 'violation',
        url: ctx.url,
        target: { selector: target.selector(), snippet: target.snippet() },
        message: empty.length === 0 ? M.metaArticleMissing(absent) : M.metaArticleMissingOrEmpty(absent, empty),
        data,
      },
    ];
  },
};
