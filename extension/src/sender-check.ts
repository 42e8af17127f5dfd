/**
 * Whether a message a tab sent is about the page that sent it: the URL in the message must be the
 * sender's own (as the content script fits it into the message, fragment aside). A message that
 * names another page (a frame, a stale or forged content script) must not have its findings stored
 * or its server look-up made under this tab.
 */
import { fitText } from './fit.js';
import { LIMITS } from './messages.js';

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

export function isAboutSender(messageUrl: string, senderUrl: string | undefined): boolean {
  if (senderUrl === undefined) return false;
  const own = fitText(senderUrl, LIMITS.url);
  return messageUrl === own || withoutFragment(messageUrl) === withoutFragment(own);
}
