/**
 * Detector for 居民身份证号码 (GB 11643): 18-digit numbers whose check character and birth date
 * agree, and 15-digit legacy numbers only where a label or column says "ID". A number of the right
 * shape but failing the checks is an order number, a bank card or a credit code, not an ID.
 */
import { standaloneRuns, textBefore } from './digits.js';

/** Province-level codes (first two digits) of GB/T 2260, with 71/81/82 (台港澳). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65, 71, 81, 82,
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return CHECK_CHARS.charAt(sum % 11);
}

function validDate(y: number, m: number, d: number, evalDate: string): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return false;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return iso <= evalDate;
}

/** An 18-character ID: plausible province, real birth date not after `evalDate`, matching check character. */
export function isValidId18(id: string, evalDate: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return false;
  if (!validDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)), evalDate)) return false;
  return idCheckChar(id.slice(0, 17)) === id.charAt(17);
}

/** A 15-digit legacy ID shape: plausible province and a real 19yymmdd birth date. No check digit exists. */
export function isPlausibleId15(id: string, evalDate: string): boolean {
  if (!/^\d{15}$/.test(id)) return false;
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return false;
  return validDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)), evalDate);
}

/** Labels that say the number next to them is an ID. */
export const ID_LABEL = /身份证|公民身份号码|身份号码|证件号/;
/**
 * Labels that say the number is something else (credit codes, bank cards, order, case and document
 * numbers): a checksum-valid look-alike after one of these is not reported. Case numbers of
 * 办件公示 (受理号 370211202011200008 = area code + date + sequence) pass the checksum 1 time in 11.
 */
export const NOT_ID_LABEL = /信用代码|机构代码|纳税人识别号|税号|银行卡|卡号|账号|帐号|账户|帐户|订单|合同|编号|流水号|单号|索引号|文号|许可证|登记号|注册号|批次|条码|工号|学号|准考证|受理号|办件号|申请号|业务号|回执号|案号|查询号|办理号/;

/** How close a label must be to the number it names (characters before it). */
const LABEL_SPAN = 16;
/** A 15-digit number needs the label right before it: 「身份证号：」, 「公民身份号码 」. */
const ID_LABEL_RIGHT_BEFORE = /(身份证|公民身份号码|身份号码|证件)(号码|号)?\s*[：:]?\s*$/;

/** End of the last match of `re` in `s`, -1 when none. */
function lastMatchEnd(s: string, re: RegExp): number {
  let end = -1;
  for (const m of s.matchAll(new RegExp(re.source, 'g'))) end = m.index + m[0].length;
  return end;
}

/**
 * The label naming the number at `index`: the nearest ID or non-ID label before it on the same
 * line. Labels on an earlier line belong to a header line (PDF text: 「序号 姓名 身份证号码 银行账号」
 * then the rows), whose last word says nothing about the first number of the next line.
 */
export function labelBefore(text: string, index: number): 'id' | 'other' | null {
  let w = text.slice(Math.max(0, index - LABEL_SPAN), index);
  const nl = w.lastIndexOf('\n');
  if (nl >= 0) w = w.slice(nl + 1);
  const id = lastMatchEnd(w, ID_LABEL);
  const other = lastMatchEnd(w, NOT_ID_LABEL);
  if (id < 0 && other < 0) return null;
  return id >= other ? 'id' : 'other';
}

/**
 * A "birth date" less than a year before the evaluation date: real for a baby, but far more often
 * the date part of a case number. Without an ID label such a number is only a doubt.
 */
export function recentBirth(id: string, evalDate: string): boolean {
  if (id.length !== 18) return false;
  const birth = Date.UTC(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14)));
  const ref = Date.parse(`${evalDate}T00:00:00Z`);
  return ref - birth < 366 * 24 * 3600 * 1000;
}

/** One ID found, and whether an ID label or column names it (which makes a recent birth date believable). */
export interface IdHit {
  id: string;
  labelled: boolean;
}

const ID_RUN = /\d{17}[\dXx]|\d{15}/;

/**
 * ID numbers in free text. 18-digit: valid and not labelled as something else. 15-digit: plausible
 * and an ID label right before it (a column header counts in tables, see idInCell).
 */
export function findIdHits(text: string, evalDate: string): IdHit[] {
  const found: IdHit[] = [];
  for (const run of standaloneRuns(text, ID_RUN)) {
    const id = run.value.toUpperCase();
    const label = labelBefore(text, run.index);
    if (label === 'other') continue;
    if (id.length === 18) {
      if (isValidId18(id, evalDate)) found.push({ id, labelled: label === 'id' });
    } else if (isPlausibleId15(id, evalDate) && ID_LABEL_RIGHT_BEFORE.test(textBefore(text, run.index, LABEL_SPAN))) {
      found.push({ id, labelled: true });
    }
  }
  return found;
}

/** The distinct ID numbers in free text (see findIdHits). */
export function findIdNumbers(text: string, evalDate: string): string[] {
  return [...new Set(findIdHits(text, evalDate).map((h) => h.id))];
}

/** The 18-character runs of a cell, valid or not (to judge a column as a whole). */
export function id18Runs(cell: string): string[] {
  return standaloneRuns(cell, /\d{17}[\dXx]/).map((r) => r.value.toUpperCase());
}

/**
 * One table cell under its column header ('' when the column has none). An ID column accepts
 * 15-digit numbers too; a column of something else (卡号, 信用代码 …) accepts nothing; otherwise the
 * cell is read like free text.
 */
export function idInCell(cell: string, header: string, evalDate: string): IdHit[] {
  if (ID_LABEL.test(header)) {
    const found: IdHit[] = [];
    for (const run of standaloneRuns(cell, ID_RUN)) {
      const id = run.value.toUpperCase();
      if (id.length === 18 ? isValidId18(id, evalDate) : isPlausibleId15(id, evalDate)) found.push({ id, labelled: true });
    }
    return found;
  }
  if (NOT_ID_LABEL.test(header)) return [];
  return findIdHits(cell, evalDate);
}
