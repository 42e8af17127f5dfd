/**
 * a11y.image-alt (static check, same id as axe-core's): an <img> must have a text alternative.
 * alt="" is fine (decorative). aria-label, aria-labelledby or title also name the image; images
 * taken out of the accessibility tree (role none/presentation, aria-hidden) need nothing.
 */
import type { PageRule } from '../rule.js';
import type { Finding } from '../types.js';
import type { DomNode } from '../dom/view.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'a11y.image-alt';

function nonEmptyAttr(node: DomNode, name: string): boolean {
  const value = node.attr(name);
  return value !== null && value.trim() !== '';
}

function needsNoAlternative(img: DomNode): boolean {
  const roles = (img.attr('role') ?? '').trim().toLowerCase().split(/\s+/);
  if (roles[0] === 'none' || roles[0] === 'presentation') return true;
  return (img.attr('aria-hidden') ?? '').trim().toLowerCase() === 'true';
}

function hasTextAlternative(img: DomNode): boolean {
  return (
    img.hasAttr('alt') ||
    nonEmptyAttr(img, 'aria-label') ||
    nonEmptyAttr(img, 'aria-labelledby') ||
    nonEmptyAttr(img, 'title')
  );
}

export const imageAltRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const findings: Finding[] = [];
    for (const img of ctx.dom.querySelectorAll('img')) {
      if (needsNoAlternative(img) || hasTextAlternative(img)) continue;
      const src = img.attr('src') ?? '';
      findings.push({
        ruleId: RULE_ID,
        outcome: 'violation',
        url: ctx.url,
        target: { selector: img.selector(), snippet: img.snippet() },
        message: MESSAGES.imageAlt(src),
        data: { src },
      });
    }
    return findings;
  },
};
