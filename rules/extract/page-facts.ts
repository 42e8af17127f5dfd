/**
 * The plain facts of a page: meta tags, links and assets, images, headings.
 */
import type { DomView } from '../dom/view.js';
import type { HeadingInfo, ImageInfo, LinkRef } from '../types.js';
import { collapseWhitespace } from '../text.js';
import { resolveHref } from './urls.js';

/** <meta name> and <meta http-equiv> contents keyed by lower-case name; the first one wins. */
export function extractMeta(dom: DomView): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const el of dom.querySelectorAll('meta')) {
    const name = (el.attr('name') ?? el.attr('http-equiv'))?.trim().toLowerCase();
    const content = el.attr('content');
    if (!name || content === null || Object.prototype.hasOwnProperty.call(meta, name)) continue;
    meta[name] = content.trim();
  }
  return meta;
}

const LINK_SELECTOR = 'a[href], area[href], iframe[src], img[src], script[src], link[href], source[src], embed[src], object[data]';
const PAGE_TAGS = new Set(['a', 'area', 'iframe']);
/** <link> elements that load something the page needs; other rels (canonical, alternate …) are not fetched. */
const ASSET_REL = /(?:^|\s)(?:stylesheet|icon|shortcut|apple-touch-icon|preload|modulepreload)(?:\s|$)/i;

function sourceAttr(tag: string): string {
  if (tag === 'a' || tag === 'area' || tag === 'link') return 'href';
  if (tag === 'object') return 'data';
  return 'src';
}

/** Links and assets, absolute, fragment removed, in document order (duplicates kept: rules count them). */
export function extractLinks(dom: DomView): LinkRef[] {
  const out: LinkRef[] = [];
  for (const el of dom.querySelectorAll(LINK_SELECTOR)) {
    const tag = el.tagName;
    if (tag === 'link' && !ASSET_REL.test(el.attr('rel') ?? '')) continue;
    const href = resolveHref(el.attr(sourceAttr(tag)), dom.baseUrl);
    if (!href) continue;
    let text = '';
    if (tag === 'a') {
      text = collapseWhitespace(el.text());
      if (!text) {
        // An image link's text is its image's alt (what a screen reader announces).
        const img = el.querySelectorAll('img[alt]')[0];
        text = collapseWhitespace(img?.attr('alt') ?? el.attr('title') ?? '');
      }
    } else if (tag === 'img' || tag === 'area') {
      text = collapseWhitespace(el.attr('alt') ?? '');
    } else if (tag === 'iframe') {
      text = collapseWhitespace(el.attr('title') ?? '');
    }
    out.push({ href, text, tag, kind: PAGE_TAGS.has(tag) ? 'page' : 'asset' });
  }
  return out;
}

/** Longer texts are sentences or whole blocks, not tab or menu labels. */
const UNLINKED_TEXT_MAX = 30;

/**
 * Texts of <a> elements that `extractLinks` leaves out because their href leads nowhere a crawler
 * can follow (`#zn`, `javascript:;`, missing): script-driven tabs often carry real section names.
 */
export function extractUnlinkedLinkTexts(dom: DomView): string[] {
  const texts = new Set<string>();
  for (const el of dom.querySelectorAll('a')) {
    if (resolveHref(el.attr('href'), dom.baseUrl) !== null) continue;
    const text = collapseWhitespace(el.text());
    if (text !== '' && text.length <= UNLINKED_TEXT_MAX) texts.add(text);
  }
  return [...texts];
}

export function extractImages(dom: DomView): ImageInfo[] {
  return dom.querySelectorAll('img').map((el) => {
    const raw = el.attr('src') ?? '';
    return {
      src: resolveHref(raw, dom.baseUrl) ?? raw.trim(),
      alt: el.attr('alt'),
      selector: el.selector(),
      snippet: el.snippet(),
    };
  });
}

export function extractHeadings(dom: DomView): HeadingInfo[] {
  return dom.querySelectorAll('h1, h2, h3, h4, h5, h6').map((el) => ({
    level: Number(el.tagName.charAt(1)),
    text: collapseWhitespace(el.text()),
  }));
}
