/**
 * a11y.document-title (static check, same id as axe-core's): the document needs a <title> with
 * visible text; it names the tab, the bookmark and the page for screen readers.
 */
import type { PageRule } from '../rule.js';
import type { DomNode } from '../dom/view.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { normalizeName } from '../text.js';

const RULE_ID = 'a11y.document-title';

export const documentTitleRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const titles = ctx.dom.querySelectorAll('title');
    // Only the first <title> counts for browsers; SVG <title> elements live inside <svg>.
    const title = titles.find((t) => !isInsideSvg(t)) ?? null;
    if (title && normalizeName(title.text()) !== '') return [];
    const target = title ?? ctx.dom.querySelector('head') ?? ctx.dom.root;
    return [
      {
        ruleId: RULE_ID,
        outcome: 'violation',
        url: ctx.url,
        target: { selector: target.selector(), snippet: target.snippet() },
        message: title ? MESSAGES.titleEmpty() : MESSAGES.titleMissing(),
        data: {},
      },
    ];
  },
};

function isInsideSvg(node: DomNode): boolean {
  for (let p = node.parent(); p !== null; p = p.parent()) if (p.tagName === 'svg') return true;
  return false;
}
