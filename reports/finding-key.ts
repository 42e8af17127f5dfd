/**
 * A finding's stable identity across nightly runs: the office marks findings (误报 / 已整改) and
 * compares runs by this key, so it must stay the same while the problem stays the same, and differ
 * when the problem is a different one.
 *
 * What the key includes, and why:
 * - the rule id (a different check is a different finding; it also leads the key, so a person
 *   reading `a11y.image-alt:…` on the command line sees what it is about);
 * - the page, normalized (fragment, scheme, default port, `index.html` and the session ids the
 *   crawler strips are ignored: the same page reached another way is the same page). Exception:
 *   `link.broken` reports the *first* page found linking the target, which may change with the
 *   crawl order, so for it the broken target (`data.href`) is the identity instead of the page;
 * - the place on the page: the target's CSS selector (never the snippet, which carries text that
 *   may be edited without touching the problem);
 * - the data fields that say *what* is wrong: which part, column, link, image, report section,
 *   masked number, axe rule or report year (IDENTITY_FIELDS).
 * Never included: message text and fields that change every day or with every edit (ageDays,
 * newest, status codes, counts, link texts, titles), nor the outcome (a violation that turns into a
 * pass keeps its key, so runs can be compared).
 *
 * The key is `<ruleId>:<16 base-36 characters of a SHA-1>` — short enough for a command line,
 * deterministic (the hashed text is a canonical JSON array).
 */
import { createHash } from 'node:crypto';
import { normalizeUrl } from '../store/url.js';

/** Data fields that identify what a finding is about (see the file comment). */
export const IDENTITY_FIELDS = ['part', 'column', 'href', 'src', 'section', 'masked', 'axeRule', 'year'] as const;

/** Rules whose `url` is incidental (the first page seen linking) and whose identity is `data.href`. */
const URL_INCIDENTAL_RULES = new Set(['link.broken']);

export interface KeyableFinding {
  ruleId: string;
  url: string;
  target?: { selector: string };
  data: Record<string, unknown>;
}

/**
 * The page part of the key: `host[:port]/path?query`, lower-case host, no fragment, no scheme, a
 * trailing `index.html`/`index.htm`/`index.shtml` dropped. Unparseable text is kept as it is.
 */
export function keyUrl(url: string): string {
  const normalized = normalizeUrl(url);
  if (normalized === null) return url.trim();
  const u = new URL(normalized);
  const path = u.pathname.replace(/\/index\.s?html?$/i, '/');
  return `${u.host}${path}${u.search}`;
}

/** Only primitives and arrays of them: an identity value is small and printable. */
function identityValue(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
  return undefined;
}

export function findingKey(f: KeyableFinding): string {
  const fields: [string, unknown][] = [];
  for (const name of IDENTITY_FIELDS) {
    if (!(name in f.data)) continue;
    const value = identityValue(f.data[name]);
    if (value === undefined) continue;
    fields.push([name, name === 'href' && typeof value === 'string' ? keyUrl(value) : value]);
  }
  const page = URL_INCIDENTAL_RULES.has(f.ruleId) && typeof f.data['href'] === 'string' ? '' : keyUrl(f.url);
  const canonical = JSON.stringify([f.ruleId, page, f.target?.selector ?? null, fields]);
  const digest = createHash('sha1').update(canonical, 'utf8').digest();
  // 16 base-36 characters from the first 10 bytes (80 bits): collisions within one unit are negligible.
  const n = BigInt(`0x${digest.subarray(0, 10).toString('hex')}`);
  return `${f.ruleId}:${n.toString(36).padStart(16, '0').slice(-16)}`;
}
