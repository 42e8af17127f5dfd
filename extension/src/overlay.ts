/**
 * The overlay drawn over a scanned page (docs/contracts.md, “浏览器扩展”): ONE host element,
 * `#gongkai-overlay-host`, appended to <html>, with an open shadow root; one box per finding that has
 * a target (`data-gongkai-rule`), positioned from the target's getBoundingClientRect() and redrawn on
 * scroll/resize (once per animation frame). The page's own DOM and styles are not touched: the host
 * is position:fixed and zero-sized, and all styles live inside the shadow root.
 *
 * Every text shown comes from the page (messages quote page strings): only ever set textContent.
 */
import { OVERLAY_HOST_ID } from '../../rules/dom/live-view.js';
import { ruleMeta } from '../../rules/catalogue.js';
import { ruleStakeText } from '../../rules/scoring.js';
import { revealInvisible } from '../../rules/escape.js';
import type { Finding } from '../../rules/types.js';

const STYLE = `
:host { all: initial; }
.box { position: fixed; box-sizing: border-box; border: 2px solid #d93025; background: rgba(217,48,37,0.08);
  pointer-events: none; border-radius: 2px; }
.box.incomplete { border-color: #e37400; border-style: dashed; background: rgba(227,116,0,0.06); }
.box.offscreen { display: none; }
.box.flash { animation: flash 0.4s ease-in-out 3; }
@keyframes flash { 50% { background: rgba(217,48,37,0.45); } }
.badge { position: absolute; top: -10px; left: -10px; min-width: 20px; height: 20px; padding: 0 4px;
  box-sizing: border-box; border: none; border-radius: 10px; background: #d93025; color: #fff; font: bold 12px/20px sans-serif;
  cursor: help; pointer-events: auto; }
.box.incomplete .badge { background: #e37400; }
.tip { display: none; position: absolute; top: 14px; left: -10px; width: max-content; max-width: 320px; padding: 8px 10px;
  background: #202124; color: #fff; font: 13px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; border-radius: 4px;
  white-space: normal; pointer-events: none; z-index: 1; }
.tip b { display: block; margin-bottom: 2px; }
.tip small { display: block; margin-top: 4px; color: #d6d6d6; }
.badge:hover + .tip, .badge:focus + .tip { display: block; }
.banner { position: fixed; right: 12px; bottom: 12px; max-width: 420px; padding: 8px 12px; background: #fff; color: #202124;
  border: 1px solid #dadce0; border-left: 4px solid #1a73e8; border-radius: 4px; font: 13px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,0.2); pointer-events: auto; }
.banner p { margin: 0; }
.banner .close { float: right; margin: -4px -6px 0 8px; padding: 0 6px; border: 0; background: transparent; color: #5f6368;
  font: 18px/1.2 system-ui, sans-serif; cursor: pointer; pointer-events: auto; }
.banner .close:hover, .banner .close:focus-visible { color: #202124; outline: 2px solid #1a73e8; }
/* Page strings: long unbroken ones wrap, right-to-left letters cannot reorder our words around them. */
.tip, .banner { overflow-wrap: anywhere; }
.tip .message, .banner p { unicode-bidi: isolate; }
`;

/** Marks a host we created (a page can copy our id, so the id alone proves nothing). */
const HOST_MARK = 'data-gongkai-overlay';

/**
 * A host left by an earlier run of the extension (e.g. before an update, in another isolated world):
 * a marked <div> with a shadow root directly under <html>. Never the page's <html> or <body>, nor a
 * page element that only carries our id.
 */
function isOldHost(doc: Document, el: Element): boolean {
  return (
    el !== doc.documentElement &&
    el !== doc.body &&
    el.parentElement === doc.documentElement &&
    el.localName === 'div' &&
    el.id === OVERLAY_HOST_ID &&
    el.hasAttribute(HOST_MARK) &&
    el.shadowRoot !== null
  );
}

interface Box {
  box: HTMLElement;
  target: Element;
  /** For a finding about words in the text (wording.*): the words themselves, boxed instead of the element. */
  range: Range | null;
}

/**
 * The first occurrence of `words` in the element's text as a Range, across text nodes (a wrong form
 * may straddle a <b> or a line break in the source). Null when the text no longer holds it.
 */
export function textRange(doc: Document, element: Element, words: string): Range | null {
  if (words === '') return null;
  const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    text += (n as Text).data;
  }
  const at = text.indexOf(words);
  if (at < 0) return null;
  const range = doc.createRange();
  let offset = 0;
  let started = false;
  for (const node of nodes) {
    const end = offset + node.data.length;
    if (!started && at < end) {
      range.setStart(node, at - offset);
      started = true;
    }
    if (started && at + words.length <= end) {
      range.setEnd(node, at + words.length - offset);
      return range;
    }
    offset = end;
  }
  return null;
}

/** The element a finding points at, or null (bad selector, element gone). */
export function findTarget(doc: Document, finding: Finding): Element | null {
  if (!finding.target) return null;
  try {
    return doc.querySelector(finding.target.selector);
  } catch {
    return null;
  }
}

export class Overlay {
  /** Our host element: the scan excludes exactly this subtree (by identity). */
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly layer: HTMLElement;
  private readonly banner: HTMLElement;
  /** The webmaster closed the banner: a later answer of the server does not bring it back. */
  private bannerClosed = false;
  private boxes: Box[] = [];
  /** Box of each finding index (for 定位), when it has one. */
  private byIndex = new Map<number, Box>();
  private frame: number | null = null;
  private readonly onMove = (): void => this.schedule();

  constructor(private readonly doc: Document) {
    for (const el of Array.from(doc.documentElement.children)) if (isOldHost(doc, el)) el.remove();
    this.host = doc.createElement('div');
    this.host.id = OVERLAY_HOST_ID;
    this.host.setAttribute(HOST_MARK, '');
    // Inline, !important: page CSS such as `div { position: relative }` must not move the host.
    this.host.setAttribute(
      'style',
      'all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; overflow: visible !important; z-index: 2147483647 !important; pointer-events: none !important; display: block !important;',
    );
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    this.layer = doc.createElement('div');
    this.banner = doc.createElement('div');
    this.banner.className = 'banner';
    this.banner.hidden = true;
    this.root.append(style, this.layer, this.banner);
    doc.documentElement.appendChild(this.host);
    doc.defaultView?.addEventListener('scroll', this.onMove, { passive: true, capture: true });
    doc.defaultView?.addEventListener('resize', this.onMove, { passive: true });
  }

  /** Replace the boxes with those of `findings` (only findings with a target found in the page). */
  draw(findings: Finding[]): void {
    this.layer.replaceChildren();
    this.boxes = [];
    this.byIndex.clear();
    findings.forEach((finding, index) => {
      const target = findTarget(this.doc, finding);
      if (!target) return;
      const box = this.doc.createElement('div');
      box.className = finding.outcome === 'violation' ? 'box' : 'box incomplete';
      box.setAttribute('data-gongkai-rule', finding.ruleId);
      const badge = this.doc.createElement('button');
      badge.type = 'button';
      badge.className = 'badge';
      badge.textContent = String(this.boxes.length + 1);
      const meta = ruleMeta(finding.ruleId);
      badge.setAttribute('aria-label', `${meta?.title ?? finding.ruleId}：${revealInvisible(finding.message)}`);
      const tip = this.doc.createElement('div');
      tip.className = 'tip';
      tip.setAttribute('role', 'tooltip');
      const title = this.doc.createElement('b');
      title.textContent = `${finding.outcome === 'violation' ? '问题' : '需人工核查'}：${meta?.title ?? finding.ruleId}`;
      const message = this.doc.createElement('span');
      message.className = 'message';
      message.textContent = revealInvisible(finding.message);
      tip.append(title, message);
      const stake = ruleStakeText(finding.ruleId);
      if (stake) {
        const points = this.doc.createElement('small');
        points.textContent = `评分指标：${stake}`;
        tip.append(points);
      }
      box.append(badge, tip);
      this.layer.appendChild(box);
      const words = finding.ruleId.startsWith('wording.') && typeof finding.data['wrong'] === 'string' ? finding.data['wrong'] : null;
      const range = words === null ? null : textRange(this.doc, target, words);
      if (range) box.classList.add('words');
      const entry = { box, target, range };
      this.boxes.push(entry);
      this.byIndex.set(index, entry);
    });
    this.position();
  }

  /** One line about the site (server findings, or that no server is connected). Closed stays closed for this page. */
  setBanner(lines: string[]): void {
    const paragraphs = lines.map((line) => {
      const p = this.doc.createElement('p');
      p.textContent = revealInvisible(line);
      return p;
    });
    const close = this.doc.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = '×';
    close.setAttribute('aria-label', '关闭提示');
    close.title = '关闭提示';
    close.addEventListener('click', () => {
      this.bannerClosed = true;
      this.banner.hidden = true;
    });
    this.banner.replaceChildren(close, ...paragraphs);
    this.banner.hidden = lines.length === 0 || this.bannerClosed;
  }

  /** Scroll the n-th finding's element into view and flash its box; false when it has no box. */
  locate(index: number): boolean {
    const entry = this.byIndex.get(index);
    if (!entry) return false;
    entry.target.scrollIntoView({ block: 'center', behavior: 'auto' });
    this.position();
    entry.box.classList.remove('flash');
    // Re-adding the class restarts the animation (reading offsetWidth forces the style flush).
    void entry.box.offsetWidth;
    entry.box.classList.add('flash');
    return true;
  }

  private schedule(): void {
    const win = this.doc.defaultView;
    if (!win || this.frame !== null) return;
    this.frame = win.requestAnimationFrame(() => {
      this.frame = null;
      this.position();
    });
  }

  private position(): void {
    for (const { box, target, range } of this.boxes) {
      const rect = (range ?? target).getBoundingClientRect();
      const visible = target.isConnected && (rect.width > 0 || rect.height > 0);
      box.classList.toggle('offscreen', !visible);
      if (!visible) continue;
      box.style.left = `${rect.left - 2}px`;
      box.style.top = `${rect.top - 2}px`;
      box.style.width = `${rect.width + 4}px`;
      box.style.height = `${rect.height + 4}px`;
    }
  }
}
