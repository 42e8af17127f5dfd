/**
 * The extension's message contract and its pure helpers: every message is validated and unknown or
 * malformed ones are rejected; settings from storage are normalised; the server's /api/findings
 * response is fetched from a real HTTP server and validated; findings group by indicator; the zip
 * for "load packed" is a valid archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessage, parseTabState, siteResultSchema } from '../../extension/src/messages.js';
import { isAutoScanned, normaliseServerUrl, parseSettings, siteFindingsUrl } from '../../extension/src/settings.js';
import { fetchSiteFindings } from '../../extension/src/site-findings.js';
import { groupByIndicator } from '../../extension/src/group.js';
import { NO_SERVER_LINE, siteLines } from '../../extension/src/site-lines.js';
import { localIsoDate } from '../../extension/src/scan.js';
import { scoreText } from '../../extension/src/score-text.js';
import { isAboutSender } from '../../extension/src/sender-check.js';
import { fitFindings, fitText } from '../../extension/src/fit.js';
import { LIMITS } from '../../extension/src/messages.js';
import { zipEntries } from '../../extension/zip.js';

const finding = {
  ruleId: 'a11y.image-alt',
  outcome: 'violation',
  url: 'http://a.gov.cn/1.html',
  target: { selector: 'html > body:nth-of-type(1) > img:nth-of-type(1)', snippet: '<img src="x.png">' },
  message: '图片缺少替代文本',
  data: { src: 'x.png' },
};

describe('messages', () => {
  it('accepts each known message', () => {
    const valid = [
      { type: 'scan-result', url: 'http://a.gov.cn/', evalDate: '2026-11-26', findings: [finding] },
      { type: 'site-findings-request', url: 'http://a.gov.cn/' },
      { type: 'scan-tab', tabId: 3 },
      { type: 'rescan' },
      { type: 'locate', index: 0 },
    ];
    for (const m of valid) expect(parseMessage(m), m.type).toEqual(m);
  });

  it('rejects unknown types, missing or wrong fields, and non-objects', () => {
    const invalid: unknown[] = [
      { type: 'run-code', code: 'alert(1)' },
      { type: 'scan-result', url: 'http://a.gov.cn/', evalDate: '26/11/2026', findings: [] },
      { type: 'scan-tab', tabId: -1 },
      { type: 'scan-tab', tabId: 1.5 },
      { type: 'locate' },
      { url: 'http://a.gov.cn/' },
      'rescan',
      null,
      undefined,
      42,
    ];
    for (const m of invalid) expect(parseMessage(m), JSON.stringify(m)).toBeNull();
  });

  it('drops an invalid finding of a scan result on its own, keeping the others', () => {
    const message = {
      type: 'scan-result',
      url: 'http://a.gov.cn/',
      evalDate: '2026-11-26',
      findings: [finding, { ...finding, outcome: 'bad' }, { ...finding, message: 'x'.repeat(LIMITS.message + 1) }, finding],
    };
    expect(parseMessage(message)).toEqual({ ...message, findings: [finding, finding] });
    const many = { ...message, findings: Array.from({ length: LIMITS.findings + 3 }, () => finding) };
    expect((parseMessage(many) as { findings: unknown[] } | null)?.findings).toHaveLength(LIMITS.findings);
  });

  it('fits an over-long page URL, message, selector, snippet and too many findings within the limits', () => {
    const longUrl = `http://a.gov.cn/${'长'.repeat(LIMITS.url + 10)}.html`;
    const big = {
      ...finding,
      url: longUrl,
      message: `图片缺少替代文本：${'字'.repeat(LIMITS.message)}`,
      target: { selector: 'div > '.repeat(LIMITS.selector), snippet: `<img alt="${'x'.repeat(LIMITS.snippet)}">` },
    } as const;
    const fitted = fitFindings([big, ...Array.from({ length: LIMITS.findings + 5 }, () => finding)] as never);
    expect(fitted).toHaveLength(LIMITS.findings);
    expect(fitted[0]!.message.startsWith('图片缺少替代文本：字')).toBe(true);
    expect(fitted[0]!.message.length).toBe(LIMITS.message);
    expect(fitted[1]).toEqual(finding); // short findings are untouched
    const message = { type: 'scan-result', url: fitText(longUrl, LIMITS.url), evalDate: '2026-11-26', findings: fitted };
    expect(parseMessage(message)).toEqual(message);
    expect(parseMessage({ type: 'site-findings-request', url: fitText(longUrl, LIMITS.url) })).not.toBeNull();
    // A cut never leaves half of a surrogate pair.
    const emoji = fitText('a' + '😀'.repeat(10), 6);
    expect(emoji.length).toBeLessThanOrEqual(6);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji)).toBe(false);
  });

  it('writes the unit score the server sends (number or { total, max, vetoed, assessed }) in zh-CN', () => {
    expect(scoreText(61.5)).toBe('得分 61.5');
    expect(scoreText({ total: 52.5, max: 70, vetoed: false, assessed: true })).toBe('得分 52.5/70');
    expect(scoreText({ total: 0, max: 70, vetoed: true, assessed: true })).toBe('得分 0/70（单项否决）');
    expect(scoreText({ total: 0, max: 70, vetoed: false, assessed: false })).toBe('未能评分');
    expect(scoreText(null)).toBeNull();
  });

  it('reads a stored tab state only when it is well formed', () => {
    const state = { url: 'http://a.gov.cn/', evalDate: '2026-11-26', scannedAt: '2026-11-26T01:00:00Z', findings: [finding], site: { status: 'no-server' } };
    expect(parseTabState(state)).toEqual(state);
    expect(parseTabState({ ...state, findings: 'x' })).toBeNull();
    expect(parseTabState(undefined)).toBeNull();
  });
});

describe('settings', () => {
  it('normalises origins and the server URL, dropping what is not http(s)', () => {
    const s = parseSettings({
      autoScanOrigins: ['http://www.a.gov.cn/zwgk/', 'https://b.gov.cn', 'javascript:alert(1)', 'not a url', 'http://www.a.gov.cn'],
      serverUrl: 'http://127.0.0.1:8080/',
    });
    expect(s).toEqual({ autoScanOrigins: ['http://www.a.gov.cn', 'https://b.gov.cn'], serverUrl: 'http://127.0.0.1:8080' });
    expect(parseSettings({ autoScanOrigins: 'http://a.gov.cn', serverUrl: 5 })).toEqual({ autoScanOrigins: [], serverUrl: null });
    expect(parseSettings({})).toEqual({ autoScanOrigins: [], serverUrl: null });
    expect(normaliseServerUrl('file:///etc/passwd')).toBeNull();
  });

  it('auto-scans only pages of a listed origin (scheme, host and port all count)', () => {
    const s = parseSettings({ autoScanOrigins: ['http://www.a.gov.cn'] });
    expect(isAutoScanned(s, 'http://www.a.gov.cn/art/1.html')).toBe(true);
    expect(isAutoScanned(s, 'https://www.a.gov.cn/art/1.html')).toBe(false);
    expect(isAutoScanned(s, 'http://www.a.gov.cn:8080/')).toBe(false);
    expect(isAutoScanned(s, 'http://a.gov.cn/')).toBe(false);
    expect(isAutoScanned(s, 'chrome://extensions')).toBe(false);
  });

  it('encodes the page URL in the API address', () => {
    expect(siteFindingsUrl('http://s:1', 'http://a.gov.cn/x?a=1&b=2')).toBe('http://s:1/api/findings?url=http%3A%2F%2Fa.gov.cn%2Fx%3Fa%3D1%26b%3D2');
  });

  it('gives today as YYYY-MM-DD', () => {
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('site findings from the server (real HTTP server)', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url.searchParams.get('url') ?? '');
      const page = url.searchParams.get('url') ?? '';
      if (page.includes('/500')) {
        res.writeHead(500).end('boom');
      } else if (page.includes('/one-long')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            url: page,
            unit: { id: 'jty', name: '区交通运输局', score: { total: 52.5, max: 70, vetoed: false, assessed: true }, rank: 3 },
            findings: [
              { ruleId: 'freshness.column', outcome: 'violation', url: page, message: '本栏目超过更新要求', data: {} },
              { ruleId: 'link.oversized', outcome: 'violation', url: page, message: '长'.repeat(5000), data: {} },
              { ruleId: 'link.broken', outcome: 'pass', url: page, message: '链接可用', data: {} },
            ],
          }),
        );
      } else if (page.includes('/bad')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: page, findings: 'none' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            url: page,
            unit: { id: 'jty', name: '区交通运输局', score: 61.5, rank: 3 },
            findings: [
              { ruleId: 'freshness.column', outcome: 'violation', url: page, message: '本栏目最新信息为 40 天前，超过 14 天的更新要求', data: {} },
              { ruleId: 'link.broken', outcome: 'pass', url: page, message: '链接可用', data: {} },
            ],
          }),
        );
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('returns the validated response and turns it into banner lines', async () => {
    const site = await fetchSiteFindings(base, 'http://a.gov.cn/col/1.html');
    expect(seen).toContain('http://a.gov.cn/col/1.html');
    expect(site.status).toBe('ok');
    expect(siteResultSchema.parse(site)).toEqual(site);
    expect(siteLines(site)).toEqual(['区交通运输局，得分 61.5，排名第 3', '本栏目最新信息为 40 天前，超过 14 天的更新要求']);
  });

  it('keeps a response whose single finding is over a size limit, dropping only that finding', async () => {
    const site = await fetchSiteFindings(base, 'http://a.gov.cn/one-long');
    expect(site.status).toBe('ok');
    if (site.status !== 'ok') return;
    expect(site.response.findings.map((f) => f.ruleId)).toEqual(['freshness.column', 'link.broken']);
    expect(siteLines(site)[0]).toBe('区交通运输局，得分 52.5/70，排名第 3');
  });

  it('reports no server, an HTTP error, a malformed body and an unreachable server as such', async () => {
    expect(await fetchSiteFindings(null, 'http://a.gov.cn/')).toEqual({ status: 'no-server' });
    expect(siteLines({ status: 'no-server' })).toEqual([NO_SERVER_LINE]);
    expect(await fetchSiteFindings(base, 'http://a.gov.cn/500')).toEqual({ status: 'failed', reason: '服务返回状态 500' });
    expect(await fetchSiteFindings(base, 'http://a.gov.cn/bad')).toEqual({ status: 'failed', reason: '服务返回的数据格式不正确' });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await fetchSiteFindings(deadUrl, 'http://a.gov.cn/')).toEqual({ status: 'failed', reason: '无法连接服务' });
  });
});

describe('grouping by indicator', () => {
  it('groups by the catalogue indicator in indicator order, unknown rules last under 其他', () => {
    const groups = groupByIndicator([
      { ruleId: 'privacy.id-number', outcome: 'violation' },
      { ruleId: 'a11y.image-alt', outcome: 'violation' },
      { ruleId: 'no.such-rule', outcome: 'incomplete' },
      { ruleId: 'a11y.image-alt', outcome: 'incomplete' },
    ]);
    expect(groups.map((g) => [g.indicatorId, g.items.map((i) => i.index), g.violations, g.incompletes])).toEqual([
      ['accessibility', [1, 3], 1, 1],
      ['privacy-security', [0], 1, 0],
      ['other', [2], 0, 1],
    ]);
    expect(groups[0]?.name).toBe('无障碍与适老化');
    expect(groups[2]?.name).toBe('其他');
  });
});

describe('zip for "load packed"', () => {
  it('writes an archive that unzip lists and verifies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gongkai-zip-'));
    try {
      const file = join(dir, 'a.zip');
      await writeFile(file, zipEntries([
        { name: 'manifest.json', data: Buffer.from('{"manifest_version":3}') },
        { name: 'chunks/内容.js', data: Buffer.from('x'.repeat(5000)) },
      ]));
      const test = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(test).toContain('No errors detected');
      expect(execFileSync('unzip', ['-p', file, 'manifest.json'], { encoding: 'utf8' })).toBe('{"manifest_version":3}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('isAboutSender: a tab\'s message must be about the page that sent it', () => {
  it('accepts the sender\'s own URL (fragment aside, fitted like the content script does) and nothing else', () => {
    const url = 'http://www.example.gov.cn/zwgk/index.html';
    expect(isAboutSender(url, url)).toBe(true);
    expect(isAboutSender(url, `${url}#top`)).toBe(true);
    expect(isAboutSender('http://www.other.example.gov.cn/', url)).toBe(false);
    expect(isAboutSender(url, undefined)).toBe(false);
    const long = `http://www.example.gov.cn/s?q=${'a'.repeat(5000)}`;
    expect(isAboutSender(`${long.slice(0, 3999)}…`, long)).toBe(true);
    expect(isAboutSender(`${long.slice(0, 3000)}`, long)).toBe(false);
  });
});
