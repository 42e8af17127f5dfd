/**
 * Finds a Chromium to drive with playwright-core (no browser download: Playwright's own install is
 * used only if it is already there). Order: GONGKAI_CHROMIUM, Playwright's installed browser, the
 * Debian/Ubuntu paths, Google Chrome.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The real binary first: /usr/bin/chromium is a wrapper that adds flags and prints noise. */
const SYSTEM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export interface ChromiumLocation {
  path: string;
  source: 'env' | 'playwright' | 'system';
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLocation | null {
  const fromEnv = env.GONGKAI_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv, source: 'env' } : null;
  try {
    // Loaded only here and when a browser starts: playwright-core alone holds ~90 MB of memory,
    // which a crawl that never renders should not carry.
    const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return { path: bundled, source: 'playwright' };
  } catch {
    // Playwright has no browser of its own here: fall through to the system ones.
  }
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return { path: p, source: 'system' };
  return null;
}

/** zh-CN explanation for when no browser is found (the crawl still runs, over HTTP only). */
export function chromiumMissingMessage(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GONGKAI_CHROMIUM) return `环境变量 GONGKAI_CHROMIUM 指向的浏览器不存在：${env.GONGKAI_CHROMIUM}`;
  return '未找到 Chromium 浏览器，需要浏览器渲染的页面和无障碍（axe）检查将跳过。安装方法：npm run setup:browser（Debian/Ubuntu 上以 root 运行会用 apt 安装 chromium 和中文字体），或设置环境变量 GONGKAI_CHROMIUM 指向已安装的 Chromium/Chrome。';
}

/** The Chromium to print a PDF with (reports/pdf/print-chromium.ts), or null when none is found. */
export function printingChromium(env: NodeJS.ProcessEnv = process.env): { path: string; args: readonly string[] } | null {
  const found = findChromium(env);
  return found && { path: found.path, args: CHROMIUM_ARGS };
}

/** Flags that keep a headless Chromium quiet on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
