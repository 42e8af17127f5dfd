/**
 * The links a stored page offers, normalised: its DOM links, its list items and its pagination.
 * Shared by the single-process crawl and the PostgreSQL workers, which must discover exactly the
 * same URLs from the same page.
 */
import type { PageSnapshot } from '../rules/types.js';
import { normalizeUrl } from '../store/url.js';

export interface PageLink {
  href: string;
  text: string;
  kind: PageSnapshot['links'][number]['kind'];
}

export function pageLinks(snap: PageSnapshot): { links: PageLink[]; pagination: string[] } {
  // List items count as links too: a Hanweb column's records sit in a <datastore> block that the
  // page's script renders, so they are not among the DOM links, yet a visitor sees and follows them.
  const itemLinks = snap.datedItems.filter((i) => i.href !== '').map((i) => ({ href: i.href, text: i.title, kind: 'page' as const }));
  const links: PageLink[] = [];
  for (const link of [...snap.links, ...itemLinks]) {
    const href = normalizeUrl(link.href);
    if (href) links.push({ href, text: link.text, kind: link.kind });
  }
  const pagination: string[] = [];
  for (const p of snap.paginationLinks) {
    const href = normalizeUrl(p);
    if (href) pagination.push(href);
  }
  return { links, pagination };
}
