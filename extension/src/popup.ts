/**
 * The popup (or popup.html?tab=<id> opened as a page): lists the tab's last scan grouped by scoring
 * indicator, with a 「定位」 button per finding that has a box, and the site's findings from the
 * Gongkai server. Opening it from the toolbar asks the service worker to scan the tab (activeTab).
 * Texts from the page and the server are untrusted: textContent only.
 */
import browser from 'webextension-polyfill';
// messages.js first: it switches zod to jitless before the catalogue parses its data.
import { parseTabState, tabStateKey, type Message, type SiteResult, type TabState } from './messages.js';
import { ruleMeta } from '../../rules/catalogue.js';
import { scoreText } from './score-text.js';
import { groupByIndicator } from './group.js';
import { NO_SERVER_LINE } from './site-lines.js';
import { revealInvisible } from '../../rules/escape.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  // Bidi controls and zero-width characters in page strings are shown as [U+XXXX], not obeyed.
  if (text !== undefined) node.textContent = revealInvisible(text);
  if (className) node.className = className;
  return node;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`popup.html lacks #${id}`);
  return node;
}

async function resolveTabId(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function send(message: Message, tabId?: number): Promise<unknown> {
  return tabId === undefined ? browser.runtime.sendMessage(message) : browser.tabs.sendMessage(tabId, message);
}

/** One finding as a list item: outcome, rule title and message (page strings as text only). */
function findingItem(finding: { ruleId: string; outcome: string; message: string }): HTMLLIElement {
  const item = el('li');
  item.setAttribute('data-rule', finding.ruleId);
  item.append(outcomeTag(finding.outcome), el('span', ruleMeta(finding.ruleId)?.title ?? finding.ruleId, 'title'));
  item.append(el('p', finding.message, 'message'));
  return item;
}

function outcomeTag(outcome: string): HTMLElement {
  return outcome === 'violation' ? el('span', '问题', 'tag') : el('span', '需人工核查', 'tag incomplete');
}

function renderPage(state: TabState, tabId: number): void {
  byId('page').textContent = state.url;
  const problems = state.findings.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete');
  const violations = problems.filter((f) => f.outcome === 'violation').length;
  byId('status').textContent = `检查日期 ${state.evalDate}`;
  byId('summary').textContent = problems.length === 0
    ? '本页未发现问题。'
    : `共 ${problems.length} 条：问题 ${violations} 条，需人工核查 ${problems.length - violations} 条。`;
  const container = byId('groups');
  container.replaceChildren();
  const indexed = state.findings.map((f, index) => ({ ...f, index }));
  for (const group of groupByIndicator(indexed.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete'))) {
    const section = el('section');
    section.setAttribute('data-indicator', group.indicatorId);
    section.append(el('h3', `${group.name}（${group.items.length}）`));
    const list = el('ul');
    for (const { finding } of group.items) {
      const item = findingItem(finding);
      if (finding.target) {
        const locate = el('button', '定位');
        locate.type = 'button';
        locate.addEventListener('click', () => {
          void send({ type: 'locate', index: finding.index }, tabId).catch(() => {
            byId('status').textContent = '无法定位：页面已变化，请重新检查。';
          });
        });
        item.append(locate);
      }
      list.append(item);
    }
    section.append(list);
    container.append(section);
  }
  byId('page-findings').hidden = false;
}

function renderSite(site: SiteResult | null): void {
  const body = byId('site-body');
  body.replaceChildren();
  if (!site || site.status === 'no-server') {
    body.textContent = NO_SERVER_LINE;
    return;
  }
  if (site.status === 'failed') {
    body.textContent = `无法读取 Gongkai 服务的检查结果：${site.reason}`;
    return;
  }
  const { unit, findings } = site.response;
  if (unit) {
    const parts = [unit.name];
    const score = scoreText(unit.score);
    if (score !== null) parts.push(score);
    if (unit.rank !== null) parts.push(`排名第 ${unit.rank}`);
    body.append(el('p', parts.join('，')));
  }
  const problems = findings.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete');
  if (problems.length === 0) {
    body.append(el('p', '服务未记录本页所在站点或栏目的问题。'));
    return;
  }
  for (const group of groupByIndicator(problems)) {
    body.append(el('h3', `${group.name}（${group.items.length}）`));
    const list = el('ul');
    for (const { finding } of group.items) {
      const item = findingItem(finding);
      list.append(item);
    }
    body.append(list);
  }
}

function render(state: TabState | null, tabId: number): void {
  if (!state) {
    byId('status').textContent = '本页尚未检查。';
    return;
  }
  renderPage(state, tabId);
  renderSite(state.site);
}

async function main(): Promise<void> {
  const tabId = await resolveTabId();
  if (tabId === null) {
    byId('status').textContent = '找不到当前标签页。';
    return;
  }
  const key = tabStateKey(tabId);
  const read = async (): Promise<TabState | null> => parseTabState((await browser.storage.session.get(key))[key]);
  browser.storage.session.onChanged.addListener((changes) => {
    if (key in changes) render(parseTabState(changes[key]?.newValue), tabId);
  });
  const scanTab = async (): Promise<void> => {
    byId('status').textContent = '正在检查本页……';
    const reply = (await send({ type: 'scan-tab', tabId })) as { ok?: boolean } | undefined;
    if (!reply?.ok) byId('status').textContent = '无法检查此页面（浏览器内部页面或未授权的网站）。';
  };
  byId('rescan').addEventListener('click', () => void scanTab());
  const state = await read();
  render(state, tabId);
  // Opened from the toolbar (activeTab granted): scan now unless the page was already scanned.
  if (!state) await scanTab();
}

void main();
