/**
 * Service worker (ESM): injects the content script when the popup opens (activeTab) and when a page
 * of an origin listed in `autoScanOrigins` finishes loading; keeps each tab's last scan in
 * chrome.storage.session for the popup; sets the toolbar badge; fetches site findings from the
 * Gongkai server for the content script. Listeners are registered synchronously at top level, as MV3
 * requires for a worker that may be stopped and restarted.
 */
import browser from 'webextension-polyfill';
import type { Runtime, Tabs } from 'webextension-polyfill';
import { parseMessage, parseTabState, tabStateKey, type MessageOf, type SiteResult, type TabState } from './messages.js';
import { isAutoScanned, parseSettings, type Settings } from './settings.js';
import { fetchSiteFindings } from './site-findings.js';
import { isAboutSender } from './sender-check.js';

async function readSettings(): Promise<Settings> {
  return parseSettings(await browser.storage.local.get(['autoScanOrigins', 'serverUrl']));
}

async function readTabState(tabId: number): Promise<TabState | null> {
  const key = tabStateKey(tabId);
  const stored = await browser.storage.session.get(key);
  return parseTabState(stored[key]);
}

async function writeTabState(tabId: number, state: TabState): Promise<void> {
  await browser.storage.session.set({ [tabStateKey(tabId)]: state });
}

export async function injectScanner(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
}

async function setBadge(tabId: number, count: number): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ tabId, color: count > 0 ? '#d93025' : '#188038' });
  await browser.action.setBadgeText({ tabId, text: count > 99 ? '99+' : String(count) });
}

async function onScanResult(message: MessageOf<'scan-result'>, tabId: number): Promise<{ ok: true }> {
  const previous = await readTabState(tabId);
  const state: TabState = {
    url: message.url,
    evalDate: message.evalDate,
    scannedAt: new Date().toISOString(),
    findings: message.findings,
    // A rescan of the same page keeps what the server said until it answers again.
    site: previous && previous.url === message.url ? previous.site : null,
  };
  await writeTabState(tabId, state);
  const count = message.findings.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete').length;
  await setBadge(tabId, count);
  return { ok: true };
}

async function onSiteFindingsRequest(message: MessageOf<'site-findings-request'>, tabId: number): Promise<SiteResult> {
  const settings = await readSettings();
  const site = await fetchSiteFindings(settings.serverUrl, message.url);
  const state = await readTabState(tabId);
  if (state && state.url === message.url) await writeTabState(tabId, { ...state, site });
  return site;
}

function handleMessage(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
  const message = parseMessage(raw);
  if (!message) return undefined; // not ours: no answer
  const fromTab = sender.tab?.id;
  switch (message.type) {
    // From a tab, and about the page that sent it (not what the message claims to be about).
    case 'scan-result':
      return fromTab === undefined || !isAboutSender(message.url, sender.url) ? undefined : onScanResult(message, fromTab);
    case 'site-findings-request':
      return fromTab === undefined || !isAboutSender(message.url, sender.url) ? undefined : onSiteFindingsRequest(message, fromTab);
    case 'scan-tab':
      // Only our own pages (popup) may ask: a content script never injects elsewhere.
      if (fromTab !== undefined && !sender.url?.startsWith(browser.runtime.getURL(''))) return undefined;
      return injectScanner(message.tabId).then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    default:
      return undefined;
  }
}

browser.runtime.onMessage.addListener(handleMessage);

browser.tabs.onUpdated.addListener((tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => {
  if (change.status === 'loading' && change.url) {
    // A new page: its old findings no longer apply.
    void browser.storage.session.remove(tabStateKey(tabId));
    void browser.action.setBadgeText({ tabId, text: '' });
  }
  if (change.status !== 'complete' || !tab.url) return; // no url: no host permission, nothing to do
  const url = tab.url;
  void readSettings().then((settings) => {
    if (!isAutoScanned(settings, url)) return;
    return injectScanner(tabId).catch((error: unknown) => {
      console.warn('Gongkai：自动检查注入失败', error);
    });
  });
});

browser.tabs.onRemoved.addListener((tabId: number) => {
  void browser.storage.session.remove(tabStateKey(tabId));
});
