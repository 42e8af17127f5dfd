/**
 * Content script (IIFE, injected by the service worker): scans the live page with the same rules as
 * the crawler, draws the overlay, reports the findings to the service worker (badge, popup) and shows
 * the site's findings from the Gongkai server when one is configured.
 *
 * Injected again into the same page (toolbar click after an automatic scan), it only rescans.
 */
import browser from 'webextension-polyfill';
import { fitFindings, fitText } from './fit.js';
import { LIMITS, parseMessage, siteResultSchema, type Message, type SiteResult } from './messages.js';
import { Overlay } from './overlay.js';
import { localIsoDate, scanDocument } from './scan.js';
import { siteLines } from './site-lines.js';
import type { Finding } from '../../rules/types.js';

declare global {
  /** The first injection's scan: a later injection (same isolated world) calls it and stops. */
  var gongkaiRescan: (() => Promise<void>) | undefined;
}

let overlay: Overlay | null = null;

async function sendToWorker(message: Message): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

async function scan(): Promise<void> {
  // Fitted to the message limits: an over-long URL must not cost the page its badge and popup list.
  const url = fitText(location.href, LIMITS.url);
  const evalDate = localIsoDate();
  // The host exists before the scan, which skips exactly this element (a page may reuse its id).
  overlay ??= new Overlay(document);
  let findings: Finding[];
  try {
    findings = fitFindings(scanDocument(document, location.href, evalDate, { exclude: overlay.host }).findings);
  } catch (error) {
    console.warn('Gongkai：本页检查失败', error);
    findings = [];
  }
  overlay.draw(findings);
  overlay.setBanner(siteLines(null));
  await sendToWorker({ type: 'scan-result', url, evalDate, findings });

  let site: SiteResult | null = null;
  try {
    const parsed = siteResultSchema.safeParse(await sendToWorker({ type: 'site-findings-request', url }));
    site = parsed.success ? parsed.data : { status: 'failed', reason: '服务返回的数据格式不正确' };
  } catch {
    site = { status: 'failed', reason: '扩展后台无响应' };
  }
  overlay.setBanner(siteLines(site));
}

function onMessage(raw: unknown): Promise<unknown> | undefined {
  const message = parseMessage(raw);
  if (!message) return undefined;
  if (message.type === 'rescan') return scan().then(() => ({ ok: true }));
  if (message.type === 'locate') return Promise.resolve({ ok: overlay?.locate(message.index) ?? false });
  return undefined;
}

if (globalThis.gongkaiRescan) {
  void globalThis.gongkaiRescan();
} else {
  globalThis.gongkaiRescan = scan;
  browser.runtime.onMessage.addListener(onMessage);
  void scan();
}
