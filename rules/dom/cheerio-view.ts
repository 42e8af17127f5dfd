/**
 * DomView over cheerio 1.2, used by the crawler. The extension implements the same interface over
 * the live `document`; keep the meaning of every method identical to the DOM's.
 *
 * Wrappers are cached per element so the same element always yields the same DomNode object:
 * extraction memoises per-node work (text length, link counts) by identity.
 */
import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { DomNode, DomView } from './view.js';

/** How much outer HTML a snippet keeps (evidence only, not a full serialisation). */
const SNIPPET_MAX = 300;

function isElement(node: AnyNode | null | undefined): node is Element {
  // domhandler marks <script> and <style> with their own types; all three are elements.
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** Escape an id for use after `#` (ids may start with a digit on real sites, e.g. Hanweb `#4567`). */
function cssIdent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (/\d/.test(ch) && (i === 0 || (i === 1 && value.charAt(0) === '-'))) {
      out += `\\${ch.charCodeAt(0).toString(16)} `;
    } else if (/[A-Za-z0-9_\u0080-\uffff-]/.test(ch)) {
      out += ch;
    } else {
      out += `\\${ch}`;
    }
  }
  return out;
}

class CheerioDocument {
  private readonly wrappers = new WeakMap<Element, CheerioNode>();
  private idCounts: Map<string, number> | null = null;

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
      for (const el of this.$('[id]').toArray()) {
        const v = el.attribs['id'];
        if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      this.idCounts = counts;
    }
    return this.idCounts.get(id) === 1;
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
    return this.doc.$(this.el).text();
  }

  innerHtml(): string {
    return this.doc.$(this.el).html() ?? '';
  }

  children(): DomNode[] {
    return this.doc.wrapAll(this.el.children);
  }

  parent(): DomNode | null {
    const p = this.el.parent;
    return isElement(p) ? this.doc.wrap(p) : null;
  }

  querySelectorAll(selector: string): DomNode[] {
    return this.doc.wrapAll(this.doc.$(this.el).find(selector).toArray());
  }

  selector(): string {
    const steps: string[] = [];
    let el: Element | null = this.el;
    while (el) {
      const id = el.attribs['id'];
      if (id && this.doc.isUniqueId(id)) {
        steps.unshift(`#${cssIdent(id)}`);
        return steps.join(' > ');
      }
      const parent: AnyNode | null = el.parent;
      const tag = el.name.toLowerCase();
      if (!isElement(parent)) {
        steps.unshift(tag);
        break;
      }
      let n = 0;
      for (const sib of parent.children) {
        if (isElement(sib) && sib.name.toLowerCase() === tag) n++;
        if (sib === el) break;
      }
      steps.unshift(`${tag}:nth-of-type(${n})`);
      el = parent;
    }
    return steps.join(' > ');
  }

  snippet(): string {
    const html = this.doc.$.html(this.el);
    return html.length > SNIPPET_MAX ? `${html.slice(0, SNIPPET_MAX)}…` : html;
  }
}

/** Resolve `<base href>` against the document URL; fall back to the document URL when unusable. */
function resolveBase($: CheerioAPI, documentUrl: string): string {
  const href = $('base[href]').first().attr('href');
  if (!href) return documentUrl;
  try {
    return new URL(href.trim(), documentUrl).href;
  } catch {
    return documentUrl;
  }
}

export function cheerioDomView(html: string, baseUrl: string): DomView {
  const $ = load(html);
  const doc = new CheerioDocument($);
  // parse5 always creates <html> (even for '' or a fragment); the root-child fallback is defensive.
  const htmlEl = $('html').toArray().find(isElement) ?? $.root().children().toArray().find(isElement);
  const root: DomNode = htmlEl ? doc.wrap(htmlEl) : cheerioDomView('<html></html>', baseUrl).root;
  const base = resolveBase($, baseUrl);
  return {
    root,
    baseUrl: base,
    querySelectorAll(selector: string): DomNode[] {
      return doc.wrapAll($(selector).toArray());
    },
    querySelector(selector: string): DomNode | null {
      const first = $(selector).toArray().find(isElement);
      return first ? doc.wrap(first) : null;
    },
  };
}
