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
import { cssPath, resolveBaseHref, truncateSnippet } from './css-path.js';

/** How much outer HTML a snippet keeps (evidence only, not a full serialisation). */

function isElement(node: AnyNode | null | undefined): node is Element {
  // domhandler marks <script> and <style> with their own types; all three are elements.
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
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

function resolveBase($: CheerioAPI, documentUrl: string): string {
  return resolveBaseHref($('base[href]').first().attr('href'), documentUrl);
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
