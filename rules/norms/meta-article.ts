/**
 * meta.article: an article page carries ArticleTitle, PubDate and ContentSource (《政府网站发展指引》).
 * Only article pages are judged: list pages, a site's or a column's index page and pages without a
 * publication date say nothing here. An article is what extraction calls one (a date, body text, not a
 * list), or a page at an article-shaped CMS URL with a publication date (an article with a long
 * 相关文章 block can look like a list).
 */
import type { PageRule } from '../rule.js';
import type { PageContext } from '../types.js';
import { NORMS_MESSAGES as M } from '../messages/norms.zh-CN.js';
import { isArticleShapedUrl, isIndexLikeUrl } from './article-url.js';

const RULE_ID = 'meta.article';

export const ARTICLE_META_NAMES = ['ArticleTitle', 'PubDate', 'ContentSource'] as const;

export function isArticlePage(ctx: PageContext): boolean {
  const s = ctx.snapshot;
  if (s.pubDate === null || isIndexLikeUrl(ctx.url)) return false;
  return s.isArticle || isArticleShapedUrl(ctx.url);
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
