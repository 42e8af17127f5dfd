/** A calm zh-CN page for refusals and errors (403, 404, 405, 413, 500): what happened, a way back. */
import { escapeHtml } from '../../rules/escape.js';
import { renderPage } from './layout.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

export function renderMessagePage(title: string, message: string, back: string = '/'): string {
  return renderPage({
    title,
    body: `<section><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(back)}">${escapeHtml(T.backHome)}</a></p></section>`,
  });
}
