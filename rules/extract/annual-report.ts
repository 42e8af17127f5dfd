/**
 * Pure reading of 政府信息公开工作年度报告: the year a report is about (from its title), which of the six
 * sections of the statutory format (国办公开办函〔2019〕60号 / 〔2021〕30号) it has, and 表三 (依申请公开)
 * read from HTML table cells or from text where the table was flattened to lines — or, as archive
 * crawlers do, to cells run together with no separator at all (「一、本年新收政府信息公开申请数量21710000218」).
 */
import type { ReportDocument } from '../types.js';

// ---------------------------------------------------------------- year

const CN_DIGITS: Record<string, string> = { '〇': '0', '○': '0', 'Ｏ': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

/** 二〇一九 → 2019, full-width digits → ASCII, so one year pattern serves every spelling. */
function asciiYears(s: string): string {
  return s
    .replace(/[\uff10-\uff19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[〇○Ｏ零一二三四五六七八九]{4}(?=\s*年)/g, (run) => [...run].map((c) => CN_DIGITS[c] ?? c).join(''));
}

/** A title that names a report (年度报告, 年报, 工作报告): list entries that don't are not reports. */
export function looksLikeReport(title: string): boolean {
  return /年报|报告/.test(title);
}

/**
 * The year a report is about: 「2019年度…」「平潭县人民政府2013年政府信息公开工作年度报告」 → 2019 / 2013.
 * A year followed by a month (「2020年1月发布」) is a date, not the report year. null when the title
 * names no report or no single year.
 */
export function reportYear(title: string): number | null {
  if (!looksLikeReport(title)) return null;
  const s = asciiYears(title);
  const years = new Set<number>();
  for (const m of s.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)/g)) years.add(Number(m[1]));
  // 「2019年度」 is the strongest marker: prefer it when the title also carries another year.
  const annual = /(?<!\d)((?:19|20)\d{2})\s*年度/.exec(s);
  if (annual) return Number(annual[1]);
  return years.size === 1 ? [...years][0]! : null;
}

// ---------------------------------------------------------------- sections

export interface ReportSection {
  /** 1…6, the place in the statutory format. */
  index: number;
  /** The standard head, e.g. 四、政府信息公开行政复议、行政诉讼情况. */
  standard: string;
  /** What a numbered head must say (after its number) to count as this section. */
  keywords: RegExp;
}

export const REPORT_SECTIONS: readonly ReportSection[] = [
  { index: 1, standard: '一、总体情况', keywords: /总体情况|概述|概况|基本情况/ },
  { index: 2, standard: '二、主动公开政府信息情况', keywords: /主动公开/ },
  { index: 3, standard: '三、收到和处理政府信息公开申请情况', keywords: /(?:收到|受理|处理)[^、，。]{0,10}申请|依申请/ },
  { index: 4, standard: '四、政府信息公开行政复议、行政诉讼情况', keywords: /行政复议|行政诉讼/ },
  // 「五、存在的不足及下一步工作打算」: these words only near the head's start, since the window runs
  // on into the body, where 「…存在的不足」 is common in any section.
  { index: 5, standard: '五、存在的主要问题及改进情况', keywords: /问题|改进|^.{0,12}(?:不足|打算|下一步|整改)/ },
  { index: 6, standard: '六、其他需要报告的事项', keywords: /其[他它][^。]{0,6}(?:报告|事项)/ },
];

/**
 * Numbered heads: 一、 一． 一. （一） (一) 第一部分. Only Chinese numerals: Arabic numbering
 * (「3.否决公开答复数」) numbers table rows and list items, not sections. The head's text is what
 * follows the number, up to HEAD_WINDOW characters (flattened text runs the body on after the head).
 */
const NUMBERED_HEAD = /(?:第\s*[一二三四五六七八九十]{1,2}\s*(?:部分|章|节)\s*[、．.：:]?|[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)]|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,2}\s*[、．.])\s*/g;
const HEAD_WINDOW = 24;

/**
 * The sections of the format whose head the text shows. A section counts when a numbered head
 * says its key words, whatever its number, so a report that renumbers after a gap, or writes
 * 「四、因政府信息公开申请行政复议、提起行政诉讼的情况」, is still read right. An unnumbered mention
 * (the introduction's 「本报告包括总体情况、主动公开…」) does not count.
 */
export function findSections(text: string): Set<number> {
  const found = new Set<number>();
  const s = text.replace(/[\s\u00a0\u3000]+/g, ' ');
  NUMBERED_HEAD.lastIndex = 0;
  for (let m = NUMBERED_HEAD.exec(s); m; m = NUMBERED_HEAD.exec(s)) {
    const head = s.slice(m.index + m[0].length, m.index + m[0].length + HEAD_WINDOW);
    for (const section of REPORT_SECTIONS) if (section.keywords.test(head)) found.add(section.index);
  }
  return found;
}

// ---------------------------------------------------------------- 表三

/** Columns of 表三: 自然人, five kinds of 法人或其他组织, 总计. */
export const TABLE3_COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'] as const;
const WIDTH = TABLE3_COLUMNS.length;
/** Longest number a cell of 表三 holds (bounds the split search). */
const MAX_DIGITS = 6;

export type Table3Row = 'received' | 'carriedOver' | 'total' | 'carriedForward';

/** Row labels: 一、本年新收… 二、上年结转… （七）总计 四、结转下年度继续办理. */
const ROW_LABELS: Record<Table3Row, RegExp> = {
  received: /本\s*年\s*新\s*收[^0-9\n\t]{0,20}?数\s*量/g,
  carriedOver: /上\s*年\s*结\s*转[^0-9\n\t]{0,20}?数\s*量/g,
  total: /[（(]\s*七\s*[）)]\s*总\s*计/g,
  carriedForward: /结\s*转\s*下\s*年\s*度\s*继\s*续\s*办\s*理/g,
};

export interface Table3 {
  /** Each row's seven numbers, in TABLE3_COLUMNS order. */
  rows: Record<Table3Row, number[]>;
  /** Where the numbers came from: table cells, or text (flattened table). */
  source: 'table' | 'text';
}

export interface Table3Imbalance {
  column: (typeof TABLE3_COLUMNS)[number];
  received: number;
  carriedOver: number;
  total: number;
  carriedForward: number;
}

/**
 * Split a run of digits and spaces into exactly WIDTH numbers. Spaces always separate cells (a
 * number never spans one); inside a run of digits the cells may be glued. When the tokens are
 * already WIDTH, they are the cells. Otherwise every split without leading zeros is tried and kept
 * when the six counts add up to the 总计 — the row's own check sum; the read is trusted only when
 * exactly one split passes. null when none or several do.
 */
export function splitRow(run: string): number[] | null {
  const tokens = run.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0 || tokens.length > WIDTH || tokens.some((t) => !/^\d+$/.test(t))) return null;
  if (tokens.length === WIDTH) return tokens.map(Number);
  if (tokens.join('').length > WIDTH * MAX_DIGITS) return null;
  const solutions = new Map<string, number[]>();
  const parts: number[] = [];
  const walk = (ti: number, pos: number): void => {
    if (solutions.size > 1) return;
    const token = tokens[ti];
    if (token === undefined) {
      if (parts.length === WIDTH && parts.slice(0, WIDTH - 1).reduce((a, b) => a + b, 0) === parts[WIDTH - 1]) {
        solutions.set(parts.join(','), [...parts]);
      }
      return;
    }
    if (pos === token.length) return walk(ti + 1, 0);
    if (parts.length === WIDTH) return;
    // A multi-digit number never starts with 0: "023" is the cells 0 and 23.
    const maxLen = token[pos] === '0' ? 1 : Math.min(MAX_DIGITS, token.length - pos);
    for (let len = 1; len <= maxLen; len++) {
      parts.push(Number(token.slice(pos, pos + len)));
      walk(ti, pos + len);
      parts.pop();
    }
  };
  walk(0, 0);
  return solutions.size === 1 ? [...solutions.values()][0]! : null;
}

/** The row read from text: the run of digits and spaces right after a label, for every label found. */
function rowFromText(text: string, label: RegExp): number[] | null {
  const reads = new Map<string, number[]>();
  label.lastIndex = 0;
  for (let m = label.exec(text); m; m = label.exec(text)) {
    const run = /^[\d\s\u00a0\u3000]*/.exec(text.slice(m.index + m[0].length))![0];
    const values = splitRow(run.replace(/[\u00a0\u3000]/g, ' '));
    if (values) reads.set(values.join(','), values);
  }
  // The same label read two ways (a prose mention, a repeated header) is not a confident read.
  return reads.size === 1 ? [...reads.values()][0]! : null;
}

/** The row read from table cells: the cells after the label cell, when they are exactly WIDTH numbers. */
function rowFromTables(tables: string[][][], label: RegExp): number[] | null {
  const reads = new Map<string, number[]>();
  for (const table of tables) {
    for (const row of table) {
      const at = row.findIndex((cell) => {
        label.lastIndex = 0;
        return label.test(cell);
      });
      if (at < 0) continue;
      const cells = row.slice(at + 1).map((c) => c.trim());
      if (cells.length === WIDTH && cells.every((c) => /^\d+$/.test(c))) {
        const values = cells.map(Number);
        reads.set(values.join(','), values);
      }
    }
  }
  return reads.size === 1 ? [...reads.values()][0]! : null;
}

function readRows(read: (label: RegExp) => number[] | null): Record<Table3Row, number[]> | null {
  const rows = {} as Record<Table3Row, number[]>;
  for (const key of Object.keys(ROW_LABELS) as Table3Row[]) {
    const values = read(ROW_LABELS[key]);
    if (!values) return null;
    rows[key] = values;
  }
  return rows;
}

/** 表三 of a report: from its HTML tables when all four rows read there, else from its text; null when unreadable. */
export function readTable3(document: ReportDocument): Table3 | null {
  const fromTables = readRows((label) => rowFromTables(document.tables, label));
  if (fromTables) return { rows: fromTables, source: 'table' };
  const fromText = readRows((label) => rowFromText(document.text, label));
  return fromText ? { rows: fromText, source: 'text' } : null;
}

/** The columns where 本年新收 + 上年结转 ≠ 总计 + 结转下年度, 总计 first. [] when 表三 balances. */
export function table3Imbalances(table: Table3): Table3Imbalance[] {
  const out: Table3Imbalance[] = [];
  for (let i = WIDTH - 1; i >= 0; i--) {
    const received = table.rows.received[i]!;
    const carriedOver = table.rows.carriedOver[i]!;
    const total = table.rows.total[i]!;
    const carriedForward = table.rows.carriedForward[i]!;
    if (received + carriedOver !== total + carriedForward) {
      out.push({ column: TABLE3_COLUMNS[i]!, received, carriedOver, total, carriedForward });
    }
  }
  return out;
}
