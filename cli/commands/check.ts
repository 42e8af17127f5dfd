/** `gongkai check URL|FILE…`: page rules on one or more pages (static; `--render` comes with the browser). */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { runPageRules } from '../../rules/engine.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import type { Finding } from '../../rules/types.js';
import { cliText } from '../text.zh-CN.js';
import { evalDateFrom, parseCommandArgs, UsageError } from '../main.js';
import { decodeHtml } from '../../crawler/decode.js';
import { fetchPage } from '../../crawler/fetch-page.js';
import { runAxe } from '../../crawler/browser/axe-runner.js';
import { chromiumMissingMessage } from '../../crawler/browser/chromium-path.js';
import { BrowserPool } from '../../crawler/browser/pool.js';
import { renderPage } from '../../crawler/browser/render-page.js';
import { UserError } from '../../store/errors.js';
import { httpUrlProblem } from '../../crawler/config.js';
import { mergeA11yFindings } from '../../rules/a11y/merge.js';
import type { StoredAxeResult } from '../../rules/a11y/axe-result.js';

export interface CheckResult {
  input: string;
  findings: Finding[];
  /** Why the page could not be checked (zh-CN); absent when it was. */
  error?: string;
}

/** `check` sees one page: say which rules that covers, so "no problem" is not read as "the site is fine". */
const CHECK_SCOPE_NOTE = '页面规则未发现问题（check 只检查单个页面的规则，加 --render 时还在浏览器中做无障碍（axe）检查；专栏、栏目更新、链接等全站检查请用 crawl）';

const OUTCOME_LABEL: Record<string, string> = { violation: '问题', incomplete: '需人工复核', error: '出错', pass: '通过', inapplicable: '不适用' };

/** `--render`: the page as Chromium renders it, static page rules merged with axe (WCAG 2.1 A/AA). */
export async function checkRendered(pool: BrowserPool, input: string, evalDate: string, timeoutMs = 15000): Promise<CheckResult> {
  let url = input;
  if (!/^https?:\/\//i.test(input)) {
    const path = resolve(input);
    if (!existsSync(path)) return { input, findings: [], error: `找不到文件 ${path}` };
    url = pathToFileURL(path).href;
  }
  let axe: StoredAxeResult | null = null;
  const rendered = await renderPage(pool, url, {
    timeoutMs,
    afterRender: async (page) => {
      axe = await runAxe(page);
    },
  });
  if (rendered.error !== null) return { input, findings: [], error: rendered.error };
  const dom = cheerioDomView(rendered.html, rendered.finalUrl);
  const snapshot = extractSnapshot(dom, rendered.finalUrl, { refDate: evalDate });
  const staticFindings = runPageRules({ url: snapshot.url, snapshot, dom, evalDate });
  const runs = axe ? [{ url: snapshot.url, result: axe }] : [];
  return { input, findings: mergeA11yFindings(staticFindings, runs) };
}

export async function checkPage(input: string, evalDate: string, timeoutMs = 15000): Promise<CheckResult> {
  let body: Buffer;
  let contentType: string | null = null;
  let url: string;
  if (/^https?:\/\//i.test(input)) {
    const res = await fetchPage(input, { timeoutMs });
    if (res.error || res.status === null || res.status >= 400 || !res.body) {
      return { input, findings: [], error: res.error?.message ?? `服务器返回 HTTP ${res.status}` };
    }
    body = res.body;
    contentType = res.headers['content-type'] ?? null;
    url = res.finalUrl;
  } else {
    const path = resolve(input);
    try {
      body = readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // `www.example.gov.cn` is a site, not a file: say how to write it.
      const looksLikeHost = /^[\w-]+(\.[\w-]+)+(\/|$)/.test(input);
      const why = code === 'ENOENT' ? `找不到文件 ${path}${looksLikeHost ? `。如果这是网址，请写成 http://${input}` : ''}`
        : code === 'EISDIR' ? `${path} 是一个目录，请给出 HTML 文件` : `无法读取文件 ${path}（${code}）`;
      return { input, findings: [], error: why };
    }
    url = pathToFileURL(path).href;
  }
  if (body.subarray(0, 4096).includes(0)) return { input, findings: [], error: '内容不是 HTML 页面（是二进制文件）' };
  try {
    const { html } = decodeHtml(body, contentType);
    const dom = cheerioDomView(html, url);
    const snapshot = extractSnapshot(dom, url, { refDate: evalDate });
    return { input, findings: runPageRules({ url, snapshot, dom, evalDate }) };
  } catch (err) {
    // One unreadable input must not cost the others their results.
    return { input, findings: [], error: `无法解析该页面（${err instanceof Error ? err.message : String(err)}）` };
  }
}

/** `C:\\pages\\a.html` is a Windows path, not a URL with scheme `c`. */
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Why a `check` argument is neither a usable http(s) address nor a file name, or null. */
export function inputProblem(input: string): string | null {
  if (input.trim() === '') return cliText.emptyInput;
  if (/[\u0000-\u001f\u007f]/.test(input)) return cliText.badInput(input, '含有控制字符，不是有效的网址或文件名');
  if (URL_SCHEME.test(input) && !WINDOWS_DRIVE.test(input)) {
    const problem = httpUrlProblem(input);
    if (problem) return cliText.badInput(input, /^https?:/i.test(input) ? problem : '不是 http:// 或 https:// 网址，check 只能检查网页或本机的 HTML 文件');
  }
  return null;
}

export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('check', args, { format: { type: 'string' }, render: { type: 'boolean' }, now: { type: 'string' } }, true);
  if (!parsed) return 0;
  const { values: v, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('check：请给出至少一个网址或 HTML 文件，例如 npx gongkai check https://www.example.gov.cn/');
  // A malformed argument is a usage error for the whole command (2), told before anything is
  // fetched; a well-formed page that cannot be reached is that page's result (exit 1 below).
  for (const input of positionals) {
    const problem = inputProblem(input);
    if (problem) throw new UsageError(problem);
  }
  const format = (v.format ?? 'text').toLowerCase();
  if (format !== 'json' && format !== 'text') throw new UsageError(cliText.badFormat(format, ['json', 'text']));
  const evalDate = evalDateFrom(v.now);
  const results: CheckResult[] = [];
  if (v.render) {
    // One browser for all pages: the rendered DOM gets the static rules and axe.
    const pool = new BrowserPool();
    try {
      if (!(await pool.available())) throw new UserError(`check --render：${pool.unavailableReason ?? chromiumMissingMessage()}`);
      for (const input of positionals) results.push(await checkRendered(pool, input, evalDate));
    } finally {
      await pool.close();
    }
  } else {
    for (const input of positionals) results.push(await checkPage(input, evalDate));
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      process.stdout.write(`${r.input}\n`);
      if (r.error) process.stdout.write(`  无法检查：${r.error}\n`);
      else if (r.findings.length === 0) process.stdout.write(`  ${CHECK_SCOPE_NOTE}\n`);
      for (const f of r.findings) {
        process.stdout.write(`  [${OUTCOME_LABEL[f.outcome] ?? f.outcome}] ${f.ruleId}  ${f.message}${f.target ? `\n      ${f.target.selector}` : ''}\n`);
      }
    }
  }
  // 1 when some input could not be checked, so scripts notice; the others still have their results.
  return results.some((r) => r.error) ? 1 : 0;
}
