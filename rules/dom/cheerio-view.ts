/**
 * DomView over cheerio 1.2, used by the crawler. The extension implements the same interface over
 * the live `document`; keep the meaning of every method identical to the DOM's.
 *
 * Wrappers are cached per element so the same element always yields the same DomNode object:
 * extraction memoises per-node work (text length, link counts) by identity.
 */
import './parse5-text-runs.js';
import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import type { DomNode, DomView } from './view.js';
import { cssPath, resolveBaseHref, truncateSnippet } from './css-path.js';
import { visibleText } from './visible-text.js';

/** How much outer HTML a snippet keeps (evidence only, not a full serialisation). */

function isElement(node: AnyNode | null | undefined): node is Element {
  // domhandler marks <script> and <style> with their own types; all three are elements.
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/**
 * textContent as cheerio's `.text()` computes it (domutils): the data of every text node below,
 * CDATA included, comments and processing instructions not. Walked here directly: wrapping each
 * element in a Cheerio object first cost more than the walk.
 */
function textContent(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (node.type === 'comment' || !('children' in node)) return '';
  let out = '';
  for (const child of node.children) out += textContent(child);
  return out;
}

/**
 * One alternative of a simple selector list: a tag name, one `[attribute]` test, or both. The test
 * is presence, or with `contains` a case-insensitive substring (`[class*="crumb" i]`).
 */
interface SimpleSelector {
  /** Null: any element. */
  tag: string | null;
  attr: string | null;
  contains: RegExp | null;
}

const SIMPLE_SELECTOR = /^\s*([a-z][a-z0-9]*)?(?:\[([a-z][a-z0-9-]*)(?:\*="([a-z0-9_-]+)"\s+i)?\])?\s*$/;
const simpleSelectors = new Map<string, SimpleSelector[] | null>();

/**
 * `a[href], script, datastore`- and `[class*="crumb" i], [id*="crumb" i]`-style selectors parsed for
 * matching on the document order; null for anything else, which goes to css-select. They match as
 * css-select does in HTML mode: exact (lower-case) tag name, attribute present and not null, a
 * substring test as css-select makes it (a case-insensitive regular expression over the value),
 * every element once, in document order.
 */
function simpleSelectorList(selector: string): SimpleSelector[] | null {
  let parsed = simpleSelectors.get(selector);
  if (parsed !== undefined) return parsed;
  parsed = [];
  for (const part of selector.split(',')) {
    const m = SIMPLE_SELECTOR.exec(part);
    if (!m || (m[1] === undefined && m[2] === undefined)) {
      parsed = null;
      break;
    }
    // The value holds only [a-z0-9_-]: nothing in it needs escaping in a regular expression.
    parsed.push({ tag: m[1]?.toLowerCase() ?? null, attr: m[2] ?? null, contains: m[3] === undefined ? null : new RegExp(m[3], 'i') });
  }
  simpleSelectors.set(selector, parsed);
  return parsed;
}

function matchesSimple(el: Element, list: SimpleSelector[]): boolean {
  for (const s of list) {
    if (s.tag !== null && el.name !== s.tag) continue;
    if (s.attr === null) return true;
    if (!Object.prototype.hasOwnProperty.call(el.attribs, s.attr)) continue;
    const value = el.attribs[s.attr];
    if (value == null) continue;
    if (s.contains === null || s.contains.test(value)) return true;
  }
  return false;
}

/**
 * The document's elements in document order (every element once, also those under other nodes with
 * children, such as CDATA and a <template>'s content, as css-select finds them from the document),
 * each element's position in it, and where each element's descendants end. A search from a
 * <template> element finds its content here, where cheerio's `find` from that element does not.
 */
interface DocumentOrder {
  elements: Element[];
  position: Map<Element, number>;
  /** By position: one past the position of the element's last descendant. */
  end: number[];
}

function documentOrder(root: Document): DocumentOrder {
  const order: DocumentOrder = { elements: [], position: new Map(), end: [] };
  const walk = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isElement(child)) {
        if (child.type === 'text') flatten(child.data);
        else if ('children' in child && child.children.length > 0) walk(child);
        continue;
      }
      const at = order.elements.length;
      order.elements.push(child);
      order.position.set(child, at);
      if (child.children.length > 0) walk(child);
      order.end[at] = order.elements.length;
    }
  };
  walk(root);
  return order;
}

/**
 * parse5 grows a text node's data a character at a time, so in V8 a long text is a chain of
 * thousands of small strings (about 32 bytes a character) until something reads it whole. Reading
 * one character makes V8 replace the chain with one flat string, in place. Done for every text node
 * while the document order is made, when the page has just been parsed: the DOM the rules then read
 * is a fraction of its size, and the garbage collector's work on a page less than half (bench pages:
 * parse and snapshot 2.9 → 2.0 ms). Serialising the body did the same, by the way, before the
 * visible text was read from the tree (visible-text.ts).
 */
function flatten(text: string): void {
  // Kept in a module variable so that the read cannot be optimised away.
  flattenedChars ^= text.charCodeAt(0) | 0;
}
let flattenedChars = 0;

class CheerioDocument {
  private readonly wrappers = new WeakMap<Element, CheerioNode>();
  private order: DocumentOrder | null = null;
  private idCounts: Map<string, number> | null = null;
  /** Inner HTML by element (script texts, Hanweb's datastore blocks). */
  private readonly innerHtmlCache = new Map<Element, string>();
  /** Visible text by element: the snapshot, the wording and the privacy rules all read the body's. */
  private readonly visibleTextCache = new Map<Element, string>();

  constructor(readonly $: CheerioAPI) {}

  wrap(el: Element): CheerioNode {
    let node = this.wrappers.get(el);
    if (!node) {
      node = new CheerioNode(el, this);
      this.wrappers.set(el, node);
    }
    return node;
  }

  wrapAll(nodes: Iterable<AnyNode>): DomNode[] {
    const out: DomNode[] = [];
    for (const n of nodes) if (isElement(n)) out.push(this.wrap(n));
    return out;
  }

  /** Whether `id` appears on exactly one element (computed once per document, lazily). */
  isUniqueId(id: string): boolean {
    if (!this.idCounts) {
      const counts = new Map<string, number>();
      for (const el of this.find(this.$.root()[0]!, '[id]')) {
        const v = el.attribs['id'];
        if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      this.idCounts = counts;
    }
    return this.idCounts.get(id) === 1;
  }

  innerHtml(el: Element): string {
    let html = this.innerHtmlCache.get(el);
    if (html === undefined) {
      html = this.$(el).html() ?? '';
      this.innerHtmlCache.set(el, html);
    }
    return html;
  }

  visibleText(el: Element): string {
    let text = this.visibleTextCache.get(el);
    if (text === undefined) {
      text = visibleText(el);
      this.visibleTextCache.set(el, text);
    }
    return text;
  }

  /** Descendants of `parent` matching `selector`, as cheerio's `find` returns them. */
  find(parent: Document | Element, selector: string): Element[] {
    const simple = simpleSelectorList(selector);
    if (simple === null) return this.$(parent).find(selector).toArray().filter(isElement);
    return this.matching(parent, simple, false);
  }

  findFirst(parent: Document | Element, selector: string): Element | null {
    const simple = simpleSelectorList(selector);
    if (simple === null) return this.$(parent).find(selector).toArray().find(isElement) ?? null;
    return this.matching(parent, simple, true)[0] ?? null;
  }

  /**
   * The elements below `parent` that match, in document order (`first`: stop at one): a run of the
   * document order. The order is made on the first look-up: one walk of the page, instead of one
   * walk per selector (the snapshot and the rules ask about twenty). The DOM is never changed after
   * parsing, so it stays true.
   */
  private matching(parent: Document | Element, simple: SimpleSelector[], first: boolean): Element[] {
    const order = (this.order ??= documentOrder(this.$.root()[0]!));
    // A look-up starts at the document or at one of its elements, and every element is in the order.
    const at = parent.type === 'root' ? -1 : order.position.get(parent)!;
    const to = at < 0 ? order.elements.length : order.end[at]!;
    const out: Element[] = [];
    for (let i = at + 1; i < to; i++) {
      const el = order.elements[i]!;
      if (!matchesSimple(el, simple)) continue;
      out.push(el);
      if (first) break;
    }
    return out;
  }
}

class CheerioNode implements DomNode {
  readonly tagName: string;

  constructor(
    private readonly el: Element,
    private readonly doc: CheerioDocument,
  ) {
    this.tagName = el.name.toLowerCase();
  }

  attr(name: string): string | null {
    const v = this.el.attribs[name.toLowerCase()];
    return v === undefined ? null : v;
  }

  hasAttr(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.el.attribs, name.toLowerCase());
  }

  text(): string {
    return textContent(this.el);
  }

  innerHtml(): string {
    return this.doc.innerHtml(this.el);
  }

  visibleText(): string {
    return this.doc.visibleText(this.el);
  }

  children(): DomNode[] {
    return this.doc.wrapAll(this.el.children);
  }

  parent(): DomNode | null {
    const p = this.el.parent;
    return isElement(p) ? this.doc.wrap(p) : null;
  }

  querySelectorAll(selector: string): DomNode[] {
    return this.doc.wrapAll(this.doc.find(this.el, selector));
  }

  selector(): string {
    const doc = this.doc;
    return cssPath<Element>(this.el, {
      id: (el) => el.attribs['id'] ?? null,
      tag: (el) => el.name.toLowerCase(),
      parent: (el) => (isElement(el.parent) ? el.parent : null),
      children: (parent) => parent.children.filter(isElement),
      isUniqueId: (id) => doc.isUniqueId(id),
    });
  }

  snippet(): string {
    return truncateSnippet(this.doc.$.html(this.el));
  }
}

/** The cheerio document under each view made here (cheerioOf). */
const documents = new WeakMap<DomView, CheerioAPI>();

/**
 * The cheerio document a view reads, for code that needs cheerio itself on the page already parsed
 * (the crawler's rendering decision); null for a view made elsewhere. Read only: the view's
 * look-ups rely on a document order made once, which a changed DOM would make wrong.
 */
export function cheerioOf(view: DomView): CheerioAPI | null {
  return documents.get(view) ?? null;
}

export function cheerioDomView(html: string, baseUrl: string): DomView {
  const $ = load(html);
  const doc = new CheerioDocument($);
  // parse5 always creates <html> (even for '' or a fragment); the root-child fallback is defensive.
  const document = $.root()[0]!;
  // The same look-ups as $('html') and $('base[href]'), on the document order the rules use too.
  const htmlEl = doc.findFirst(document, 'html') ?? $.root().children().toArray().find(isElement);
  const root: DomNode = htmlEl ? doc.wrap(htmlEl) : cheerioDomView('<html></html>', baseUrl).root;
  const base = resolveBaseHref(doc.findFirst(document, 'base[href]')?.attribs['href'], baseUrl);
  const view: DomView = {
    root,
    baseUrl: base,
    querySelectorAll(selector: string): DomNode[] {
      return doc.wrapAll(doc.find(document, selector));
    },
    querySelector(selector: string): DomNode | null {
      const first = doc.findFirst(document, selector);
      return first ? doc.wrap(first) : null;
    },
  };
  documents.set(view, $);
  return view;
}
