/**
 * Escaping for report output. Everything a crawled page says is untrusted: unit names, messages,
 * URLs, snippets, selectors and data values may all carry markup, script URLs or invisible
 * characters meant to mislead a reader. Every renderer sends text through these functions.
 */

/**
 * Characters that change how text *looks* without being seen: bidi overrides and isolates
 * (U+202E can make `gpj.exe` read as `exe.jpg`), zero-width spaces and joiners, the BOM, and
 * C0/C1 control characters other than tab and newline. We show them as a visible `[U+XXXX]`
 * marker rather than dropping them, so a reviewer can see that something was hidden there.
 */
const INVISIBLE_OR_CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/gu;

function codePointLabel(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** Makes invisible and control characters visible as `[U+XXXX]`; leaves all other text alone. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE_OR_CONTROL, codePointLabel);
}

/** Any value as display text: strings as they are, null/undefined as '', others via String(). */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

const HTML_SPECIAL = /[&<>"']/g;
const HTML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an HTML text node. Quotes are escaped too, so the result is also safe in attributes. */
export function escapeHtml(value: unknown): string {
  return revealInvisible(asText(value)).replace(HTML_SPECIAL, (ch) => HTML_ENTITY[ch] ?? ch);
}

/**
 * Untrusted text shown inline among the report's own words (a unit name in a heading, a message in
 * a sentence): escaped, and wrapped in `<bdi>` so right-to-left letters in it cannot reorder the
 * words and numbers around it (bidi isolation). Text nodes only, never attributes.
 */
export function isolateHtml(value: unknown): string {
  return `<bdi>${escapeHtml(value)}</bdi>`;
}

/** Private-use character that marks where the untrusted value goes in isolateIn. */
const VALUE_SLOT = '\uE000';

/**
 * One of our own sentences with an untrusted value in it, e.g. `PDF.unitChapter(n, name)`: the
 * sentence escaped, the value escaped and isolated (isolateHtml) wherever `build` placed it.
 */
export function isolateIn(build: (value: string) => string, value: unknown): string {
  return build(VALUE_SLOT)
    .split(VALUE_SLOT)
    .map((part) => escapeHtml(part))
    .join(isolateHtml(value));
}

/**
 * Text for a double- or single-quoted HTML attribute value. Same escaping as text (quotes
 * included); kept as its own name so every attribute site says what it is.
 */
export function escapeAttr(value: unknown): string {
  return escapeHtml(value);
}

/**
 * The URL to put in an `href`, or null when it must not be a link. Only absolute `http:` and
 * `https:` URLs qualify: `javascript:`, `data:`, `file:`, relative and unparsable URLs are shown
 * as text instead. The returned string is the WHATWG-normalised URL (invisible characters are
 * percent-encoded by the parser) and still needs `escapeAttr`.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href;
}

/**
 * Text for a terminal: control characters (ANSI escape sequences could rewrite the screen),
 * bidi overrides and zero-width characters are shown as `[U+XXXX]`; line breaks become spaces
 * so one value stays on one line.
 */
export function escapeTerminal(value: unknown): string {
  return revealInvisible(asText(value).replace(/\r\n|[\r\n\t]/g, ' '));
}

/** Longest piece of a user's argument echoed back in a message. */
const MAX_SHOWN = 80;

/**
 * An argument as it is echoed in a message: control characters (which a terminal would obey),
 * bidi overrides and zero-width characters (which would hide or reorder the text) are shown as
 * \u escapes, and very long values are cut.
 */
export function shown(value: string): string {
  const safe = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = [...safe];
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN).join('')}…（共 ${chars.length} 个字符）` : safe;
}
