/** The 开始检查 panel: the state of a crawl started from the dashboard, and the button. */
import { escapeAttr, escapeHtml } from '../../rules/escape.js';
import { formatBeijingTime } from '../../rules/office-time.js';
import type { CrawlState } from './crawl-runner.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { tokenField } from './token-field.js';

export function renderCrawlPanel(enabled: boolean, state: CrawlState): string {
  if (!enabled) return `<section id="crawl"><h2>${escapeHtml(T.crawlTitle)}</h2><p class="muted">${escapeHtml(T.crawlDisabled)}</p></section>`;
  let status: string;
  switch (state.status) {
    case 'running':
      status = `<p class="banner banner-ok">${escapeHtml(T.crawlRunning(formatBeijingTime(state.startedAt ?? '')))}</p>`;
      break;
    case 'finished':
      status = `<p>${escapeHtml(T.crawlFinished(formatBeijingTime(state.endedAt ?? '')))}</p>`;
      break;
    case 'failed':
      status = `<p class="banner banner-warn">${escapeHtml(T.crawlFailed(formatBeijingTime(state.endedAt ?? ''), state.exit ?? ''))}</p><pre class="log">${escapeHtml(state.outputTail)}</pre>`;
      break;
    default:
      status = `<p>${escapeHtml(T.crawlIdle)}</p>`;
  }
  const form =
    state.status === 'running'
      ? ''
      : `<form class="inline" method="post" action="${escapeAttr('/crawl')}">${tokenField()}<button type="submit">${escapeHtml(T.crawlButton)}</button></form><p class="muted">${escapeHtml(T.tokenHint)}</p>`;
  return `<section id="crawl"><h2>${escapeHtml(T.crawlTitle)}</h2>${status}${form}</section>`;
}
