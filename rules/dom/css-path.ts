/**
 * The parts of a DomView that must give the same answer in the crawler (cheerio) and in the
 * extension (live DOM): element selectors, snippets, `<base href>`. One implementation, so the two
 * views cannot drift apart (test/unit/live-view.test.ts compares them on every fixture).
 */

export const SNIPPET_MAX = 300;

/** Escape an id for use after `#` (ids may start with a digit on real sites, e.g. Hanweb `#4567`). */
export function cssIdent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (/\d/.test(ch) && (i === 0 || (i === 1 && value.charAt(0) === '-'))) {
      out += `\\${ch.charCodeAt(0).toString(16)} `;
    } else if (/[A-Za-z0-9_\u0080-\uffff-]/.test(ch)) {
      out += ch;
    } else {
      out += `\\${ch}`;
    }
  }
  return out;
}

/** How to walk up a tree of elements of type E. */
export interface PathNavigator<E> {
  id(el: E): string | null;
  /** Lower-case tag name. */
  tag(el: E): string;
  parent(el: E): E | null;
  /** Element children of a parent, in document order. */
  children(parent: E): Iterable<E>;
  isUniqueId(id: string): boolean;
}

/** `#unique-id > div:nth-of-type(2) > img:nth-of-type(1)`, or a path from the root element. */
export function cssPath<E>(start: E, nav: PathNavigator<E>): string {
  const steps: string[] = [];
  let el: E | null = start;
  while (el) {
    const id = nav.id(el);
    if (id && nav.isUniqueId(id)) {
      steps.unshift(`#${cssIdent(id)}`);
      return steps.join(' > ');
    }
    const parent = nav.parent(el);
    const tag = nav.tag(el);
    if (!parent) {
      steps.unshift(tag);
      break;
    }
    let n = 0;
    for (const sib of nav.children(parent)) {
      if (nav.tag(sib) === tag) n++;
      if (sib === el) break;
    }
    steps.unshift(`${tag}:nth-of-type(${n})`);
    el = parent;
  }
  return steps.join(' > ');
}

export function truncateSnippet(html: string): string {
  return html.length > SNIPPET_MAX ? `${html.slice(0, SNIPPET_MAX)}…` : html;
}

/** Resolve `<base href>` against the document URL; fall back to the document URL when unusable. */
export function resolveBaseHref(href: string | null | undefined, documentUrl: string): string {
  if (!href) return documentUrl;
  try {
    return new URL(href.trim(), documentUrl).href;
  } catch {
    return documentUrl;
  }
}
