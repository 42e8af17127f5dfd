/**
 * Runs the ID and mobile detectors over a PrivacySource (tables first, where column headers give
 * context, then the free text) and returns distinct numbers, never more than the rules need.
 */
import { findHeader, type PrivacySource } from './source.js';
import { findIdNumbers, idInCell, ID_LABEL, NOT_ID_LABEL } from './id-number.js';
import { findMobiles, LIST_WORDS, MOBILE_HEADER, NAME_HEADER, OFFICIAL_LABEL } from './mobile.js';

/** A header cell is short text naming a column. */
function headerLike(re: RegExp): (cell: string) => boolean {
  return (cell) => cell.length > 0 && cell.length <= 16 && re.test(cell);
}

const ANY_HEADER = new RegExp(`${ID_LABEL.source}|${NOT_ID_LABEL.source}|${NAME_HEADER.source}|${MOBILE_HEADER.source}`);

export interface IdScan {
  /** Distinct ID numbers, in order of appearance (full numbers: mask before storing). */
  ids: string[];
  /** The first table holding one, when it was in a page table. */
  selector: string | null;
}

export function scanIds(src: PrivacySource, evalDate: string): IdScan {
  const ids = new Set<string>();
  let selector: string | null = null;
  src.tables.forEach((rows, t) => {
    const header = findHeader(rows, headerLike(ANY_HEADER));
    rows.forEach((row, r) => {
      if (header && r <= header.index) return;
      row.forEach((cell, c) => {
        const found = idInCell(cell, header?.cells[c] ?? '', evalDate);
        for (const id of found) ids.add(id);
        if (found.length > 0 && selector === null) selector = src.tableSelectors[t] ?? null;
      });
    });
  });
  // Free text also holds the table cells: numbers a column header ruled out must stay out.
  const ruledOut = new Set<string>();
  src.tables.forEach((rows) => {
    const header = findHeader(rows, headerLike(ANY_HEADER));
    if (!header) return;
    rows.forEach((row) => row.forEach((cell, c) => {
      const h = header.cells[c] ?? '';
      if (NOT_ID_LABEL.test(h) && !ID_LABEL.test(h)) for (const m of cell.matchAll(/\d{15,18}X?/gi)) ruledOut.add(m[0].toUpperCase());
    }));
  });
  for (const id of findIdNumbers(src.text, evalDate)) if (!ruledOut.has(id)) ids.add(id);
  return { ids: [...ids], selector };
}

export interface MobileScan {
  /** Numbers in a list of people (violation). */
  listed: string[];
  /** Other personal-looking numbers (needs review). */
  loose: string[];
  selector: string | null;
}

/** At least this many rows with a mobile make a table of people a list. */
const LIST_MIN_ROWS = 2;
/** Free text without tables: this many numbers plus 姓名 and a list word make a list. */
const TEXT_LIST_MIN = 3;

export function scanMobiles(src: PrivacySource): MobileScan {
  const listed = new Set<string>();
  const official = new Set<string>();
  const inTables = new Set<string>();
  let selector: string | null = null;
  src.tables.forEach((rows, t) => {
    const header = findHeader(rows, headerLike(NAME_HEADER));
    const rowsWith: string[][] = [];
    rows.forEach((row, r) => {
      if (header && r <= header.index) return;
      const numbers: string[] = [];
      row.forEach((cell, c) => {
        const columnOfficial = OFFICIAL_LABEL.test(header?.cells[c] ?? '');
        // A row labelled as a hotline (咨询电话 | 138…) is official too.
        const rowOfficial = row.some((other, k) => k < c && other.length <= 16 && OFFICIAL_LABEL.test(other));
        for (const m of findMobiles(cell)) {
          inTables.add(m.value);
          if (m.official || columnOfficial || rowOfficial) official.add(m.value);
          else numbers.push(m.value);
        }
      });
      if (numbers.length > 0) rowsWith.push(numbers);
    });
    if (header && rowsWith.length >= LIST_MIN_ROWS) {
      for (const n of rowsWith.flat()) listed.add(n);
      if (selector === null) selector = src.tableSelectors[t] ?? null;
    }
  });

  const textRuns = findMobiles(src.text);
  for (const m of textRuns) if (m.official) official.add(m.value);
  const candidates = [...new Set(textRuns.filter((m) => !m.official && !official.has(m.value) && !listed.has(m.value)).map((m) => m.value))];
  // Text without usable tables (a PDF, a flattened docx): a list needs 姓名, a list word and several numbers.
  const textIsList = /姓\s*名/.test(src.text) && LIST_WORDS.test(src.text) && candidates.length >= TEXT_LIST_MIN;
  const loose: string[] = [];
  for (const n of candidates) {
    if (textIsList && !inTables.has(n)) listed.add(n);
    else loose.push(n);
  }
  return { listed: [...listed], loose: loose.filter((n) => !listed.has(n)), selector };
}
