/**
 * Resolving hrefs found in pages. Pure (WHATWG URL is global in browsers and Node).
 */

/** Schemes that never lead to a page or resource the crawler can check. */
const SKIPPED_SCHEME = /^\s*(?:javascript|mailto|tel|data|about|blob|sms|file|chrome-extension|moz-extension|vbscript):/i;

/**
 * An href made absolute against `base`, fragment removed; null for empty or pure-fragment hrefs,
 * skipped schemes (javascript:, mailto:, tel:, data: …) and anything that is not http(s) after
 * resolution.
 */
export function resolveHref(href: string | null | undefined, base: string): string | null {
  if (href == null) return null;
  // One page resolves the same hrefs several times (links, unlinked texts, dated items,
  // pagination): remember the results for the page's base, the last one seen.
  if (base !== memoBase || memo.size >= MEMO_MAX) {
    memoBase = base;
    memo.clear();
  }
  let resolved = memo.get(href);
  if (resolved === undefined) {
    resolved = resolve(href, base);
    memo.set(href, resolved);
  }
  return resolved;
}

const MEMO_MAX = 10_000;
let memoBase = '';
const memo = new Map<string, string | null>();

function resolve(href: string, base: string): string | null {
  // Browsers strip leading/trailing ASCII whitespace and drop tabs/newlines inside URLs.
  const raw = href.replace(/[\t\n\r]/g, '').trim();
  if (raw === '' || raw.startsWith('#') || SKIPPED_SCHEME.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return withoutFragment(url.href);
}

/**
 * A serialised http(s) URL without its fragment: what `url.hash = ''` gives, without serialising the
 * URL again. The first `#` of a serialised URL begins its fragment (a `#` in the path or the query
 * is always percent-encoded), and an empty fragment (`…/#`) goes with its `#`, as with the setter.
 * Not for opaque URLs (`data:`, `javascript:`): there the setter also drops spaces before the `#`.
 */
export function withoutFragment(href: string): string {
  const at = href.indexOf('#');
  return at < 0 ? href : href.slice(0, at);
}
