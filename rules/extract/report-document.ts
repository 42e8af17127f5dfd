/**
 * A report page read in full for the annual-report rules: the whole visible text (the snapshot's is
 * capped) and every table as rows of cell texts, so 表三 can be read from real tables.
 */
import type { DomView } from '../dom/view.js';
import type { ReportDocument } from '../types.js';
import { collapseWhitespace } from '../text.js';

/** Longest text kept (a long report with tables is ~100k characters). */
export const MAX_REPORT_TEXT = 400_000;

export function readReportDocument(dom: DomView): ReportDocument {
  const body = dom.querySelector('body') ?? dom.root;
  const text = body.visibleText().slice(0, MAX_REPORT_TEXT);
  const tables = dom.querySelectorAll('table').map((table) =>
    table
      .querySelectorAll('tr')
      // Rows of nested tables belong to the inner table: keep only this table's own rows.
      .filter((tr) => closestTable(tr) === table.selector())
      .map((tr) => tr.children().filter((c) => c.tagName === 'td' || c.tagName === 'th').map((c) => collapseWhitespace(c.text()))),
  );
  return { text, tables };
}

function closestTable(node: import('../dom/view.js').DomNode): string | null {
  for (let p = node.parent(); p; p = p.parent()) if (p.tagName === 'table') return p.selector();
  return null;
}
