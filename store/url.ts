import { isIP } from 'node:net';
import { RecentMap } from './recent-map.js';

/**
 * URL keys for the crawler: one canonical string per page so the frontier de-duplicates, plus scope
 * and host helpers. Normalisation must never change what the server returns, so the query string is
 * reordered and filtered as raw text (re-encoding could corrupt GBK percent-escapes).
 */

/** Query parameter names that only track the visitor; the page is the same without them. */
const TRACKING_PARAMS = new Set([
  'spm',
  'isappinstalled',
  'fbclid',
  'gclid',
  'share_token',
  'sharer_shareid',
  'sharer_sharetime',
]);

/** `from=` values that WeChat and Weibo add when a link is shared. */
const TRACKING_FROM_VALUES = new Set(['timeline', 'singlemessage', 'groupmessage', 'message']);

/** Parameters that always carry a session id. */
const SESSION_PARAMS = new Set(['jsessionid', 'phpsessid', 'sessionid', 'session_id', 'aspsessionid', 'cfid', 'cftoken']);

/**
 * `sid` is a session id on some sites but a site/column id on others (`sid=3`); only a long token is
 * treated as a session, so short ids keep their pages apart.
 */
const SESSION_LIKE_VALUE = /^[A-Za-z0-9._-]{16,}$/;

export function normalizeUrl(href: string, base?: string): string | null {
  if (base !== undefined) return normalizedUrl(href, base)?.href ?? null;
  return normalizedParts(href)?.href ?? null;
}

/** An absolute URL's normal form and the parts inScope compares. */
interface NormalizedParts {
  href: string;
  /** Host as scope compares it: the port only when it is not 80 or 443. */
  host: string;
  path: string;
}

/**
 * Every page repeats most of its links (menus, breadcrumbs, the column's list), and each link is
 * normalised and then compared with the unit's scope: parsing a URL is the costly part, so the
 * parts of recently seen absolute URLs are kept (the functions are pure: same input, same parts).
 */
const partsMemo = new RecentMap<string, NormalizedParts | null>(2_500);

function normalizedParts(href: string): NormalizedParts | null {
  const known = partsMemo.get(href);
  if (known !== undefined) return known;
  const u = normalizedUrl(href);
  let parts: NormalizedParts | null = null;
  if (u !== null) {
    const defaultPort = u.protocol === 'https:' ? '443' : '80';
    const port = u.port === '' ? defaultPort : u.port;
    // The other scheme's default port is the same site too (http://h/ and https://h/).
    const host = port === '80' || port === '443' ? u.hostname : `${u.hostname}:${port}`;
    // The key itself when it is already in normal form (most links are): one string kept, not two.
    parts = { href: u.href === href ? href : u.href, host, path: u.pathname };
  }
  partsMemo.set(href, parts);
  return parts;
}

/** normalizeUrl's parsed result, so callers that need its parts do not parse its href again. */
function normalizedUrl(href: string, base?: string): URL | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;

  url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.replace(/\.+$/, '');

  // Servlet containers put the session in the path: /a/b.jsp;jsessionid=ABC?x=1
  const path = url.pathname.replace(/;(jsessionid|phpsessid|sid)=[^/;?]*/gi, '');
  url.pathname = upperCasePercentEscapes(path);

  const query = normalizeQuery(url.search);
  // Assigning '' to search leaves no '?', which is what we want for an empty query.
  url.search = query;
  return url;
}

function normalizeQuery(search: string): string {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw === '') return '';
  const kept: { key: string; pair: string }[] = [];
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = safeDecode(rawKey).toLowerCase();
    const value = safeDecode(rawValue);
    if (isDroppedParam(key, value)) continue;
    kept.push({ key: rawKey, pair: upperCasePercentEscapes(pair) });
  }
  // Array.prototype.sort is stable: repeated keys keep their relative order (a=1&a=2 ≠ a=2&a=1).
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return kept.length === 0 ? '' : `?${kept.map((k) => k.pair).join('&')}`;
}

function isDroppedParam(key: string, value: string): boolean {
  if (key.startsWith('utm_')) return true;
  if (TRACKING_PARAMS.has(key)) return true;
  if (key === 'from' && TRACKING_FROM_VALUES.has(value.toLowerCase())) return true;
  if (SESSION_PARAMS.has(key) || key.startsWith('aspsessionid')) return true;
  if (key === 'sid' && SESSION_LIKE_VALUE.test(value)) return true;
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** RFC 3986 §6.2.2.1: %2f and %2F are the same octet; pick one spelling. */
function upperCasePercentEscapes(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

/**
 * Whether `url` lies under one of the unit's scope prefixes. http and https of one host count as the
 * same site (units move to https and redirect); the port must match. A prefix ending in a file name
 * (`/col/col12/index.html`) stands for its directory. Matching is on path-segment boundaries, so
 * `/dept/` does not cover `/department/`.
 */
export function inScope(url: string, prefixes: string[]): boolean {
  const target = normalizedParts(url);
  if (target === null) return false;
  for (const prefix of prefixes) {
    const p = scopePrefix(prefix);
    if (p === null || p.host !== target.host) continue;
    if (target.path.startsWith(p.dir)) return true;
    // `http://h/dept/` also covers `http://h/dept` (the same column without its slash).
    if (p.dir !== '/' && target.path === p.dir.slice(0, -1)) return true;
  }
  return false;
}

/**
 * Parsed scope prefixes: a unit has a handful, and inScope runs for every link of every page, so
 * each prefix is parsed once instead of on every call. Bounded, in case a caller passes many.
 */
const prefixCache = new Map<string, { host: string; dir: string } | null>();
const PREFIX_CACHE_MAX = 1000;

function scopePrefix(prefix: string): { host: string; dir: string } | null {
  const cached = prefixCache.get(prefix);
  if (cached !== undefined) return cached;
  const p = normalizedParts(prefix);
  let parsed: { host: string; dir: string } | null = null;
  if (p !== null) {
    let dir = p.path;
    if (!dir.endsWith('/')) {
      const last = dir.slice(dir.lastIndexOf('/') + 1);
      dir = last.includes('.') ? dir.slice(0, dir.lastIndexOf('/') + 1) : `${dir}/`;
    }
    parsed = { host: p.host, dir };
  }
  if (prefixCache.size >= PREFIX_CACHE_MAX) prefixCache.clear();
  prefixCache.set(prefix, parsed);
  return parsed;
}

/** The politeness key: host name only, so ports of one host share one budget. */
export function hostKey(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/** True for IPv4 or IPv6 literals, with or without brackets or a port. */
export function isIpLiteral(host: string): boolean {
  let h = host.trim();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end === -1) return false;
    h = h.slice(1, end);
  } else if (/^[0-9.]+:\d+$/.test(h)) {
    h = h.slice(0, h.lastIndexOf(':'));
  }
  return isIP(h) !== 0;
}
