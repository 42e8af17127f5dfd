/**
 * The options page: edits `autoScanOrigins` and `serverUrl` in chrome.storage.local. Saving asks
 * for host permission on the listed origins (and the server), since the extension is installed with
 * optional host permissions only; the click on 保存 is the user gesture the request needs.
 */
import browser from 'webextension-polyfill';
import { normaliseOrigin, normaliseServerUrl, parseSettings } from './settings.js';

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`options.html lacks #${id}`);
  return node as T;
}

async function load(): Promise<void> {
  const settings = parseSettings(await browser.storage.local.get(['autoScanOrigins', 'serverUrl']));
  byId<HTMLTextAreaElement>('origins').value = settings.autoScanOrigins.join('\n');
  byId<HTMLInputElement>('server').value = settings.serverUrl ?? '';
}

async function save(): Promise<void> {
  const status = byId('status');
  const lines = byId<HTMLTextAreaElement>('origins').value.split(/\s+/).filter(Boolean);
  const origins = lines.map(normaliseOrigin);
  const bad = lines.filter((_, i) => origins[i] === null);
  const serverText = byId<HTMLInputElement>('server').value.trim();
  const serverUrl = normaliseServerUrl(serverText);
  if (bad.length > 0 || (serverText && !serverUrl)) {
    status.textContent = `以下地址无法识别，请以 http:// 或 https:// 开头：${[...bad, ...(serverText && !serverUrl ? [serverText] : [])].join('、')}`;
    return;
  }
  const valid = [...new Set(origins.filter((o): o is string => o !== null))];
  const patterns = [...valid, ...(serverUrl ? [new URL(serverUrl).origin] : [])].map((o) => `${o}/*`);
  const granted = patterns.length === 0 || (await browser.permissions.request({ origins: patterns }));
  await browser.storage.local.set({ autoScanOrigins: valid, serverUrl });
  status.textContent = granted ? '已保存。' : '已保存，但未获得访问这些网站的权限：自动检查和全站结果将无法使用。';
}

byId<HTMLFormElement>('form').addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});
void load();
