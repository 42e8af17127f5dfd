/**
 * a11y.html-has-lang (static check, same id as axe-core's): <html> must declare a non-empty
 * language in `lang` or `xml:lang`, so screen readers pick the right voice.
 */
import type { PageRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'a11y.html-has-lang';

export const htmlHasLangRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const html = ctx.dom.querySelector('html') ?? ctx.dom.root;
    // A fragment without <html> is not a document: nothing to say about its language.
    if (html.tagName !== 'html') return [];
    const lang = html.attr('lang');
    const xmlLang = html.attr('xml:lang');
    const declared = [lang, xmlLang].some((v) => v !== null && v.trim() !== '');
    if (declared) return [];
    const present = lang !== null || xmlLang !== null;
    return [
      {
        ruleId: RULE_ID,
        outcome: 'violation',
        url: ctx.url,
        target: { selector: html.selector(), snippet: html.snippet() },
        message: present ? MESSAGES.htmlLangEmpty() : MESSAGES.htmlLangMissing(),
        data: { lang: lang ?? xmlLang },
      },
    ];
  },
};
