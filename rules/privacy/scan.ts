/**
 * Runs the ID and mobile detectors over a PrivacySource (tables first, where column headers give
 * context, then the free text) and returns distinct numbers, never more than the rules need.
 */
import { findHeader, type PrivacySource } from './source.js';
import { findIdHits, id18Runs, idInCell, ID_LABEL, isValidId18, NOT_ID_LABEL, recentBirth, type IdHit } from './id-number.js';
import { findMobiles, LIST_WORDS, MOBILE_HEADER, NAME_HEADER, OFFICIAL_LABEL } from './mobile.js';

/** A header cell is short text naming a column. */
function headerLike(re: RegExp): (cell: string) => boolean {
  return (cell) => cell.length > 0 && cell.length <= 16 && re.test(cell);
}

const ANY_HEADER = new RegExp(`${ID_LABEL.source}|${NOT_ID_LABEL.source}|${NAME_HEADER.source}|${MOBILE_HEADER.source}`);

export interface IdScan {
  /** Distinct ID numbers, in order of appearance (full numbers: mask before storing). */
  ids: string[];
  /** Numbers that pass every check but may be case numbers (recent "birth date", no ID label). */
  doubtful: string[];
  /** The first table holding one, when it was in a page table. */
  selector: string | null;
}

/**
 * Columns that hold codes, not IDs: no ID header, and most of their 18-character numbers fail the
 * checksum (a column of 受理号 where 1 in 11 passes by chance). Judged per column, not per cell.
 */
function codeColumns(rows: string[][], header: { index: number; cells: string[] } | null, evalDate: string): Set<number> {
  const valid = new Map<number, number>();
  const invalid = new Map<number, number>();
  rows.forEach((row, r) => {
    if (header && r <= header.index) return;
    row.forEach((cell, c) => {
      for (const id of id18Runs(cell)) {
        const m = isValidId18(id, evalDate) ? valid : invalid;
        m.set(c, (m.get(c) ?? 0) + 1);
      }
    });
  });
  const codes = new Set<number>();
  for (const [c, bad] of invalid) {
    if (ID_LABEL.test(header?.cells[c] ?? '')) continue;
    if (bad > (valid.get(c) ?? 0)) codes.add(c);
  }
  return codes;
}

export function scanIds(src: PrivacySource, evalDate: string): IdScan {
  const ids = new Set<string>();
  const doubtful = new Set<string>();
  const take = (hit: IdHit) => {
    if (hit.labelled || !recentBirth(hit.id, evalDate)) ids.add(hit.id);
    else doubtful.add(hit.id);
  };
  // Free text also holds the table cells: numbers a column header or a code column ruled out must stay out.
  const ruledOut = new Set<string>();
  let selector: string | null = null;
  src.tables.forEach((rows, t) => {
    const header = findHeader(rows, headerLike(ANY_HEADER));
    const codes = codeColumns(rows, header, evalDate);
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const h = header?.cells[c] ?? '';
        if (codes.has(c) || (NOT_ID_LABEL.test(h) && !ID_LABEL.test(h))) {
          for (const m of cell.matchAll(/\d{15,18}X?/gi)) ruledOut.add(m[0].toUpperCase());
          return;
        }
        if (header && r <= header.index) return;
        const found = idInCell(cell, h, evalDate);
        for (const hit of found) take(hit);
        if (found.some((f) => ids.has(f.id)) && selector === null) selector = src.tableSelectors[t] ?? null;
      });
    });
  });
  for (const hit of findIdHits(src.text, evalDate)) if (!ruledOut.has(hit.id)) take(hit);
  for (const id of ids) doubtful.delete(id);
  return { ids: [...ids], doubtful: [...doubtful], selector };
}

export interface MobileScan {
  /** Numbers in a list of people (violation). */
  listed: string[];
  /** Other personal-looking numbers (needs review). */
  loose: string[];
  selector: string | null;
}

/** At least this many people with a mobile (masked or not) make a table of people a list. */
const LIST_MIN_ROWS = 2;
/** A mobile number masked the usual way (139****5678): the row is a person with a number, kept private. */
const MASKED_MOBILE = /1[3-9]\d\s*[*＊xX×]{4}\s*\d{4}/;
/** Free text without tables: this many numbers plus 姓名 and a list word make a list. */
const TEXT_LIST_MIN = 3;

/**
 * Staff contact lists (联络员名单 with 单位, 职务 columns): work contacts published on purpose, maybe
 * private mobiles. Never a certain leak: their numbers are only a doubt.
 */
const STAFF_HEADER = /职\s*务|职\s*称|科\s*室|处\s*室|岗\s*位|^单\s*位$|单位名称|所在单位|工作单位|^部\s*门$|所在部门|部门名称/;
const STAFF_HEADING = /联络员|工作人员(名单|名录|通讯录|联系方式|信息)|通讯录|联系人名单|值班表|值班安排/;
/** A line of flattened text (PDF) naming 姓名 and a staff column. */
const STAFF_HEADER_LINE = /姓\s*名.*(职\s*务|职\s*称|科\s*室|处\s*室|部\s*门|单\s*位)|(职\s*务|职\s*称|科\s*室|处\s*室|部\s*门|单\s*位).*姓\s*名/m;

export function scanMobiles(src: PrivacySource): MobileScan {
  const staffHeading = STAFF_HEADING.test(src.heading);
  const listed = new Set<string>();
  const official = new Set<string>();
  const inTables = new Set<string>();
  let selector: string | null = null;
  src.tables.forEach((rows, t) => {
    const header = findHeader(rows, headerLike(NAME_HEADER));
    const rowsWith: string[][] = [];
    // People listed with a number, masked or not: a table is judged by the people it lists, so one
    // number left unmasked among masked ones is a leak from a list of people, not a loose number.
    let peopleWithNumbers = 0;
    rows.forEach((row, r) => {
      if (header && r <= header.index) return;
      const masked = row.some((cell) => MASKED_MOBILE.test(cell));
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
      if (numbers.length > 0 || masked) peopleWithNumbers++;
    });
    const staff = staffHeading || (header?.cells.some((h) => h.length <= 16 && STAFF_HEADER.test(h)) ?? false) ||
      rows.slice(0, header ? header.index : 0).some((row) => row.some((c) => STAFF_HEADING.test(c)));
    if (header && !staff && rowsWith.length > 0 && peopleWithNumbers >= LIST_MIN_ROWS) {
      for (const n of rowsWith.flat()) listed.add(n);
      if (selector === null) selector = src.tableSelectors[t] ?? null;
    }
  });

  const textRuns = findMobiles(src.text);
  for (const m of textRuns) if (m.official) official.add(m.value);
  const candidates = [...new Set(textRuns.filter((m) => !m.official && !official.has(m.value) && !listed.has(m.value)).map((m) => m.value))];
  // Text without usable tables (a PDF, a flattened docx): a list needs 姓名, a list word and several numbers.
  const textIsList = /姓\s*名/.test(src.text) && LIST_WORDS.test(src.text) && candidates.length >= TEXT_LIST_MIN &&
    !staffHeading && !STAFF_HEADER_LINE.test(src.text);
  const loose: string[] = [];
  for (const n of candidates) {
    if (textIsList && !inTables.has(n)) listed.add(n);
    else loose.push(n);
  }
  return { listed: [...listed], loose: loose.filter((n) => !listed.has(n)), selector };
}
