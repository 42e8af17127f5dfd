/**
 * runAxe in real Chromium on pages served by a real HTTP server, then the pure mapping of its stored
 * result to findings (axeFindings) and the merge with the static checks (mergeA11yFindings).
 * Needs Chromium: fails (does not skip) when it is missing, since CI installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { axeInitScript, runAxe } from '../../crawler/browser/axe-runner.js';
import { StoredAxeResultSchema } from '../../rules/a11y/axe-result.js';
import type { AxeRunDone, StoredAxeResult } from '../../rules/a11y/axe-result.js';
import { AXE_FINDINGS_PER_RULE, axeFindings } from '../../rules/a11y/axe-findings.js';
import { mergeA11yFindings } from '../../rules/a11y/merge.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { runPageRules } from '../../rules/engine.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const TIMEOUT = 30_000;

/** Known problems: no lang, two images without alt, a low-contrast paragraph, an unnamed link. */
const BAD_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>区发展和改革局</title></head>
<body><main><h1>工作动态</h1>
<img src="/a.png"><img src="/b.png" alt="">
<img src="/c.png">
<p style="color:#ccc;background:#fff">区发展改革局召开重点项目推进会</p>
<a href="/x.html"></a>
</main></body></html>`;

/** The same kind of page, clean. */
const GOOD_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>区发展和改革局</title></head>
<body><main><h1>工作动态</h1><img src="/a.png" alt="局机关大楼">
<p style="color:#222;background:#fff">区发展改革局召开重点项目推进会</p><a href="/x.html">详情</a></main></body></html>`;

/** 45 links without a name: more than the per-rule finding cap. */
const MANY_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>列表</title></head>
<body><main><h1>列表</h1>${Array.from({ length: 45 }, (_, i) => `<a href="/p${i}.html"></a>`).join('')}</main></body></html>`;

/** An `axe` that finds nothing, as a page's script would define it (`FAKE` in the page). */
const FAKE_AXE = `var fake = { version: '9.9.9-fake', configure: function () {}, run: function () {
  return Promise.resolve({ violations: [], incomplete: [], passes: [], inapplicable: [] }); } };`;

/** The bad page defining that `axe` in a given way: what it defines must never be the axe that runs. */
function fakeAxePage(define: string): string {
  return BAD_PAGE.replace('</main>', `</main><script>${FAKE_AXE}\ntry { ${define} } catch (e) {}</script>`);
}

/** A plain `var`, set again once the page's script has run. */
const FAKE_AXE_PAGE = fakeAxePage('var axe = fake; setTimeout(function () { window.axe = fake; }, 0);');
/**
 * Ways a page could try to put its own axe where a preloaded axe is kept: a property no later
 * script can overwrite, a getter, and a defineProperty that swaps in the fake for any name.
 */
const PREEMPTING_PAGES: Record<string, string> = {
  'read-only axe': fakeAxePage("Object.defineProperty(window, 'axe', { value: fake, writable: false, configurable: false });"),
  'getter axe': fakeAxePage("Object.defineProperty(window, 'axe', { get: function () { return fake; }, set: function () {}, configurable: false });"),
  'defineProperty swapped': fakeAxePage(`var define = Object.defineProperty;
Object.defineProperty = function (o, k, d) { if (o === window) { d = { value: fake }; } return define(o, k, d); };
Object.getOwnPropertyNames(window).forEach(function (k) { if (/^__gongkai/.test(k)) { try { window[k] = fake; } catch (e) {} } });`),
};

/** Never returns control to the browser: axe cannot run. */
const HUNG_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><title>卡死</title></head><body><p>页面</p>
<script>setTimeout(function () { for (;;) {} }, 50);</script></body></html>`;

function html(body: string, headers: Record<string, string> = {}) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}

let server: TestServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const location = findChromium();
  if (!location) throw new Error(chromiumMissingMessage());
  server = await startServer({
    '/bad': html(BAD_PAGE),
    // A strict CSP forbids inline scripts: injecting axe with a <script> tag would fail here.
    '/csp': html(BAD_PAGE, { 'content-security-policy': "default-src 'self'; script-src 'self'" }),
    '/good': html(GOOD_PAGE),
    '/many': html(MANY_PAGE),
    '/hung': html(HUNG_PAGE),
    '/fake-axe': html(FAKE_AXE_PAGE),
    ...Object.fromEntries(Object.entries(PREEMPTING_PAGES).map(([name, page], i) => [`/preempt-${i}`, html(page)])),
  });
  browser = await chromium.launch({ executablePath: location.path, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext();
}, TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
}, TIMEOUT);

async function axeOn(path: string, opts: Parameters<typeof runAxe>[1] = {}): Promise<StoredAxeResult> {
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}${path}`);
    return await runAxe(page, opts);
  } finally {
    await page.close();
  }
}

/** The size of each `page.evaluate` from now on (function text and argument, in characters). */
function evaluatedSizes(page: Page): number[] {
  const sizes: number[] = [];
  const evaluate = page.evaluate.bind(page);
  page.evaluate = ((fn: unknown, arg?: unknown) => {
    sizes.push(String(fn).length + (JSON.stringify(arg) ?? '').length);
    return evaluate(fn as never, arg as never);
  }) as typeof page.evaluate;
  return sizes;
}

function done(result: StoredAxeResult): AxeRunDone {
  expect(result.status, JSON.stringify(result)).toBe('done');
  return result as AxeRunDone;
}

describe('runAxe', () => {
  it('reports WCAG 2.1 A/AA violations with zh-CN help texts, selectors and snippets', { timeout: TIMEOUT }, async () => {
    const result = done(await axeOn('/bad'));
    expect(result.locale).toBe('zh_CN');
    expect(result.axeVersion).toMatch(/^4\./);
    const ids = result.violations.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang', 'color-contrast', 'link-name']));
    const imageAlt = result.violations.find((r) => r.id === 'image-alt')!;
    expect(imageAlt.help).toBe('图像必须有替代文本');
    expect(imageAlt.impact).toBe('critical');
    expect(imageAlt.nodeCount).toBe(2);
    expect(imageAlt.nodes.map((n) => n.snippet)).toEqual(['<img src="/a.png">', '<img src="/c.png">']);
    expect(imageAlt.nodes[0]!.target).toMatch(/img/);
    expect(imageAlt.nodes[0]!.failureSummary).toMatch(/[\u4e00-\u9fff]/);
    // WCAG 2.1 AA tags only: a best-practice rule such as `region` is not run.
    expect(result.ranRules).toContain('image-alt');
    expect(result.ranRules).not.toContain('region');
    // What is stored survives JSON and validates.
    expect(StoredAxeResultSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('runs on a page whose Content-Security-Policy forbids inline scripts', { timeout: TIMEOUT }, async () => {
    const result = done(await axeOn('/csp'));
    expect(result.violations.map((r) => r.id)).toContain('image-alt');
  });

  it('finds nothing to report on a clean page', { timeout: TIMEOUT }, async () => {
    const result = done(await axeOn('/good'));
    expect(result.violations).toEqual([]);
    expect(result.ranRules).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang', 'document-title', 'color-contrast']));
  });

  it('runs only the given rules when asked', { timeout: TIMEOUT }, async () => {
    const result = done(await axeOn('/bad', { rules: ['image-alt'] }));
    expect(result.ranRules).toEqual(['image-alt']);
    expect(result.violations.map((r) => r.id)).toEqual(['image-alt']);
  });

  it('skips a page over the element limit instead of analysing it', { timeout: TIMEOUT }, async () => {
    const result = await axeOn('/bad', { maxElements: 5 });
    expect(result).toMatchObject({ status: 'skipped', reason: 'too-large' });
  });

  it('runs its own axe, never one the page defines, also on a second run of the same document', { timeout: TIMEOUT }, async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/fake-axe`);
      for (const run of [1, 2]) {
        const result = done(await runAxe(page));
        expect(result.axeVersion, `run ${run}`).toMatch(/^4\./);
        expect(result.violations.map((r) => r.id), `run ${run}`).toContain('image-alt');
        // The page puts its fake back where a script would find `axe`, after the injection.
        await page.evaluate(() => {
          const w = window as unknown as { axe: unknown; fake: unknown };
          w.axe = w.fake;
        });
      }
    } finally {
      await page.close();
    }
  });

  it('with axeInitScript() and `preloaded`, sends no source and runs only its own axe, whatever the page defines', { timeout: TIMEOUT * 2 }, async () => {
    const withAxe = await browser.newContext();
    try {
      await withAxe.addInitScript(await axeInitScript());
      const page = await withAxe.newPage();
      for (const [i, name] of Object.keys(PREEMPTING_PAGES).entries()) {
        await page.goto(`${server.url}/preempt-${i}`);
        // What crosses to the page: axe's source is over 600 KB; a run's function and arguments
        // (the zh_CN messages) far less.
        const sizes = evaluatedSizes(page);
        const result = done(await runAxe(page, { preloaded: true }));
        expect(result.axeVersion, name).toMatch(/^4\./);
        expect(result.violations.map((r) => r.id), name).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang', 'link-name']));
        expect(sizes, name).toHaveLength(1);
        expect(sizes[0], name).toBeLessThan(300_000);
      }
    } finally {
      await withAxe.close();
    }
    // A document the init script did not reach (here: a context without it): axe is sent, and runs.
    const bare = await context.newPage();
    try {
      await bare.goto(`${server.url}/bad`);
      const sizes = evaluatedSizes(bare);
      expect(done(await runAxe(bare, { preloaded: true, rules: ['image-alt'] })).violations.map((r) => r.id)).toEqual(['image-alt']);
      expect(sizes.filter((n) => n > 600_000)).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });

  it('without `preloaded`, sends axe for every run: nothing a page could have changed is reused', { timeout: TIMEOUT }, async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/bad`);
      const sizes = evaluatedSizes(page);
      done(await runAxe(page, { rules: ['image-alt'] }));
      done(await runAxe(page, { rules: ['image-alt'] }));
      expect(sizes.filter((n) => n > 600_000)).toHaveLength(2);
    } finally {
      await page.close();
    }
  });

  it('gives up on a page that never yields to axe', { timeout: TIMEOUT }, async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/hung`);
      // The page's script starts an endless loop 50 ms after load: axe never gets the main thread.
      const result = await runAxe(page, { timeoutMs: 3_000 });
      expect(result).toMatchObject({ status: 'skipped', reason: 'timeout' });
    } finally {
      await page.close({ runBeforeUnload: false }).catch(() => undefined);
    }
  });
});

describe('axeFindings and mergeA11yFindings on real axe results', () => {
  it('maps violations to a11y.<axe-id> findings, one per node, with zh-CN messages', { timeout: TIMEOUT }, async () => {
    const url = `${server.url}/bad`;
    const findings = axeFindings(url, await axeOn('/bad'));
    const imageAlt = findings.filter((f) => f.ruleId === 'a11y.image-alt');
    expect(imageAlt).toHaveLength(2);
    expect(imageAlt[0]).toMatchObject({
      outcome: 'violation',
      url,
      target: { snippet: '<img src="/a.png">' },
      data: { axeRule: 'image-alt', impact: 'critical', moreNodes: 0 },
    });
    expect(imageAlt[0]!.message).toMatch(/^无障碍问题：图像必须有替代文本（影响程度：非常严重；.+）。$/);
    expect(findings.some((f) => f.ruleId === 'a11y.html-has-lang' && f.outcome === 'violation')).toBe(true);
    for (const f of findings) expect(['violation', 'incomplete']).toContain(f.outcome);
  });

  it('caps the findings of one rule on one page and counts the rest', { timeout: TIMEOUT }, async () => {
    const url = `${server.url}/many`;
    const stored = await axeOn('/many');
    expect(done(stored).violations.find((r) => r.id === 'link-name')?.nodeCount).toBe(45);
    const linkName = axeFindings(url, stored).filter((f) => f.ruleId === 'a11y.link-name');
    expect(linkName).toHaveLength(AXE_FINDINGS_PER_RULE);
    expect(linkName[0]!.data['moreNodes']).toBe(45 - AXE_FINDINGS_PER_RULE);
  });

  it('masks ID numbers quoted in snippets, as every rule finding is masked', () => {
    const findings = axeFindings('http://x.gov.cn/', {
      status: 'done',
      axeVersion: '4.14.1',
      locale: 'zh_CN',
      ranRules: ['image-alt'],
      violations: [
        {
          id: 'image-alt',
          impact: 'critical',
          help: '图像必须有替代文本',
          nodeCount: 1,
          nodes: [{ target: 'img', snippet: '<img src="/photo/110101199003074477.jpg">', failureSummary: '修复以下任一问题：\n  元素没有 alt 属性' }],
        },
      ],
      incomplete: [],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.target!.snippet).not.toContain('110101199003074477');
    expect(findings[0]!.message).toBe('无障碍问题：图像必须有替代文本（影响程度：非常严重；元素没有 alt 属性）。');
  });

  it('turns an unfinished run into one incomplete finding', () => {
    const findings = axeFindings('http://x.gov.cn/', { status: 'skipped', reason: 'too-large', detail: '80000 elements' });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'a11y.axe-run', outcome: 'incomplete', url: 'http://x.gov.cn/', data: { reason: 'too-large', detail: '80000 elements' } }),
    ]);
    expect(findings[0]!.message).toMatch(/页面元素过多.*需人工检查。$/);
  });

  it('never counts a static check and axe twice on the same page', { timeout: TIMEOUT }, async () => {
    const url = `${server.url}/bad`;
    const dom = cheerioDomView(BAD_PAGE, url);
    const staticFindings = runPageRules({ url, dom, snapshot: extractSnapshot(dom, url), evalDate: '2020-11-26' });
    // The static checks see the missing alt (one: alt="" is decorative) and the missing lang.
    expect(staticFindings.filter((f) => f.ruleId === 'a11y.image-alt')).toHaveLength(2);
    expect(staticFindings.filter((f) => f.ruleId === 'a11y.html-has-lang')).toHaveLength(1);

    const merged = mergeA11yFindings(staticFindings, [{ url, result: await axeOn('/bad') }]);
    const imageAlt = merged.filter((f) => f.ruleId === 'a11y.image-alt');
    expect(imageAlt).toHaveLength(2);
    expect(imageAlt.every((f) => f.data['axeRule'] === 'image-alt')).toBe(true);
    expect(merged.filter((f) => f.ruleId === 'a11y.html-has-lang')).toHaveLength(1);
    expect(merged.some((f) => f.ruleId === 'a11y.color-contrast')).toBe(true);
    // Findings of other areas pass through untouched.
    for (const f of staticFindings.filter((s) => !s.ruleId.startsWith('a11y.'))) expect(merged).toContain(f);
  });

  it('keeps the static findings where axe did not finish or did not run that rule', { timeout: TIMEOUT }, async () => {
    const url = `${server.url}/bad`;
    const dom = cheerioDomView(BAD_PAGE, url);
    const staticFindings = runPageRules({ url, dom, snapshot: extractSnapshot(dom, url), evalDate: '2020-11-26' });
    const staticA11y = staticFindings.filter((f) => f.ruleId.startsWith('a11y.'));

    const skipped = mergeA11yFindings(staticFindings, [{ url, result: { status: 'skipped', reason: 'timeout', detail: 't' } }]);
    for (const f of staticA11y) expect(skipped).toContain(f);
    expect(skipped.filter((f) => f.ruleId === 'a11y.axe-run')).toHaveLength(1);

    // axe ran image-alt only: the static html-has-lang finding stays; image-alt comes from axe.
    const partial = mergeA11yFindings(staticFindings, [{ url, result: await axeOn('/bad', { rules: ['image-alt'] }) }]);
    expect(partial.filter((f) => f.ruleId === 'a11y.html-has-lang')).toEqual(staticFindings.filter((f) => f.ruleId === 'a11y.html-has-lang'));
    expect(partial.filter((f) => f.ruleId === 'a11y.image-alt').every((f) => f.data['axeRule'] === 'image-alt')).toBe(true);

    // A run on another page changes nothing here.
    const elsewhere = mergeA11yFindings(staticFindings, [{ url: `${server.url}/good`, result: await axeOn('/good') }]);
    expect(elsewhere).toEqual(staticFindings);
  });
});
