/**
 * Fits a live scan to the message limits (messages.ts LIMITS) before the content script sends it: a
 * page with a very long URL, text or markup must still get its badge and popup list, so over-long
 * fields are shortened and the list is capped rather than the whole scan being rejected.
 */
import { LIMITS } from './messages.js';
import type { Finding } from '../../rules/types.js';

/** `text` cut to at most `max` UTF-16 units (ending in '…' when cut), never splitting a surrogate pair. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

export function fitFinding(finding: Finding): Finding {
  const fitted: Finding = { ...finding, url: fitText(finding.url, LIMITS.url), message: fitText(finding.message, LIMITS.message) };
  if (finding.target) {
    fitted.target = {
      ...finding.target,
      // A cut selector no longer finds its element: the finding is still listed, only without a box.
      selector: fitText(finding.target.selector, LIMITS.selector),
      snippet: fitText(finding.target.snippet, LIMITS.snippet),
    };
  }
  return fitted;
}

/** The findings to send and draw (the same list, so the popup's 定位 index matches the overlay's box). */
export function fitFindings(findings: Finding[]): Finding[] {
  return findings.slice(0, LIMITS.findings).map(fitFinding);
}
