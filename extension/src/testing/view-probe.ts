/**
 * Test-only probe (live-view.test.ts): reads the same facts from any DomView, so the test compares the
 * cheerio and live views field by field. Bundled for the browser (probeLive) and imported in Node.
 */
import type { DomView } from '../../../rules/dom/view.js';
import { liveDomView, OVERLAY_HOST_ID } from '../../../rules/dom/live-view.js';

export function probeView(view: DomView) {
  const ps = view.querySelectorAll('p');
  const img = view.querySelector('img');
  const first = view.querySelector('p');
  return {
    baseUrl: view.baseUrl,
    rootTag: view.root.tagName,
    lang: view.root.attr('LANG'),
    selectors: ps.map((p) => p.selector()),
    imgSelector: img?.selector() ?? null,
    texts: ps.slice(0, 2).map((p) => p.text()),
    inner: ps[1]?.innerHtml() ?? null,
    hasClass: ps[1]?.hasAttr('class') ?? null,
    classAttr: ps[1]?.attr('class') ?? null,
    missing: ps[0]?.attr('class') ?? 'absent',
    parentTag: first?.parent()?.tagName ?? null,
    childTags: view.querySelector('body')?.children().map((c) => c.tagName) ?? [],
    scoped: view.querySelector('div')?.querySelectorAll('span').length ?? -1,
    sameObject: view.querySelector('p') === view.querySelectorAll('p')[0],
    longSnippet: ps[2]?.snippet().length ?? 0,
    snippet: ps[1]?.snippet() ?? null,
  };
}

declare global {
  var probeLive: (url: string) => unknown;
}

if (typeof document !== 'undefined') {
  globalThis.probeLive = (url: string): unknown => {
    // The overlay host must stay invisible to the rules, as in the extension.
    const host = document.createElement('div');
    host.id = OVERLAY_HOST_ID;
    host.innerHTML = '<p id="inside">overlay</p>';
    document.documentElement.appendChild(host);
    try {
      return probeView(liveDomView(document, url, { exclude: host }));
    } finally {
      host.remove();
    }
  };
}
