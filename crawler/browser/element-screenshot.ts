/**
 * Evidence for a violation: a PNG of one element in its surroundings, with a red frame drawn
 * around it, taken on a page that is already loaded (the a11y phase calls it right after axe).
 *
 * - The frame is an overlay: a `position: fixed` host in a closed shadow root, appended to <html>
 *   and removed afterwards. It takes no space in the layout, the page's CSS cannot reach inside
 *   it, and styles are set through the CSSOM so a strict `style-src` CSP does not block them.
 *   The page's DOM is the same before and after (the scroll position may differ).
 * - The element is scrolled into view and the shot is a viewport clip: capturing beyond the
 *   viewport makes Chromium resize it, which reflows responsive pages and moves the element away
 *   from the frame. The region is the element's box plus a margin, clipped to the viewport and to
 *   a maximum size (for a huge element its top-left part, where the frame starts, is kept).
 * - Selectors come from axe (crawled, untrusted): they are only ever passed to querySelector,
 *   never to Playwright's selector engines. Shadow-DOM steps are joined with ` >>> ` (see
 *   rules/a11y/axe-result.ts); a step into an iframe is not followed.
 * - Evidence is best effort: anything that goes wrong gives null, never an exception.
 */
import type { JSHandle, Page } from 'playwright-core';

export interface ScreenshotElementOptions {
  /** Context kept around the element on each side, in CSS pixels (default 120). */
  marginPx?: number;
  /** Largest image width in CSS pixels (default 1200; never more than the viewport). */
  maxWidth?: number;
  /** Largest image height in CSS pixels (default 800; never more than the viewport). */
  maxHeight?: number;
  /** Time limit for the screenshot itself (default 10 s). */
  timeoutMs?: number;
}

export const SCREENSHOT_MARGIN_PX = 120;
export const SCREENSHOT_MAX_WIDTH = 1200;
export const SCREENSHOT_MAX_HEIGHT = 800;
const DEFAULT_TIMEOUT_MS = 10_000;

/** The frame colour (a strong red, RGB 230 0 18), with a thin white ring so it shows on red pages too. */
export const OUTLINE_RGB: readonly [number, number, number] = [230, 0, 18];
export const OUTLINE_WIDTH_PX = 3;
/** Gap between the element's box and the frame, so the frame does not cover the element. */
const OUTLINE_GAP_PX = 2;

/** Arguments of the in-page functions (serialised by Playwright: no closures over module scope). */
interface PlaceArgs {
  selector: string;
  margin: number;
  color: string;
  width: number;
  gap: number;
}

interface ViewportRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Runs in the page: finds the element, scrolls it into view, draws the frame and returns the
 * frame's host (to remove later) and the element's box in viewport coordinates. Null when the
 * element is missing, hidden or has no size.
 */
function placeOutline(args: PlaceArgs): { host: Element; box: ViewportRegion; viewport: { width: number; height: number } } | null {
  const steps = args.selector.split(' >>> ');
  let root: Document | ShadowRoot = document;
  let el: Element | null = null;
  for (let i = 0; i < steps.length; i++) {
    try {
      el = root.querySelector(steps[i] ?? '');
    } catch {
      return null; // not a valid CSS selector
    }
    if (el === null) return null;
    if (i < steps.length - 1) {
      if (el.shadowRoot === null) return null; // an iframe step or a closed shadow root: not followed
      root = el.shadowRoot;
    }
  }
  if (el === null) return null;
  const visible = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility?.({
    visibilityProperty: true,
  });
  if (visible === false) return null;

  const vw = document.documentElement.clientWidth || window.innerWidth;
  const vh = document.documentElement.clientHeight || window.innerHeight;
  let rect = el.getBoundingClientRect();
  if (!(rect.width > 0 && rect.height > 0)) return null;
  // Centre the element when it fits with its margins; otherwise show its top-left corner.
  const tall = rect.height + 2 * args.margin > vh;
  const wide = rect.width + 2 * args.margin > vw;
  el.scrollIntoView({ block: tall ? 'start' : 'center', inline: wide ? 'start' : 'center', behavior: 'instant' });
  if (tall || wide) window.scrollBy({ left: wide ? -args.margin : 0, top: tall ? -args.margin : 0, behavior: 'instant' });
  rect = el.getBoundingClientRect();
  if (!(rect.width > 0 && rect.height > 0)) return null;

  const pad = args.gap + args.width;
  const host = document.createElement('gongkai-evidence-frame');
  const frame = document.createElement('div');
  const hostStyle: Record<string, string> = {
    all: 'initial',
    display: 'block',
    position: 'fixed',
    left: `${rect.left - pad}px`,
    top: `${rect.top - pad}px`,
    width: `${rect.width + 2 * pad}px`,
    height: `${rect.height + 2 * pad}px`,
    margin: '0',
    padding: '0',
    border: '0',
    'z-index': '2147483647',
    'pointer-events': 'none',
  };
  const frameStyle: Record<string, string> = {
    display: 'block',
    'box-sizing': 'border-box',
    width: '100%',
    height: '100%',
    margin: '0',
    border: `${args.width}px solid ${args.color}`,
    'box-shadow': '0 0 0 1px #fff, inset 0 0 0 1px #fff',
    background: 'transparent',
  };
  // No helper functions in here: tsx/esbuild would wrap them in a `__name` call the page lacks.
  for (const [node, style] of [[host, hostStyle], [frame, frameStyle]] as const) {
    for (const [name, value] of Object.entries(style)) node.style.setProperty(name, value, 'important');
  }
  host.attachShadow({ mode: 'closed' }).appendChild(frame);
  document.documentElement.appendChild(host);
  // A transformed or filtered <html> makes `fixed` relative to it: measure and correct.
  const placed = host.getBoundingClientRect();
  const dx = rect.left - pad - placed.left;
  const dy = rect.top - pad - placed.top;
  if (dx !== 0 || dy !== 0) {
    host.style.setProperty('left', `${rect.left - pad + dx}px`, 'important');
    host.style.setProperty('top', `${rect.top - pad + dy}px`, 'important');
  }
  return {
    host,
    box: { x: rect.left, y: rect.top, width: rect.width, height: rect.height },
    viewport: { width: vw, height: vh },
  };
}

/**
 * The clip: the element's box plus `margin` on each side, inside the viewport, at most
 * maxWidth × maxHeight keeping the element's top-left corner. Integer pixels; null when nothing
 * of it is on screen.
 */
export function screenshotRegion(
  box: ViewportRegion,
  viewport: { width: number; height: number },
  margin: number,
  maxWidth: number,
  maxHeight: number,
): ViewportRegion | null {
  const x0 = Math.max(0, Math.floor(box.x - margin));
  const y0 = Math.max(0, Math.floor(box.y - margin));
  let x1 = Math.min(Math.floor(viewport.width), Math.ceil(box.x + box.width + margin));
  let y1 = Math.min(Math.floor(viewport.height), Math.ceil(box.y + box.height + margin));
  x1 = Math.min(x1, x0 + Math.floor(maxWidth));
  y1 = Math.min(y1, y0 + Math.floor(maxHeight));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A PNG of the element matched by `selector` in context, framed in red; null when the element is
 * not found, hidden, has no size, or the screenshot fails.
 */
export async function screenshotElement(
  page: Page,
  selector: string,
  opts: ScreenshotElementOptions = {},
): Promise<Buffer | null> {
  const margin = opts.marginPx ?? SCREENSHOT_MARGIN_PX;
  const maxWidth = opts.maxWidth ?? SCREENSHOT_MAX_WIDTH;
  const maxHeight = opts.maxHeight ?? SCREENSHOT_MAX_HEIGHT;
  const args: PlaceArgs = {
    selector,
    margin,
    color: `rgb(${OUTLINE_RGB.join(', ')})`,
    width: OUTLINE_WIDTH_PX,
    gap: OUTLINE_GAP_PX,
  };

  let placed: JSHandle<ReturnType<typeof placeOutline>>;
  try {
    placed = await page.evaluateHandle(placeOutline, args);
  } catch {
    return null; // the page is gone or its script broke the evaluation
  }
  try {
    const geometry = await placed.evaluate((p) => (p === null ? null : { box: p.box, viewport: p.viewport }));
    if (geometry === null) return null;
    const clip = screenshotRegion(geometry.box, geometry.viewport, margin, maxWidth, maxHeight);
    if (clip === null) return null;
    return await page.screenshot({
      type: 'png',
      clip,
      scale: 'css',
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  } catch {
    return null;
  } finally {
    await placed.evaluate((p) => p?.host.remove()).catch(() => undefined);
    await placed.dispose().catch(() => undefined);
  }
}
