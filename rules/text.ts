/**
 * Text normalisation shared by extraction and rules. Pure string functions.
 */

/**
 * Whitespace as Chinese sites write it: ASCII space/tabs/newlines, NBSP, the full-width space U+3000,
 * the other Unicode spaces, and zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) that CMS
 * editors paste in invisibly.
 */
const SPACE_CLASS = '\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const SPACE_RUN = new RegExp(`[${SPACE_CLASS}]+`, 'g');
const ALL_SPACE = new RegExp(`[${SPACE_CLASS}]`, 'g');

/** Runs of any whitespace become one ASCII space; zero-width characters vanish; ends are trimmed. */
export function collapseWhitespace(s: string): string {
  return s.replace(ZERO_WIDTH, '').replace(SPACE_RUN, ' ').trim();
}

/**
 * A name reduced for comparison: markup remnants (`<br>`, `<span …>`, `&nbsp;`) and ALL whitespace
 * removed, so `政府信息<br>公开指南`, `政府信息 公开指南` and `政府信息　公开指南` compare equal.
 */
export function normalizeName(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:nbsp|ensp|emsp|thinsp|#160|#xa0|#12288|#x3000);?/gi, '')
    .replace(ZERO_WIDTH, '')
    .replace(ALL_SPACE, '');
}
