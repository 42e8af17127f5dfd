/**
 * DomView over a live browser `Document` (the extension's content script, or a DOMParser document).
 * Pure: DOM APIs only, no Node APIs, so it bundles into the content script. Every method means the
 * same as in cheerio-view.ts, so the page rules give the same findings on both sides.
 *
 * Wrappers are cached per element (same element → same DomNode object): extraction memoises per-node
 * work by identity, as with cheerio.
 */
import type { DomNode, DomView } from './view.js';
import { cssPath, resolveBaseHref, truncateSnippet } from './css-path.js';
import { htmlToText } from '../extract/html-text.js';

/** How much outer HTML a snippet keeps (same cap as cheerio-view). */

/**
 * The id of the extension's overlay host (docs/contracts.md). A page can use the same id, so the view never
 * skips elements by id: the caller passes the host element itself (`exclude`).
 */
export const OVERLAY_HOST_ID = 'gongkai-overlay-host';

class LiveDocument {
  private readonly wrappers = new WeakMap<Element, LiveNode>();
  private idCounts: Map<string, number> | null = null;

  constructor(
    readonly doc: Document,
    private readonly exclude: Element | null,
  ) {}

  wrap(el: Element): LiveNode {
    let node = this.wrappers.get(el);
    if (!node) {
      node = new LiveNode(el, this);
      this.wrappers.set(el, node);
    }
    return node;
  }

  wrapAll(elements: Iterable<Element>): DomNode[] {
    const out: DomNode[] = [];
    for (const el of elements) if (!this.insideOverlay(el)) out.push(this.wrap(el));
    return out;
  }

  /** Whether `el` is the excluded element (our overlay host) or inside it: by identity, never by id. */
  insideOverlay(el: Element): boolean {
    return this.exclude !== null && this.exclude.contains(el);
  }

  /** Whether `id` appears on exactly one element (computed once per view, lazily). */
  isUniqueId(id: string): boolean {
    if (!this.idCounts) {
      const counts = new Map<string, number>();
      for (const el of Array.from(this.doc.querySelectorAll('[id]'))) {
        if (this.insideOverlay(el)) continue;
        const v = el.getAttribute('id');
        if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      this.idCounts = counts;
    }
    return this.idCounts.get(id) === 1;
  }
}

class LiveNode implements DomNode {
  readonly tagName: string;

  constructor(
    readonly element: Element,
    private readonly owner: LiveDocument,
  ) {
    // localName keeps the source case for foreign (SVG) elements, as parse5 does.
    this.tagName = element.localName.toLowerCase();
  }

  attr(name: string): string | null {
    return this.element.getAttribute(name.toLowerCase());
  }

  hasAttr(name: string): boolean {
    return this.element.hasAttribute(name.toLowerCase());
  }

  text(): string {
    return this.element.textContent ?? '';
  }

  innerHtml(): string {
    // <template> keeps its children in .content; innerHTML serialises them, as cheerio does.
    return this.element.innerHTML;
  }

  visibleText(): string {
    return htmlToText(this.innerHtml());
  }

  children(): DomNode[] {
    return this.owner.wrapAll(Array.from(this.element.children));
  }

  parent(): DomNode | null {
    const p = this.element.parentElement;
    return p ? this.owner.wrap(p) : null;
  }

  querySelectorAll(selector: string): DomNode[] {
    return this.owner.wrapAll(Array.from(this.element.querySelectorAll(selector)));
  }

  selector(): string {
    const owner = this.owner;
    return cssPath<Element>(this.element, {
      id: (el) => el.getAttribute('id'),
      tag: (el) => el.localName.toLowerCase(),
      parent: (el) => el.parentElement,
      children: (parent) => Array.from(parent.children),
      isUniqueId: (id) => owner.isUniqueId(id),
    });
  }

  snippet(): string {
    return truncateSnippet(this.element.outerHTML);
  }
}

function resolveBase(doc: Document, documentUrl: string): string {
  return resolveBaseHref(doc.querySelector('base[href]')?.getAttribute('href'), documentUrl);
}

/** A live view also hands back the real element behind a node (the overlay positions boxes on it). */
export interface LiveDomView extends DomView {
  elementOf(node: DomNode): Element | null;
}

export interface LiveDomViewOptions {
  /** An element whose subtree the rules never see: the extension's overlay host. */
  exclude?: Element;
}

/**
 * `documentUrl` defaults to the document's own URL; pass it for DOMParser documents (about:blank).
 */
export function liveDomView(doc: Document, documentUrl: string = doc.URL, options: LiveDomViewOptions = {}): LiveDomView {
  const owner = new LiveDocument(doc, options.exclude ?? null);
  const rootEl = doc.documentElement;
  const root: DomNode = owner.wrap(rootEl);
  return {
    root,
    baseUrl: resolveBase(doc, documentUrl),
    querySelectorAll(selector: string): DomNode[] {
      return owner.wrapAll(Array.from(doc.querySelectorAll(selector)));
    },
    querySelector(selector: string): DomNode | null {
      for (const el of Array.from(doc.querySelectorAll(selector))) {
        if (!owner.insideOverlay(el)) return owner.wrap(el);
      }
      return null;
    },
    elementOf(node: DomNode): Element | null {
      return node instanceof LiveNode ? node.element : null;
    },
  };
}
