/**
 * What the privacy detectors read: free text plus tables as rows of cell texts. Pages give their
 * visible text and their <table>s; attachments give extracted text in which spreadsheet rows are
 * tab-separated lines (see crawler/attachments/extract.ts), read back here as tables.
 */
import type { DomView } from '../dom/view.js';
import { foldDigits } from './digits.js';

export interface PrivacySource {
  /** Visible text, line breaks kept, digits folded to ASCII. */
  text: string;
  /** Tables as rows of cell texts (digits folded). */
  tables: string[][][];
  /** Selector of each table in the page, parallel to `tables` (pages only). */
  tableSelectors: (string | null)[];
  /** What the page or file says it is: title and headings, or link text and first lines. */
  heading: string;
}

function cellText(s: string): string {
  return foldDigits(s.replace(/\s+/g, ' ').trim());
}

/** A page: visible text (scripts and styles skipped) and every table's rows. */
export function pageSource(dom: DomView): PrivacySource {
  const body = dom.querySelector('body') ?? dom.root;
  const text = foldDigits(body.visibleText());
  const tables: string[][][] = [];
  const tableSelectors: (string | null)[] = [];
  for (const table of dom.querySelectorAll('table')) {
    // Nested tables are read on their own; the outer table's rows then include them once more,
    // which only repeats numbers (counted once by value).
    const rows: string[][] = [];
    for (const tr of table.querySelectorAll('tr')) {
      const cells = tr.children().filter((c) => c.tagName === 'td' || c.tagName === 'th').map((c) => cellText(c.visibleText()));
      if (cells.length > 0) rows.push(cells);
    }
    if (rows.length > 0) {
      tables.push(rows);
      tableSelectors.push(table.selector());
    }
  }
  const heading = [...dom.querySelectorAll('title, h1, h2, h3, caption').map((h) => h.text())].join('\n');
  return { text, tables, tableSelectors, heading: foldDigits(heading) };
}

/**
 * Extracted attachment text: runs of at least two lines with tab-separated cells become tables
 * (spreadsheet sheets); the whole text stays the free text.
 */
export function textSource(raw: string, title = ''): PrivacySource {
  const text = foldDigits(raw);
  const tables: string[][][] = [];
  let current: string[][] = [];
  const flush = () => {
    if (current.length >= 2) tables.push(current);
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.includes('\t')) current.push(line.split('\t').map((c) => c.replace(/\s+/g, ' ').trim()));
    else flush();
  }
  flush();
  const firstLines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 3);
  return { text, tables, tableSelectors: tables.map(() => null), heading: [foldDigits(title), ...firstLines].join('\n') };
}

/**
 * The header row of a table: the first of its first three rows that has a cell matching `isHeader`,
 * with its index; null when none. Data rows are those after it.
 */
export function findHeader(rows: string[][], isHeader: (cell: string) => boolean): { index: number; cells: string[] } | null {
  for (let i = 0; i < Math.min(3, rows.length); i++) {
    const row = rows[i]!;
    if (row.some((c) => isHeader(c))) return { index: i, cells: row };
  }
  return null;
}
