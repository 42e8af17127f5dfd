/**
 * The small DOM interface every page rule and the snapshot extraction use. Two implementations:
 * cheerio in the crawler (cheerio-view.ts), the live `document` in the extension (later).
 * Keep it small: each method must be cheap and identical in meaning on both sides.
 */
export interface DomNode {
  /** Lower-case tag name ('#text' never appears: only elements are nodes here). */
  readonly tagName: string;
  attr(name: string): string | null;
  hasAttr(name: string): boolean;
  /** textContent (descendant text, including line breaks as in the source). */
  text(): string;
  /** Inner HTML (used to read CDATA lists such as Hanweb's datastore). */
  innerHtml(): string;
  /**
   * The visible text below, with line breaks at block boundaries: htmlToText (extract/html-text.ts)
   * of innerHtml(), which the crawler's view reads from its tree without serialising it.
   */
  visibleText(): string;
  /** Element children in document order. */
  children(): DomNode[];
  parent(): DomNode | null;
  querySelectorAll(selector: string): DomNode[];
  /** A CSS selector that identifies this element in its document (tag:nth-of-type path, id when unique). */
  selector(): string;
  /** Outer HTML truncated to a few hundred characters, for evidence. */
  snippet(): string;
}

export interface DomView {
  /** The <html> element (or the root element for fragments). */
  readonly root: DomNode;
  querySelectorAll(selector: string): DomNode[];
  querySelector(selector: string): DomNode | null;
  /** The document's base URL for resolving relative hrefs (honours <base href>). */
  readonly baseUrl: string;
}
