/**
 * The `gongkai serve` dashboard over two real demo-district runs (the night before and tonight, so
 * the trend and the overnight diff have data), read in real Chromium: pages render with data and
 * charts, no console errors, crawled markup stays text, filters work, and every action needs the
 * token. Needs Chromium for the browser part: fails (does not skip) when it is missing, like
 * test/browser/*, since CI installs it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { marksOf } from '../../store/marks.js';
import { saveScreenshot } from '../../store/screenshots.js';
import { startApiServer, type ApiServer } from '../../reports/api/server.js';
import { createCrawlRunner, type CrawlRunner } from '../../reports/dashboard/crawl-runner.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { binPath, repoRoot } from '../helpers/cli.js';

const EVAL_DATE = '2020-11-26';
const TOKEN = 'dashboard-test-token-0123456789';
/** Crawled strings that would run script if they reached the page as markup. */
const HOSTILE_NAME = '区教育和体育局<img src=x onerror=alert(1)><script>window.__pwned=1</script>';
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const HOSTILE_MESSAGE = '<script>window.__pwned=2;alert(2)</script><img src=x onerror="alert(3)">图片缺少替代文字';

let district: DemoDistrict;
let dir: string;
let dbFile: string;
let db: Db;
let crawl: CrawlRunner;
let server: ApiServer;
let browser: Browser;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the target sent exactly as given (fetch() would normalise `..`). */
function raw(method: string, target: string, opts: { headers?: Record<string, string>; body?: string; base?: string } = {}): Promise<RawResponse> {
  const u = new URL(opts.base ?? server.url);
  return new Promise((resolveReq, rejectReq) => {
    const req = request({ host: u.hostname, port: u.port, method, path: target, headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolveReq({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', rejectReq);
    req.end(opts.body);
  });
}

function post(target: string, fields: Record<string, string>, headers: Record<string, string> = {}, base?: string): Promise<RawResponse> {
  const body = new URLSearchParams(fields).toString();
  return raw('POST', target, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), ...headers }, body, ...(base ? { base } : {}) });
}

async function unitScores(): Promise<Map<string, number>> {
  const body = (await (await fetch(`${server.url}/api/units`)).json()) as { units: { id: string; score: { total: number } }[] };
  return new Map(body.units.map((u) => [u.id, u.score.total]));
}

interface Watched {
  page: Page;
  errors: string[];
  dialogs: string[];
}

/** A page that records console errors, uncaught errors and dialogs (none may happen). */
async function openPage(path: string): Promise<Watched> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const res = await page.goto(`${server.url}${path}`);
  expect(res?.status(), path).toBe(200);
  return { page, errors, dialogs };
}

async function expectQuiet(w: Watched): Promise<void> {
  expect(w.errors).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await w.page.locator('img[src="x"], script').count()).toBe(0);
}

beforeAll(async () => {
  const location = findChromium();
  if (!location) throw new Error(chromiumMissingMessage());
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const raw = {
    name: district.name,
    evalDate: EVAL_DATE,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0, revisitDays: 1 },
  };
  const config = validateConfig(raw);
  dir = mkdtempSync(join(tmpdir(), 'gk-dashboard-'));
  dbFile = join(dir, 'demo.sqlite');
  const configFile = join(dir, 'gongkai.config.json');
  writeFileSync(configFile, JSON.stringify(raw));
  db = openStore(dbFile);
  const quiet = createProgress(process.stderr, { quiet: true });
  district.setNight('previous');
  await runCrawl(db, config, { evalDate: EVAL_DATE }, quiet);
  district.setNight('tonight');
  const tonight = await runCrawl(db, config, { evalDate: EVAL_DATE }, quiet);
  // What a hostile site could put in front of the office: markup in its name and in a finding.
  const runId = tonight.run.id;
  db.prepare("UPDATE units SET name = ? WHERE run_id = ? AND id = 'jty'").run(HOSTILE_NAME, runId);
  db.prepare(
    "UPDATE findings SET message = ? WHERE id = (SELECT id FROM findings WHERE run_id = ? AND unit_id = 'jty' AND rule_id = 'a11y.image-alt' AND outcome = 'violation' ORDER BY id LIMIT 1)",
  ).run(HOSTILE_MESSAGE, runId);
  // Evidence: a screenshot of that finding's element, as the browser phase would store it.
  const shot = db
    .prepare("SELECT url, target_json FROM findings WHERE run_id = ? AND unit_id = 'jty' AND target_json IS NOT NULL AND outcome = 'violation' ORDER BY id LIMIT 1")
    .get(runId) as { url: string; target_json: string };
  saveScreenshot(db, runId, 'jty', shot.url, (JSON.parse(shot.target_json) as { selector: string }).selector, Buffer.from(PNG_1X1, 'base64'));
  // The same problem in lsd's page template, on three pages: one template group.
  const lsd = district.units.find((u) => u.id === 'lsd')!;
  const addFinding = db.prepare(
    "INSERT INTO findings (run_id, unit_id, rule_id, outcome, url, target_json, message, data_json) VALUES (?, 'lsd', 'a11y.image-alt', 'violation', ?, ?, ?, ?)",
  );
  for (const n of [1, 2, 3]) {
    addFinding.run(runId, new URL(`/tpl/page-${n}.html`, lsd.url).href, JSON.stringify({ selector: 'div.header > img', snippet: '<img src="/logo.png">' }), '页头标志图片缺少替代文字', JSON.stringify({ src: '/logo.png' }));
  }
  crawl = createCrawlRunner({ configFile, dbFile, extraArgs: ['--quiet'] });
  server = await startApiServer(db, { port: 0, token: TOKEN, crawl });
  browser = await chromium.launch({ executablePath: location.path, headless: true, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await crawl?.stop();
  db?.close();
  await district?.close();
}, 60_000);

describe('pages in Chromium', () => {
  it('shows the ranking with scores, veto flags, the change since last night and a bar chart', async () => {
    const w = await openPage('/');
    const rows = w.page.locator('#ranking tbody tr');
    expect(await rows.count()).toBe(district.units.length);
    const text = await w.page.locator('#ranking').innerText();
    expect(text).toMatch(/\d+(\.\d)?\/70/);
    expect(text).toContain('单项否决'); // bsz is vetoed (stale key columns)
    expect(text).toContain('未能评分'); // dcz's home page cannot be fetched
    // fgj: a broken link was repaired overnight, another appeared — its row says how the score moved.
    const fgj = await w.page.locator('#ranking tbody tr', { hasText: '区发展和改革局' }).innerText();
    expect(fgj).toMatch(/↑|↓|持平/);
    // The bar chart: inline SVG with one bar per assessed unit.
    const bars = w.page.locator('figure.chart svg [ecmeta_series_index="0"]');
    expect(await bars.count()).toBe(district.units.length - 1);
    // What changed overnight, in district totals.
    const changes = await w.page.locator('#changes').innerText();
    // fgj: one new, one fixed; lsd: the three template findings injected into tonight's run are new.
    expect(changes).toMatch(/全区合计\s+4\s+1\s+\d+/);
    expect(changes).toMatch(/区发展和改革局\s+1\s+1\s+\d+/);
    await expectQuiet(w);
    await w.page.close();
  });

  it('shows a hostile unit name and finding message as text; nothing runs', async () => {
    const w = await openPage('/');
    const link = w.page.locator('#ranking a', { hasText: '<img src=x onerror=alert(1)>' });
    expect(await link.count()).toBe(1);
    expect(await link.isVisible()).toBe(true);
    await link.click();
    await w.page.waitForURL(/\/units\/jty$/);
    expect(await w.page.locator('h1').innerText()).toBe(HOSTILE_NAME);
    const message = w.page.getByText('<script>window.__pwned=2;alert(2)</script>', { exact: false });
    expect(await message.count()).toBeGreaterThan(0);
    expect(await message.first().isVisible()).toBe(true);
    // The stored screenshot is shown as evidence (a data URI the CSP allows).
    const img = w.page.locator('img.shot').first();
    expect(await img.getAttribute('src')).toBe(`data:image/png;base64,${PNG_1X1}`);
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    await expectQuiet(w);
    await w.page.close();
    // The markup arrives escaped (not merely blocked by the CSP).
    const html = (await raw('GET', '/units/jty')).body;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>window.__pwned');
  });

  it('shows a unit page: indicators, the fix list by points recoverable, trend chart, changes, evidence, advice', async () => {
    const w = await openPage('/units/fgj');
    const p = w.page;
    expect(await p.locator('#indicators tbody tr').count()).toBeGreaterThan(3);
    // Fix list: veto items first, then points recoverable, never increasing.
    const points = await p.locator('#fix-list tbody tr td:nth-child(4)').allInnerTexts();
    expect(points.length).toBeGreaterThan(0);
    const values = points.filter((t) => !t.includes('单项否决')).map((t) => Number(/([\d.]+) 分/.exec(t)?.[1]));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
    // Trend: two runs drawn as a line.
    expect(await p.locator('#trend svg').count()).toBe(1);
    expect(await p.locator('#trend svg [ecmeta_series_index="0"]').count()).toBeGreaterThan(0);
    // Overnight: one new, one fixed (the restored article), listed.
    const changes = await p.locator('#changes').innerText();
    expect(changes).toContain('新增 1');
    expect(changes).toContain('已消除 1');
    expect(await p.locator('#changes li').count()).toBe(1);
    // The new broken link: a finding with its badge, a safe link to the page, the rule's advice.
    const fresh = p.locator('article.finding', { has: p.locator('.b-new') });
    expect(await fresh.count()).toBeGreaterThan(0);
    const first = fresh.first();
    expect(await first.innerText()).toContain('整改建议');
    const a = first.locator('a.url').first();
    expect(await a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await a.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // Forecast section is there (with or without stale columns ahead).
    expect(await p.locator('#forecast h2').innerText()).toBe('即将超期的栏目');
    await expectQuiet(w);
    await p.close();
  });

  it('filters the district list by rule through the form, and by unit and outcome through the address', async () => {
    const w = await openPage('/findings');
    const p = w.page;
    const before = await p.locator('#findings tbody tr').count();
    await p.selectOption('select[name="rule"]', 'link.broken');
    await p.click('button:has-text("筛选")');
    await p.waitForURL(/rule=link\.broken/);
    const rules = await p.locator('#findings tbody tr td:nth-child(2) .muted').allInnerTexts();
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.length).toBeLessThan(before);
    expect(new Set(rules)).toEqual(new Set(['link.broken']));
    await p.goto(`${server.url}/findings?unit=bsz&outcome=violation`);
    const hrefs = await p.locator('#findings tbody tr td:first-child a').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^\/units\/bsz#/);
    const outcomes = await p.locator('#findings tbody tr td:nth-child(3) .badge:first-child').allInnerTexts();
    expect(new Set(outcomes)).toEqual(new Set(['问题']));
    // On a unit page too: only violations of one indicator.
    await p.goto(`${server.url}/units/bsz?outcome=violation&rule=freshness.column`);
    const cards = p.locator('#findings article.finding');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const text of await cards.allInnerTexts()) expect(text).toContain('freshness.column');
    await expectQuiet(w);
    await p.close();
  });

  it('marks a finding 误报 through the form: saved, shown, and the score no longer counts it', async () => {
    const scoreBefore = (await unitScores()).get('fgj')!;
    const w = await openPage('/units/fgj');
    const p = w.page;
    const card = p.locator('article.finding', { has: p.locator('.b-new') }).first();
    const key = (await card.getAttribute('id'))!.replace(/^f-/, '');
    const details = card.locator('details').filter({ has: p.locator('summary', { hasText: '标记误报或已整改' }) }).first();
    await details.locator('summary').click();
    const form = details.locator('form').first();
    await form.locator('select[name="kind"]').selectOption('false-positive');
    await form.locator('input[name="reason"]').fill('附件已迁移到新地址，链接实际可用');
    await form.locator('input[name="by"]').fill('李四');
    await form.locator('input[name="token"]').fill(TOKEN);
    await form.locator('button[type="submit"]').click();
    await p.waitForURL(/\/units\/fgj\?saved=mark/);
    expect(await p.locator('.banner-ok').innerText()).toBe('已保存。');
    const marked = p.locator(`article[id="f-${key}"]`);
    expect(await marked.locator('.b-mark').innerText()).toBe('误报');
    expect(await marked.locator('.mark').innerText()).toMatch(/误报：附件已迁移到新地址，链接实际可用（李四，/);
    await expectQuiet(w);
    await p.close();
    // In the store, and reflected in the score (the cached view was rebuilt).
    const stored = marksOf(db, 'fgj');
    expect(stored.map((m) => [m.key, m.kind, m.by])).toEqual([[key, 'false-positive', '李四']]);
    expect((await unitScores()).get('fgj')!).toBeGreaterThan(scoreBefore);
    // Still there on a fresh load.
    expect((await raw('GET', '/units/fgj')).body).toContain('附件已迁移到新地址，链接实际可用');
  });

  it('shows a template problem once with its count and pages, and marks the group as a whole', async () => {
    const w = await openPage('/units/lsd');
    const p = w.page;
    const group = p.locator('article[id^="g-"]');
    expect(await group.count()).toBe(1);
    expect(await group.innerText()).toContain('模板问题（共 3 个页面）');
    await group.locator('summary', { hasText: '涉及页面' }).click();
    expect(await group.locator('li a.url').allInnerTexts()).toEqual([1, 2, 3].map((n) => expect.stringContaining(`/tpl/page-${n}.html`)));
    // Not repeated as three separate findings.
    expect(await p.locator('article.finding:not([id^="g-"])', { hasText: '/tpl/page-' }).count()).toBe(0);
    await expectQuiet(w);
    const groupId = (await group.getAttribute('id'))!.replace(/^g-/, '');
    await p.close();
    const res = await post('/units/lsd/mark', { token: TOKEN, group: groupId, action: 'set', kind: 'fixed', reason: '模板已修改', by: '周七' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/units/lsd?saved=mark#g-${groupId}`);
    expect(marksOf(db, 'lsd').map((m) => [m.kind, m.reason])).toEqual([['fixed', '模板已修改'], ['fixed', '模板已修改'], ['fixed', '模板已修改']]);
    const page = (await raw('GET', '/units/lsd')).body;
    expect(page).toContain('已整改（待复查）：模板已修改（周七，');
  });

  it('refuses a mark with a wrong token with a zh-CN 403 page and saves nothing', async () => {
    const w = await openPage('/units/bsz');
    const p = w.page;
    const card = p.locator('article.finding', { has: p.locator('.b-violation') }).first();
    const details = card.locator('details').filter({ has: p.locator('summary', { hasText: '标记误报或已整改' }) }).first();
    await details.locator('summary').click();
    const form = details.locator('form').first();
    await form.locator('input[name="reason"]').fill('试图标记');
    await form.locator('input[name="by"]').fill('王五');
    await form.locator('input[name="token"]').fill('not-the-token-0000');
    const [response] = await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), form.locator('button[type="submit"]').click()]);
    expect(response.status()).toBe(403);
    expect(await p.locator('main').innerText()).toContain('操作口令不正确');
    expect(marksOf(db, 'bsz')).toEqual([]);
    await p.close();
  });
});

describe('actions over HTTP', () => {
  it('needs the token for every action (403 without, 303 with)', async () => {
    const fields = { by: '赵六', 'daily.policy-interpretation': '5', 'daily.open-day': '4' };
    for (const target of ['/units/zjd/manual', '/units/zjd/mark', '/crawl']) {
      const res = await post(target, fields);
      expect(res.status, target).toBe(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('操作口令不正确或缺失');
      expect(res.body).not.toMatch(/\n\s+at /);
    }
    expect((await post('/units/zjd/manual', fields, { authorization: 'Bearer wrong-token-123456' })).status).toBe(403);
    const ok = await post('/units/zjd/manual', fields, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/units/zjd?saved=manual#manual');
  });

  it('shows the manual points labelled as entered by hand, and the predicted total', async () => {
    const zjd = (await unitScores()).get('zjd')!;
    const home = (await raw('GET', '/')).body;
    const row = /<tr><td class="num">\d+<\/td><td><a href="\/units\/zjd">[\s\S]*?<\/tr>/.exec(home)?.[0] ?? '';
    expect(row).toContain(`${zjd + 9}/100`);
    expect(home).toContain('人工录入部分');
    const page = (await raw('GET', '/units/zjd')).body;
    expect(page).toContain('日常工作合计：9/30');
    expect(page).toContain('录入人：赵六');
  });

  it('refuses a form from another site, an oversized body and a bad field', async () => {
    const foreign = await post('/units/zjd/manual', { token: TOKEN, by: 'x', 'daily.open-day': '1' }, { origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('请求来自其他网站');
    const big = await post('/units/zjd/manual', { token: TOKEN, by: 'x', pad: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body).toContain('提交的内容超过 64 KB');
    const bad = await post('/units/zjd/manual', { token: TOKEN, by: 'x', 'daily.open-day': '9' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('政府开放日 应为 0 到 5 之间的分数');
    const gone = await post('/units/fgj/mark', { token: TOKEN, key: 'no.such:finding', kind: 'fixed', reason: 'r', by: 'b' });
    expect(gone.status).toBe(409);
  });

  it('answers traversal and unknown units with 404, wrong methods with 405, and sends a strict CSP', async () => {
    for (const target of ['/units/../../etc/passwd', '/%2e%2e/', '/units/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/units/fgj/../../../etc/passwd', '/units/nope']) {
      const res = await raw('GET', target, { headers: { accept: 'text/html' } });
      expect(res.status, target).toBe(404);
      expect(res.body).not.toMatch(/root:/);
    }
    expect((await raw('GET', '/units/nope', { headers: { accept: 'text/html' } })).body).toContain('没有编号为“nope”的单位');
    const postHome = await raw('POST', '/');
    expect(postHome.status).toBe(405);
    expect(postHome.headers.allow).toBe('GET');
    const getCrawl = await raw('GET', '/crawl');
    expect(getCrawl.status).toBe(405);
    expect(getCrawl.headers.allow).toBe('POST');
    const home = await raw('GET', '/');
    expect(home.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(home.body).not.toMatch(/<script/i);
  });

  it('binds 127.0.0.1 by default', async () => {
    const s = await startApiServer(db, { port: 0 });
    try {
      expect(s.address.address).toBe('127.0.0.1');
      // Without a token configured, no action is possible at all.
      expect((await post('/crawl', { token: '' }, {}, s.url)).status).toBe(403);
    } finally {
      await s.close();
    }
  });

  it('starts a crawl as a child process, never two at once, and shows the new run when done', async () => {
    // Marked 已整改 now; the site still has the problem, so the next run must flag it as reappeared.
    const bsz = (await raw('GET', '/units/bsz?rule=freshness.column&outcome=violation')).body;
    const key = /<article class="finding" id="f-([^"]+)"/.exec(bsz)?.[1];
    expect(key).toBeDefined();
    expect(bsz).not.toContain('整改后再次出现');
    expect((await post('/units/bsz/mark', { token: TOKEN, key: key!, kind: 'fixed', reason: '已更新栏目', by: '孙八' })).status).toBe(303);
    const started = await post('/crawl', { token: TOKEN });
    expect(started.status).toBe(303);
    expect(started.headers.location).toBe('/#crawl');
    expect((await raw('GET', '/')).body).toContain('检查正在进行');
    const again = await post('/crawl', { token: TOKEN });
    expect(again.status).toBe(409);
    expect(again.body).toContain('已有一次检查正在进行');
    // Wait for the child to finish (bounded by the test timeout), then the dashboard shows run 3.
    while (crawl.state().status === 'running') await new Promise((r) => setTimeout(r, 200));
    expect(crawl.state(), crawl.state().outputTail).toMatchObject({ status: 'finished', exit: '0' });
    const home = (await raw('GET', '/')).body;
    expect(home).toContain('第 3 次运行');
    expect(home).toContain('上一次从本页开始的检查已于');
    // The marks made on run 2 follow the finding into run 3; the 已整改 one that is still there is flagged.
    expect((await raw('GET', '/units/fgj')).body).toContain('附件已迁移到新地址，链接实际可用');
    const after = (await raw('GET', '/units/bsz?rule=freshness.column&outcome=violation')).body;
    expect(after).toContain(`<article class="finding reappeared" id="f-${key!}">`);
    expect(after).toContain('<span class="badge b-reappeared">整改后再次出现</span>');
    const runs = (await raw('GET', '/runs')).body;
    expect(runs.match(/<tr><td class="num">\d+<\/td><td>2020-11-26<\/td><td>已完成<\/td>/g)?.length).toBe(3);
  }, 120_000);
});

describe('gongkai serve on the command line', () => {
  it('prints a generated token once, accepts it for actions and explains how to enable crawling', async () => {
    const env = { ...process.env };
    delete env.GONGKAI_TOKEN;
    const child = spawn(process.execPath, [binPath, 'serve', '--db', dbFile, '--port', '0'], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const [address, token] = await new Promise<[string, string]>((resolveAddr, rejectAddr) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        const url = /已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        const tok = /操作口令[^：]*：(\S+)/.exec(stdout);
        if (url && tok) resolveAddr([url[1]!, tok[1]!]);
      });
      child.on('close', () => rejectAddr(new Error(`serve exited early: ${stderr}`)));
    });
    try {
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect((await post('/crawl', { token: 'wrong-token-123456' }, {}, address)).status).toBe(403);
      const disabled = await post('/crawl', { token }, {}, address);
      expect(disabled.status).toBe(409);
      expect(disabled.body).toContain('--config');
    } finally {
      const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
    }
    expect(stdout.match(/操作口令/g)?.length).toBe(1);
  }, 60_000);
});
