/**
 * One scan of a document: live DOM view → snapshot → page rules. Shared by the content script and
 * the test harness so both run exactly the same code.
 */
import { liveDomView } from '../../rules/dom/live-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { runPageRules } from '../../rules/engine.js';
import type { Finding, PageSnapshot } from '../../rules/types.js';

/** Today's date in the browser's time zone (the evaluation date of a live check). */
export function localIsoDate(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface ScanResult {
  url: string;
  evalDate: string;
  snapshot: PageSnapshot;
  findings: Finding[];
}

/** `exclude`: the overlay host (created before the scan) — never part of what the rules see. */
export function scanDocument(doc: Document, url: string, evalDate: string, options: { exclude?: Element } = {}): ScanResult {
  const dom = liveDomView(doc, url, options);
  const snapshot = extractSnapshot(dom, url, { refDate: evalDate });
  const findings = runPageRules({ url, snapshot, dom, evalDate });
  return { url, evalDate, snapshot, findings };
}
