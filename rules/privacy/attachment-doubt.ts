/**
 * When an unreadable attachment matters: only when its link text or file name says it is a list of
 * people (名单, 公示, 低保 …) is it a finding of its own. Any other unreadable file only counts in
 * the unit-level doubt (no flood of doubts). A file that is gone matters not at all.
 */
import type { AttachmentText } from '../types.js';
import { LIST_WORDS } from './mobile.js';

/**
 * A file the server says is gone (404, 410) publishes nothing: no privacy doubt (link.broken reports
 * the link). The text is the crawler's (crawler/attachments/messages.zh-CN.ts, httpStatus).
 */
const GONE = /HTTP (404|410)\b/;

export function unreadableListAttachment(a: AttachmentText): boolean {
  if (a.text !== null || a.error === null || GONE.test(a.error)) return false;
  let name = a.url;
  try {
    name = decodeURIComponent(new URL(a.url).pathname);
  } catch {
    // keep the raw URL
  }
  return LIST_WORDS.test(a.fromText) || LIST_WORDS.test(name);
}

/** An attachment that could not be read although it may exist: its content is unknown. */
export function unreadAttachment(a: AttachmentText): boolean {
  return a.text === null && !(a.error !== null && GONE.test(a.error));
}
