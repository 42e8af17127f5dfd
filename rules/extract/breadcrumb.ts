/**
 * The breadcrumb trail (当前位置：首页 > 政务公开 > 通知公告). Found in an element whose class or id
 * names it (crumb, position, location, dqwz = 当前位置), else after a 当前位置 / 您的位置 label in the
 * page text.
 */
import type { DomView } from '../dom/view.js';
import { collapseWhitespace } from '../text.js';

const CONTAINER_SELECTOR = ['crumb', 'position', 'location', 'dqwz', 'weizhi']
  .flatMap((w) => [`[class*="${w}" i]`, `[id*="${w}" i]`])
  .join(', ');

/** The label in front of a trail: 当前位置：, 您当前的位置：, 您现在所在的位置: … */
const LABEL = /^[\s\S]*?(?:当前|您的|所在|现在)[^\n:：>]{0,4}位置\s*[:：]?/;
const LABEL_IN_TEXT = /(?:当前|您的|所在|现在)[^\n:：>]{0,4}位置\s*[:：]/;
const SEPARATOR = /\s*(?:-?>|＞|›|»|→|>>)\s*/;
/** A trail is short; longer candidates are page wrappers whose class happens to say "position". */
const MAX_TRAIL_CHARS = 300;
const MAX_SEGMENT_CHARS = 40;

function nonEmptyLines(s: string): string[] {
  return s
    .split(/\n/)
    .map((l) => collapseWhitespace(l))
    .filter((l) => l !== '');
}

/**
 * Split a trail's raw text (line breaks preserved) into its names. The first part keeps its last
 * line (after the label), the last part its first line (the trail ends where the line ends).
 */
export function parseTrail(raw: string): string[] {
  const unlabelled = raw.replace(LABEL, '');
  const parts = unlabelled.split(SEPARATOR);
  if (parts.length < 2) return [];
  const out: string[] = [];
  parts.forEach((part, i) => {
    const lines = nonEmptyLines(part);
    let name: string | undefined;
    if (i === 0) name = lines[lines.length - 1];
    else if (i === parts.length - 1) name = lines[0];
    else name = collapseWhitespace(lines.join(' '));
    if (name) out.push(name.replace(/[:：]$/, ''));
  });
  if (out.length < 2 || out.some((n) => n.length > MAX_SEGMENT_CHARS)) return [];
  return out;
}

/** `lineText` is the page text with line breaks kept (htmlToText of the body). */
export function extractBreadcrumb(dom: DomView, lineText: string): string[] {
  for (const el of dom.querySelectorAll(CONTAINER_SELECTOR)) {
    if (el.tagName === 'body' || el.tagName === 'html' || el.tagName === 'meta') continue;
    const raw = el.text();
    if (collapseWhitespace(raw).length > MAX_TRAIL_CHARS) continue;
    const trail = parseTrail(raw);
    if (trail.length >= 2) return trail;
  }
  const label = LABEL_IN_TEXT.exec(lineText);
  if (label) {
    const trail = parseTrail(lineText.slice(label.index + label[0].length, label.index + label[0].length + MAX_TRAIL_CHARS));
    if (trail.length >= 2) return trail;
  }
  return [];
}
