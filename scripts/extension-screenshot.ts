/**
 * Makes the screenshot in extension/README-extension.md: the built extension on the demo district's
 * page with a seeded alt-less image, badge hovered. Run: npx tsx scripts/extension-screenshot.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from '../crawler/browser/chromium-path.js';
import { buildExtension } from '../extension/build.js';
import { localIsoDate } from '../extension/src/scan.js';
import { expectedViolations } from '../test/demo-district/answer-key.js';
import { startDemoDistrict } from '../test/demo-district/server.js';

/** The extension API as seen inside the service worker (only what this script calls). */
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

const out = fileURLToPath(new URL('../extension/docs/overlay.png', import.meta.url));
const found = findChromium();
if (!found) throw new Error(chromiumMissingMessage());
const work = await mkdtemp(join(tmpdir(), 'gk-shot-'));
const ext = join(work, 'dist');
await buildExtension({ outDir: ext, grantHosts: ['http://127.0.0.1/*'], zip: false });
const district = await startDemoDistrict({ evalDate: localIsoDate() });
const jty = district.units.find((u) => u.id === 'jty')!;
const seeded = expectedViolations(district).find((f) => f.unitId === 'jty' && f.ruleId === 'a11y.image-alt')!;
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: found.path, headless: true, viewport: { width: 1100, height: 700 },
  args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
});
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await sw.evaluate((origin) => chrome.storage.local.set({ autoScanOrigins: [origin] }), new URL(jty.url).origin);
  const page = await context.newPage();
  await page.goto(new URL(seeded.path, jty.url).href);
  await page.waitForFunction(() => document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('[data-gongkai-rule]'));
  await page.evaluate(() => document.querySelector('img:not([alt])')?.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(300);
  const badge = page.locator('#gongkai-overlay-host [data-gongkai-rule] button, #gongkai-overlay-host [data-gongkai-rule] [tabindex]').first();
  if (await badge.count()) await badge.focus().catch(() => undefined);
  await page.waitForTimeout(200);
  await page.screenshot({ path: out });
  process.stdout.write(`已写入 ${out}\n`);
} finally {
  await context.close();
  await district.close();
  await rm(work, { recursive: true, force: true });
}
