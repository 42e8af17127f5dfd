/**
 * Visible text from an HTML string, without a DOM: the main text must skip <script>/<style>/<noscript>
 * (textContent does not), and Hanweb datastore records are HTML inside CDATA. The extension's live
 * view reads a page's text through it; the crawler's view reads the same text from its parsed tree
 * (dom/visible-text.ts), by the element lists below. Linear regex passes only (pages can be large).
 */

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  middot: '\u00b7',
  bull: '\u2022',
  laquo: '\u00ab',
  raquo: '\u00bb',
  copy: '\u00a9',
  reg: '\u00ae',
  times: '\u00d7',
  yen: '\u00a5',
  rarr: '\u2192',
};

/** Decode character references (named subset, decimal, hex). Unknown names stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,10});?/gi, (whole, ref: string) => {
    if (ref.charAt(0) === '#') {
      const code = ref.charAt(1).toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Elements whose content is never visible text. */
export const INVISIBLE_ELEMENTS = ['script', 'style', 'noscript', 'template', 'textarea', 'select'];
/** Tags that start a new line in rendered text (so labels and breadcrumbs keep their line ends). */
const BLOCK_ELEMENTS = [
  'br', 'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'tbody', 'thead', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'section', 'article', 'header', 'footer', 'nav', 'aside', 'form', 'hr', 'blockquote', 'pre', 'center', 'option',
];
/** A table cell ends with a tab-like gap rather than a line break (row cells read as one line). */
export const CELL_ELEMENTS = ['td', 'th'];
/** Elements that never have content, written without an end tag (the HTML standard's list, parse5's too). */
export const VOID_ELEMENTS = [
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param',
  'source', 'track', 'wbr',
];

const INVISIBLE_BLOCK = new RegExp(`<(${INVISIBLE_ELEMENTS.join('|')})\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>`, 'gi');
const BLOCK_TAG = new RegExp(`<\\/?(?:${BLOCK_ELEMENTS.join('|')})\\b[^>]*>`, 'gi');
const CELL_END = new RegExp(`<\\/(?:${CELL_ELEMENTS.join('|')})\\s*>`, 'gi');
const BLOCK_NAME = new RegExp(`^(?:${BLOCK_ELEMENTS.join('|')})(?![A-Za-z0-9_])`, 'i');

/**
 * Whether a tag of this name breaks the line, as BLOCK_TAG reads a tag: the name, or the name
 * followed by a character that is not a word character (`<p-item>` reads as `<p>`).
 */
export function isBlockElement(name: string): boolean {
  return BLOCK_NAME.test(name);
}

/**
 * Text of an HTML fragment with line breaks at block boundaries (not collapsed). Comments and
 * invisible elements are dropped, tags removed, entities decoded.
 */
export function htmlToText(html: string): string {
  // In the extension, whose live view reads its visible text here, the snapshot, the wording rules
  // and the privacy rules read the same body: the last result is kept for an equal inner HTML.
  if (html === lastHtml) return lastText;
  lastText = toText(html);
  lastHtml = html;
  return lastText;
}

let lastHtml: string | null = null;
let lastText = '';

/** htmlToText without its cache (a DOM walk reads raw text, such as an <iframe>'s, through it). */
export function toText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ')
      .replace(INVISIBLE_BLOCK, ' ')
      .replace(BLOCK_TAG, '\n')
      .replace(CELL_END, ' \t ')
      .replace(/<[^>]*>/g, ''),
  );
}
