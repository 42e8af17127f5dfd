/**
 * When an unreadable attachment matters: only when its link text or file name says it is a list of
 * people (名单, 公示, 低保 …). Any other unreadable file is not a privacy finding (no flood of doubts).
 */
import type { AttachmentText } from '../types.js';
import { LIST_WORDS } from './mobile.js';

export function unreadableListAttachment(a: AttachmentText): boolean {
  if (a.text !== null || a.error === null) return false;
  let name = a.url;
  try {
    name = decodeURIComponent(new URL(a.url).pathname);
  } catch {
    // keep the raw URL
  }
  return LIST_WORDS.test(a.fromText) || LIST_WORDS.test(name);
}
