import iconv from 'iconv-lite';
import { VOID_ELEMENTS } from '../rules/extract/html-text.js';

/**
 * Turns page bytes into text. Order: byte-order mark, HTTP header charset, `<meta>` charset anywhere
 * in `<head>` (older CMS templates put it after long comment blocks, beyond the 1024 bytes browsers
 * pre-scan), then sniffing: valid UTF-8, else GB18030 (the superset of GB2312 and GBK).
 *
 * Two pragmatic deviations, both to avoid reading Chinese pages as mojibake (which would make rules
 * report missing texts that are really there):
 * - a header naming ISO-8859-1/ASCII (Tomcat's and IIS's default) is weak: a meta charset or sniffing wins;
 * - a declared UTF-8 that the bytes contradict (invalid UTF-8) falls back to sniffing.
 */

export type CharsetSource = 'header' | 'meta' | 'sniff';

export interface DecodedHtml {
  /** The page text, with element nesting capped at MAX_NESTING_DEPTH (see capNesting). */
  html: string;
  /** The encoding actually used, e.g. `utf-8`, `gb18030`, `big5`. */
  charset: string;
  source: CharsetSource;
  /** Tags removed because they nested deeper than MAX_NESTING_DEPTH (0 for any sane page). */
  flattenedTags?: number;
  /**
   * True when the body's bytes are exactly `html` in UTF-8 (valid UTF-8 without a byte-order mark,
   * nothing flattened): whoever needs the HTML's UTF-8 can use the body instead of encoding it again.
   */
  bodyIsUtf8Html?: boolean;
}

/** Labels that servers send by default without knowing the page's encoding. */
const WEAK_HEADER_CHARSETS = new Set(['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'windows-1252']);

/** How far to look for a `<meta>` charset when no `</head>` ends the search earlier. */
const META_SCAN_LIMIT = 256 * 1024;

export function decodeHtml(body: Buffer, contentTypeHeader: string | null): DecodedHtml {
  const decoded = decodeText(body, contentTypeHeader);
  const capped = capNesting(decoded.html);
  if (capped.removed === 0) return decoded;
  return { ...decoded, html: capped.html, flattenedTags: capped.removed, bodyIsUtf8Html: false };
}

function decodeText(body: Buffer, contentTypeHeader: string | null): DecodedHtml {
  const bom = bomCharset(body);
  if (bom !== null) {
    return { html: iconv.decode(body.subarray(bom.length), bom.charset, { stripBOM: true }), charset: bom.charset, source: 'sniff' };
  }

  // Valid UTF-8 is decoded once: the check that the bytes agree with a declared UTF-8 gives the text.
  let strict: string | null | undefined;
  const utf8 = (): string | null => (strict === undefined ? (strict = strictUtf8(body)) : strict);
  // A declared UTF-8 on bytes that are not UTF-8 is a template lie; other declarations cannot be checked.
  const agrees = (charset: string): boolean => charset !== 'utf-8' || utf8() !== null || isValidUtf8(body);
  // Strictly decoded UTF-8 without a byte-order mark re-encodes to the very same bytes.
  const decoded = (charset: string, source: CharsetSource): DecodedHtml => {
    const strictText = charset === 'utf-8' ? utf8() : null;
    if (strictText !== null) return { html: strictText, charset, source, bodyIsUtf8Html: true };
    return { html: iconv.decode(body, charset), charset, source };
  };

  const fromHeader = contentTypeHeader === null ? null : canonicalCharset(charsetParam(contentTypeHeader));
  if (fromHeader !== null && !WEAK_HEADER_CHARSETS.has(fromHeader) && agrees(fromHeader)) return decoded(fromHeader, 'header');

  const fromMeta = metaCharset(body);
  if (fromMeta !== null && agrees(fromMeta)) return decoded(fromMeta, 'meta');

  // A weak header (ISO-8859-1) is not trusted even here: on these sites GB18030 is the likelier truth,
  // and for pure ASCII bytes every choice gives the same text.
  return decoded(agrees('utf-8') ? 'utf-8' : 'gb18030', 'sniff');
}

function bomCharset(body: Buffer): { charset: string; length: number } | null {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

function charsetParam(contentType: string): string | null {
  const m = /charset\s*=\s*["']?\s*([^\s"';,]+)/i.exec(contentType);
  return m?.[1] ?? null;
}

/**
 * Maps a label to the codec we decode with. GB2312 and GBK pages routinely contain characters only
 * GBK/GB18030 define, so all of them decode as GB18030. Unknown labels give null (ignored).
 */
function canonicalCharset(label: string | null): string | null {
  if (label === null) return null;
  const l = label.trim().toLowerCase();
  if (l === '') return null;
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'gb_2312-80', 'euc-cn', 'csgb2312', 'chinese', 'iso-ir-58', 'x-euc-cn'].includes(l)) {
    return 'gb18030';
  }
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'big5' || l === 'big5-hkscs' || l === 'x-x-big5' || l === 'cn-big5') return 'big5';
  if (l === 'iso-8859-1' || l === 'latin1' || l === 'l1') return 'iso-8859-1';
  if (l === 'us-ascii' || l === 'ascii') return 'us-ascii';
  return iconv.encodingExists(l) ? l : null;
}

/** Finds the first `<meta charset>` or `<meta http-equiv content="…charset=…">` in the head. */
function metaCharset(body: Buffer): string | null {
  // latin1 maps bytes 1:1, so ASCII markup is found whatever the real encoding is.
  let head = body.subarray(0, META_SCAN_LIMIT).toString('latin1');
  head = head.replace(/<!--[\s\S]*?-->/g, '');
  const end = head.search(/<\/head\s*>|<body[\s>]/i);
  if (end !== -1) head = head.slice(0, end);
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    const m = /charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(tag[0]);
    const charset = canonicalCharset(m?.[1] ?? null);
    if (charset !== null) return charset;
  }
  return null;
}

/**
 * The text of bytes that are wholly valid UTF-8 (no byte-order mark: bomCharset took those), else
 * null. Equal to iconv's decoding of such bytes, which has only one.
 */
function strictUtf8(body: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

/** Valid UTF-8, or valid up to a character cut at the end (a body cut at maxBytes). */
function isValidUtf8(body: Buffer): boolean {
  try {
    // stream: a body cut at maxBytes may end inside a character; that is not invalid UTF-8.
    // A fresh decoder each time, because a streaming decoder keeps state between calls.
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
    return true;
  } catch {
    return false;
  }
}

// --- Nesting cap ---------------------------------------------------------------------------------

/**
 * Chromium's HTML parser stops nesting at 512 elements deep (kMaximumHTMLParserDOMTreeDepth) and
 * puts anything deeper beside, not inside. We do the same before parsing, for two reasons: the
 * parser we use slows down quadratically with depth (100 000 nested <div>s take about a minute and
 * stall every other fetch of the crawl), and the recursive walks over the tree would overflow the
 * stack. A page a browser shows is not changed: only tags beyond the depth a browser builds go.
 */
export const MAX_NESTING_DEPTH = 512;

/** Elements that never have content: they do not open a level. */
const VOID = new Set(VOID_ELEMENTS);
/**
 * Elements whose end tag may be left out (<li>, <p>, <td>…): a page with thousands of unclosed <li>s
 * is ordinary and shallow, so they are not counted, and never removed.
 */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rt', 'rp', 'rb', 'rtc', 'html', 'head', 'body']);
/** Elements whose content is text up to their end tag: markup inside them is not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** How far down the open elements an end tag is looked for; a stray end tag must not cost O(depth). */
const END_TAG_SEARCH = 64;

/**
 * Removes the start and end tags of elements that would open deeper than `maxDepth` (their content
 * stays, one level up). A linear scan of the tags, not a parse: it only has to be right about depth,
 * and it only changes anything on pages nested beyond what any browser shows.
 */
export function capNesting(html: string, maxDepth = MAX_NESTING_DEPTH): { html: string; removed: number } {
  // Fast exit: a page with fewer start tags than the limit cannot be too deep.
  let opens = 0;
  for (let i = html.indexOf('<'); i !== -1 && opens <= maxDepth; i = html.indexOf('<', i + 1)) opens++;
  if (opens <= maxDepth) return { html, removed: 0 };

  const open: { name: string; dropped: boolean }[] = [];
  let depth = 0; // kept elements on the stack
  const out: string[] = [];
  let copiedTo = 0;
  let removed = 0;
  const drop = (from: number, to: number): void => {
    out.push(html.slice(copiedTo, from));
    copiedTo = to;
    removed++;
  };

  const tag = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>|<!--/g;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    if (m[0] === '<!--') {
      const end = html.indexOf('-->', tag.lastIndex);
      tag.lastIndex = end === -1 ? html.length : end + 3;
      continue;
    }
    const name = (m[2] ?? '').toLowerCase();
    const closing = m[1] === '/';
    if (!closing && RAW_TEXT.has(name)) {
      const endTag = new RegExp(`</${name}`, 'gi');
      endTag.lastIndex = tag.lastIndex;
      const end = endTag.exec(html);
      tag.lastIndex = end === null ? html.length : end.index;
      continue;
    }
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (!closing) {
      if (m[0].endsWith('/>')) continue; // self-closed (SVG, or ignored by the parser): no level
      const dropped = depth >= maxDepth;
      if (dropped) drop(m.index, tag.lastIndex);
      else depth++;
      open.push({ name, dropped });
      continue;
    }
    // An end tag closes the nearest open element of its name; the ones above it close with it.
    let at = -1;
    for (let k = open.length - 1; k >= Math.max(0, open.length - END_TAG_SEARCH); k--) {
      if (open[k]!.name === name) {
        at = k;
        break;
      }
    }
    if (at === -1) continue; // stray end tag: the parser ignores it, so do we
    const closed = open.splice(at);
    for (const e of closed) if (!e.dropped) depth--;
    if (closed[0]!.dropped) drop(m.index, tag.lastIndex);
  }
  if (removed === 0) return { html, removed: 0 };
  out.push(html.slice(copiedTo));
  return { html: out.join(''), removed };
}
