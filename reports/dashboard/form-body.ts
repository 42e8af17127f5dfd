/**
 * Reads the body of a dashboard form POST (application/x-www-form-urlencoded) with a size limit:
 * the forms are small, so anything large is refused before it is buffered.
 */
import type { IncomingMessage } from 'node:http';

/** Largest accepted body. The biggest form (the manual points) is a few kilobytes. */
export const MAX_FORM_BYTES = 64 * 1024;

export type FormBody =
  | { ok: true; fields: Map<string, string> }
  | { ok: false; reason: 'too-large' | 'bad-encoding' | 'unsupported-type' };

/** Parses `a=1&b=2` strictly: malformed percent escapes and NUL bytes refuse the whole body. */
export function parseFormFields(text: string): Map<string, string> | null {
  const fields = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (key === null || value === null) return null;
    // The first occurrence wins, as for query strings (request-target.ts).
    if (!fields.has(key)) fields.set(key, value);
  }
  return fields;
}

function decode(s: string): string | null {
  try {
    const out = decodeURIComponent(s.replace(/\+/g, ' '));
    return out.includes('\0') ? null : out;
  } catch {
    return null;
  }
}

export async function readFormBody(req: IncomingMessage, limit: number = MAX_FORM_BYTES): Promise<FormBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { ok: false, reason: 'too-large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      // Keep draining without buffering so the client gets the 413 instead of a reset connection.
      tooLarge = true;
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) return { ok: false, reason: 'too-large' };
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, reason: 'unsupported-type' };
  const fields = parseFormFields(Buffer.concat(chunks).toString('utf8'));
  return fields ? { ok: true, fields } : { ok: false, reason: 'bad-encoding' };
}
