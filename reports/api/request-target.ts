/**
 * Parses the request target (`req.url`) strictly. The server never maps a path to a file, so a
 * traversal attempt can only ever be an unknown route; still, a target that does not decode cleanly
 * is refused outright (400) rather than guessed at.
 */

/** Longer targets are refused: no route needs one, and a page URL of this size is not a real page. */
export const MAX_TARGET_LENGTH = 8192;

export type RequestTarget =
  | { ok: true; path: string; query: Map<string, string> }
  | { ok: false; reason: 'too-long' | 'bad-encoding' };

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  if (target.length > MAX_TARGET_LENGTH) return { ok: false, reason: 'too-long' };
  // Only origin-form targets (`/path?query`); absolute-form or `*` are not for this server.
  if (!target.startsWith('/')) return { ok: false, reason: 'bad-encoding' };
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  const path = strictDecode(rawPath);
  if (path === null) return { ok: false, reason: 'bad-encoding' };
  const query = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = strictDecode((eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = strictDecode((eq === -1 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    if (key === null || value === null) return { ok: false, reason: 'bad-encoding' };
    // The first occurrence wins, so a later duplicate cannot override what was checked.
    if (!query.has(key)) query.set(key, value);
  }
  return { ok: true, path, query };
}

/** decodeURIComponent, or null for malformed escapes and NUL bytes. */
function strictDecode(s: string): string | null {
  let out: string;
  try {
    out = decodeURIComponent(s);
  } catch {
    return null;
  }
  return out.includes('\0') ? null : out;
}
