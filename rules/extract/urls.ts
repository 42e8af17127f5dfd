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
  url.hash = '';
  return url.href;
}
