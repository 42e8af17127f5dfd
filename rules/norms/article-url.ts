/**
 * URL shapes of article (detail) pages on the CMSs Chinese government sites run on (requirements §9),
 * and of pages that are surely not articles (a site's or a column's own index).
 */

const ARTICLE_PATHS: readonly RegExp[] = [
  // TRS WCM: …/202011/t20201120_123456.html (or .shtml/.htm)
  /\/t\d{8}_\d+\.s?html?$/i,
  // Hanweb JCMS: /art/2020/11/20/art_1234_56789.html
  /\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_\d+_\d+\.html?$/i,
  // Xinhua/people style: …/2023-12/01/content_1755244.html, …/content_5553122.htm
  /\/content_\d+\.s?html?$/i,
  // Date folder and a hex document id: …/202305/7215380191c5400397df5d7d0b5fd06b.shtml
  /\/\d{6}\/[0-9a-f]{16,}\.s?html?$/i,
  // 博达 (VSB): /info/1234/5678.htm
  /\/info\/\d+\/\d+\.s?html?$/i,
];

/** Index documents: a site's or a column's own page, never a single article. */
const INDEX_FILE = /\/(?:index|default|main|home)(?:_\d+)?\.(?:s?html?|jsp|php|aspx?)$/i;

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

export function isArticleShapedUrl(url: string): boolean {
  const path = pathOf(url);
  return path !== null && ARTICLE_PATHS.some((re) => re.test(path));
}

/** `/`, `/zwgk/`, `/col/col12/index.html`, `/index_1.shtml`: a home or column page. */
export function isIndexLikeUrl(url: string): boolean {
  const path = pathOf(url);
  if (path === null) return false;
  return path.endsWith('/') || INDEX_FILE.test(path);
}
