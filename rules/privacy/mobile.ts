/**
 * Detector for personal mobile numbers (1[3-9] + 9 digits) and the context that decides what they
 * mean: a list of people (名单 with a 姓名 column) makes them a leak; an official hotline label makes
 * them a published contact; anything else needs a person to look.
 */
import { standaloneRuns, textBefore } from './digits.js';

/**
 * 13812345678, 138 1234 5678, 139-1234-5678 (one separator kind, 3-4-4 groups), with an optional
 * +86 / 86 country prefix.
 */
export const MOBILE = /(?:\+?86[- ]?)?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})/;

/** Labels of numbers published on purpose (service, supervision, duty lines). */
export const OFFICIAL_LABEL = /(咨询|监督|值班|办公|举报|投诉|服务|受理|报名|业务|办事|救助|求助)(电话|热线|专线)|热线|专线|传真|座机/;
/** Column headers naming a person. `联系人` is left out: a contact column names staff, not a list of citizens. */
export const NAME_HEADER = /姓名|^户主$|^申请人$|^名字$|^救助对象$|^补贴对象$|^受助人$|^领取人$|^监护人$|^户名$|^对象$|^人员$|^参保人$/;
export const MOBILE_HEADER = /手机|电话|联系方式|联系号码/;
/** Words that make a text a published list of people. */
export const LIST_WORDS = /名单|花名册|公示|低保|特困|补贴|补助|救助|优抚|一览表|汇总表|登记表|花名|明细表|人员名录/;

/** How close an official label must be before the number. */
const LABEL_SPAN = 16;

export interface MobileRun {
  value: string;
  index: number;
  /** An official-contact label stands right before it. */
  official: boolean;
}

/** The 11 digits of a mobile as written (separators and country prefix removed). */
export function mobileDigits(written: string): string {
  return written.replace(/\D/g, '').slice(-11);
}

/**
 * Grouped forms must not be one group of a longer row of numbers (「合计 12 138 1234 5678」 in PDF
 * text is a row of counts, not a phone).
 */
function groupedInRow(text: string, index: number, written: string): boolean {
  if (!/[- ]\d/.test(written)) return false;
  return /\d[- ]$/.test(text.slice(Math.max(0, index - 2), index)) || /^[- ]\d/.test(text.slice(index + written.length, index + written.length + 2));
}

export function findMobiles(text: string): MobileRun[] {
  return standaloneRuns(text, MOBILE)
    .filter((r) => !groupedInRow(text, r.index, r.value))
    .map((r) => ({ value: mobileDigits(r.value), index: r.index, official: OFFICIAL_LABEL.test(textBefore(text, r.index, LABEL_SPAN)) }));
}
