/**
 * The visible text under an element of a parsed document (domhandler, as cheerio builds it), read as
 * htmlToText (extract/html-text.ts) reads the element's inner HTML, without serialising it first:
 * line breaks at block tags, a gap after table cells, comments and invisible elements (scripts,
 * styles, forms' lists) as a space. The snapshot, the wording rules and the privacy rules (every
 * table cell) read it on every page; serialising and reading back was most of their text's cost.
 *
 * The same text as htmlToText(innerHtml()), except where the HTML string misleads the regular
 * expressions: an attribute value holding `>` or `<!--`, a script holding an unclosed `<!--`, or a
 * <template> inside a <template>. There the serialised string let attribute text or hidden text
 * through; the walk never reads attributes and skips every invisible element whole.
 */
import type { AnyNode, Element } from 'domhandler';
import { CELL_ELEMENTS, INVISIBLE_ELEMENTS, isBlockElement, toText, VOID_ELEMENTS } from '../extract/html-text.js';

const INVISIBLE = new Set(INVISIBLE_ELEMENTS);
const CELLS = new Set(CELL_ELEMENTS);
/**
 * Elements whose text parse5 serialises as written, not escaped (besides the invisible script,
 * style and noscript): tags written in it are read as tags, as htmlToText reads them.
 */
const RAW_TEXT = new Set(['xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** Elements serialised without an end tag: no line break or cell gap after them. */
const VOID = new Set(VOID_ELEMENTS);

export function visibleText(el: Element): string {
  // Pieces gathered in one array and joined once, not a string grown with += in every element.
  const parts: string[] = [];
  childrenText(el, RAW_TEXT.has(el.name.toLowerCase()), parts);
  return parts.join('');
}

function childrenText(parent: { children: AnyNode[] }, raw: boolean, parts: string[]): void {
  for (const node of parent.children) {
    switch (node.type) {
      case 'text':
        parts.push(raw ? toText(node.data) : node.data);
        break;
      case 'comment':
        parts.push(' ');
        break;
      case 'tag':
      case 'script':
      case 'style':
        elementText(node, parts);
        break;
      default:
        // A doctype or processing instruction is a tag to htmlToText: removed.
        break;
    }
  }
}

function elementText(el: Element, parts: string[]): void {
  const name = el.name.toLowerCase();
  if (INVISIBLE.has(name)) {
    parts.push(' ');
    return;
  }
  const block = isBlockElement(name);
  if (block) parts.push('\n');
  childrenText(el, RAW_TEXT.has(name), parts);
  if (VOID.has(name)) return;
  if (block) parts.push('\n');
  else if (CELLS.has(name)) parts.push(' \t ');
}
