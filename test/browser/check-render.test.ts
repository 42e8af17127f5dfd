/** `gongkai check --render` on a file and on a URL: static rules and axe in one real Chromium, never twice. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, chromiumMissingMessage } from '../../crawler/browser/chromium-path.js';
import { runCli } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const PAGE = '<!doctype html><html><head><title>测试页面</title></head><body><main><h1>通知</h1><img src="x.png"><p style="color:#ccc;background:#fff">浅色文字</p></main></body></html>';
const SCRIPTED = `<!doctype html><html lang="zh-CN"><head><title>脚本页面</title></head><body><main><h1>列表</h1><div id="box"></div>
<script>document.getElementById('box').innerHTML = '<img src="y.png">';</script></main></body></html>`;

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'gk-check-render-'));

beforeAll(async () => {
  if (!findChromium()) throw new Error(chromiumMissingMessage());
  writeFileSync(join(dir, 'page.html'), PAGE);
  server = await startServer({
    '/scripted.html': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(SCRIPTED); },
  });
});

afterAll(async () => {
  await server?.close();
});

interface Out { input: string; findings: { ruleId: string; outcome: string }[]; error?: string }

describe('check --render', () => {
  it('runs static rules and axe on a local file, each problem once', async () => {
    const r = await runCli(['check', join(dir, 'page.html'), '--render', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const [out] = JSON.parse(r.stdout) as Out[];
    const violations = out!.findings.filter((f) => f.outcome === 'violation').map((f) => f.ruleId).sort();
    expect(violations).toEqual(['a11y.color-contrast', 'a11y.html-has-lang', 'a11y.image-alt']);
  }, 90_000);

  it('does not let a local file lead the browser to other local files', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'GONGKAI-SECRET-CONTENT');
    writeFileSync(join(dir, 'nav.html'), `<!doctype html><html lang="zh-CN"><head><title>跳转</title></head><body><main><h1>跳转</h1><img src="a.png"></main>
<script>location.href = ${JSON.stringify(`file://${join(dir, 'secret.txt')}`)};</script></body></html>`);
    const r = await runCli(['check', join(dir, 'nav.html'), '--render', '--format', 'json']);
    expect(r.stdout).not.toContain('GONGKAI-SECRET-CONTENT');
    const [out] = JSON.parse(r.stdout) as Out[];
    expect(out!.findings.some((f) => f.ruleId === 'a11y.image-alt')).toBe(true); // the page itself was checked
  }, 90_000);

  it('sees what script builds on a URL, which the static check cannot', async () => {
    const url = `${server.url}/scripted.html`;
    const plain = JSON.parse((await runCli(['check', url, '--format', 'json'])).stdout) as Out[];
    expect(plain[0]!.findings.filter((f) => f.ruleId === 'a11y.image-alt')).toEqual([]);
    const rendered = JSON.parse((await runCli(['check', url, '--render', '--format', 'json'])).stdout) as Out[];
    expect(rendered[0]!.findings.filter((f) => f.ruleId === 'a11y.image-alt' && f.outcome === 'violation')).toHaveLength(1);
  }, 90_000);
});
