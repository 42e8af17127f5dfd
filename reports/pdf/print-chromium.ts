/**
 * Prints one self-contained HTML document to an A4 PDF with the system Chromium (playwright-core).
 *
 * The document is untrusted in the sense that it carries crawled text (escaped, but defence in
 * depth costs nothing here): JavaScript is off, every network request is refused (the document
 * needs none: styles are inline, images are data URIs), and any dialog is dismissed and recorded.
 * A browser is launched for the one print and closed afterwards; reports are rare, a resident
 * browser is not worth its memory.
 */
import type { Browser } from 'playwright-core';
import { UserError } from '../../store/errors.js';
import { PDF } from './messages.zh-CN.js';

/**
 * The Chromium to print with. Finding it is the caller's (the command line uses
 * crawler/browser/chromium-path.ts, as the crawl does); null when none was found.
 */
export interface PrintingChromium {
  path: string;
  /** Command-line flags (headless quiet, no background networking). */
  args: readonly string[];
}

export interface PrintOptions {
  chromium: PrintingChromium | null;
  /** Chromium header/footer templates (their own tiny documents; `pageNumber`/`totalPages` spans are filled in). */
  headerTemplate: string;
  footerTemplate: string;
  margin: { top: string; bottom: string; left: string; right: string };
  /** Where GONGKAI_CHROMIUM was looked up, to word the error when no Chromium was found (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Cap on launching, loading and printing each (default 60 s; a district report is big). */
  timeoutMs?: number;
}

export interface PrintResult {
  pdf: Buffer;
  /** Messages of dialogs that opened while printing: always empty unless something ran a script. */
  dialogs: string[];
  /** URLs the document tried to load; all were refused. */
  blockedRequests: string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line.trim();
}

/** The system Chromium, or a UserError that says how to install one. */
async function launchBrowser(found: PrintingChromium | null, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Browser> {
  if (!found) throw new UserError(env.GONGKAI_CHROMIUM ? PDF.chromiumBadEnv(env.GONGKAI_CHROMIUM) : PDF.noChromium);
  try {
    return await (await import('playwright-core')).chromium.launch({
      executablePath: found.path,
      headless: true,
      args: [...found.args],
      timeout: timeoutMs,
      // The CLI owns the process's signals (a Ctrl-C during an export must not be turned into
      // Playwright's own exit); the browser is closed in printHtmlToPdf's finally.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    throw new UserError(PDF.launchFailed(firstLine(err)));
  }
}

export async function printHtmlToPdf(html: string, opts: PrintOptions): Promise<PrintResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const browser = await launchBrowser(opts.chromium, opts.env ?? process.env, timeoutMs);
  const dialogs: string[] = [];
  const blockedRequests: string[] = [];
  try {
    const context = await browser.newContext({
      // Nothing in the report needs a script; with scripts off no crawled string can run even if
      // escaping ever failed. (No page.evaluate is used, so no __name shim is needed under tsx.)
      javaScriptEnabled: false,
      serviceWorkers: 'block',
      acceptDownloads: false,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(timeoutMs);
    await context.route('**/*', async (route) => {
      blockedRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => undefined);
    });
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: opts.headerTemplate,
      footerTemplate: opts.footerTemplate,
      margin: opts.margin,
      preferCSSPageSize: false,
    });
    return { pdf, dialogs, blockedRequests };
  } finally {
    await browser.close().catch(() => undefined);
  }
}
