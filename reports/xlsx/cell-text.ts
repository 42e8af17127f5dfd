/**
 * Text that goes into a spreadsheet cell (XLSX or CSV). Crawled strings are untrusted: one that
 * starts like a formula could run as one when a person opens or re-saves the file in Excel or WPS
 * (CSV/formula injection), and control characters would make the XLSX XML unreadable.
 */

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_CHARS = 32_767;

const TRUNCATION_MARK = '…（内容过长，已截断）';

/** Leading characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Characters XML 1.0 cannot carry (C0 controls except TAB, LF, CR; U+FFFE/U+FFFF) and lone
 * surrogates: removed, since no reader needs them and the workbook would fail to open.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * The text as a cell should hold it: XML-safe, prefixed with `'` when it would start a formula
 * (so it stays visible text), at most 32,767 characters (a cut is said at the end).
 */
export function cellText(value: string): string {
  let text = value.replace(NOT_XML, '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (text.length > MAX_CELL_CHARS) text = cutText(text, MAX_CELL_CHARS - TRUNCATION_MARK.length) + TRUNCATION_MARK;
  return text;
}

/** True when `url` is an absolute http(s) address: only those become clickable hyperlinks. */
export function isWebUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
