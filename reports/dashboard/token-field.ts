/** The 操作口令 field every changing form carries (the page never contains the token itself). */
import { escapeHtml } from '../../rules/escape.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

export function tokenField(): string {
  return `<label>${escapeHtml(T.tokenLabel)}<input type="password" name="token" autocomplete="current-password" required></label>`;
}
