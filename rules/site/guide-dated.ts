/**
 * disclosure.guide.dated: the 政府信息公开指南 shows when it was published or last updated
 * (条例 Art. 12; seed item 36). Accepted: the PubDate meta, a 发布/更新/修订/公开/发文… label followed
 * by a date (also in a metadata table: 「公开日期： 2020-03-15」), the page's own publication date, a
 * date in the heading or the first lines (「（2023年11月修订）」, but not a cited law's
 * 「《条例》（2019年4月3日修订）」), or the closing 落款 (an issuing body's name, then a date standing
 * alone). The guide is the page the 指南 part leads to (its newest item when that is a list), as
 * the site model found it.
 */
import type { SiteRule } from '../rule.js';
import type { PageSnapshot } from '../types.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';
import { DISCLOSURE_NAMES } from './disclosure-names.js';
import { dateFromMeta } from '../extract/pub-date.js';
import { findDateInText } from '../extract/dates.js';
import { homeRequired } from './home-required.js';
import { gateOnPart } from './disclosure-part-gate.js';

const RULE_ID = 'disclosure.guide.dated';

export interface GuideDate {
  /** YYYY-MM-DD, or YYYY-MM when only the month is written (「2023年11月修订」). */
  date: string;
  how: GuideDateSource;
}

export type GuideDateSource = 'meta' | 'label' | 'heading' | 'signature';

/** Labels that name the date of the text: the date must follow them directly. */
const DATE_LABEL = /(?:发布|更新|修订|修改|印发|成文|生成|编制|公开|发文)(?:日期|时间)\s*[:：]?\s*/g;
const MAX_LABEL_GAP = 3;
/** A year and month, optionally the day (「2023年11月」「2023年11月4日」). */
const YEAR_MONTH = /(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/;
/** In the first lines a date counts only when it dates the text: bracketed, or with a revision word. */
const DATING_WORDS = /修订|更新|发布|印发|制定|编制|修改/;
/** How far after the heading the "first lines" reach (characters of collapsed text). */
const FIRST_LINES = 200;
/**
 * A date that dates another text: a cited law's revision 「《条例》（2019年4月3日修订）」, or any
 * 「（…修正）」. `before` is the text up to the date, `after` the text following it.
 */
function datesACitedText(before: string, after: string): boolean {
  return /》\s*[（(【〔]?\s*$/.test(before) || /^\s*(?:第[一二三四五六七八九十]+次)?修正/.test(after);
}
/**
 * The 落款 that closes a document: the issuing body's name (ending in 局, 委员会, 政府, 办公室…) and,
 * as a block of its own, a full date (「青岛西海岸新区教育和体育局 2020年3月15日」). The snapshot
 * text joins blocks with a space, so the date stands between spaces.
 */
const SIGNATURE =
  /(?:局|委|委员会|办|办公室|政府|人民政府|中心|处|院|所|站|队|办事处|街道|镇|乡|管委会|管理委员会|厅|部|署|会)\s+((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?=\s|$)/g;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function yearMonth(text: string, evalYear: number): string | null {
  const m = YEAR_MONTH.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12 || y > evalYear + 1) return null;
  const full = findDateInText(text.slice(m.index));
  return full && !full.yearImplied && full.start === 0 ? full.date : `${y}-${pad(mo)}`;
}

function labelled(text: string): string | null {
  DATE_LABEL.lastIndex = 0;
  for (let m = DATE_LABEL.exec(text); m; m = DATE_LABEL.exec(text)) {
    const tail = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const found = findDateInText(tail);
    if (found && !found.yearImplied && found.start <= MAX_LABEL_GAP) return found.date;
  }
  return null;
}

/** The date a guide page shows, or null when it shows none. */
export function guideDate(snapshot: PageSnapshot, evalYear: number): GuideDate | null {
  const meta = dateFromMeta(snapshot.meta);
  if (meta) return { date: meta, how: 'meta' };
  const label = labelled(snapshot.text) ?? snapshot.pubDate;
  if (label) return { date: label, how: 'label' };

  // The heading itself may carry the date: any date there dates the text.
  const heads = [...snapshot.headings.filter((h) => h.level <= 3).map((h) => h.text), snapshot.title ?? ''];
  for (const head of heads) {
    const date = yearMonth(head, evalYear);
    if (date) return { date, how: 'heading' };
  }
  // The first lines under the heading: 「（2023年11月修订）」 or 「2023年11月更新」.
  const h1 = snapshot.headings.find((h) => h.level === 1)?.text ?? snapshot.headings[0]?.text ?? '';
  const at = h1 !== '' ? snapshot.text.indexOf(h1) : -1;
  if (at >= 0) {
    const lines = snapshot.text.slice(at + h1.length, at + h1.length + FIRST_LINES);
    for (const m of lines.matchAll(new RegExp(YEAR_MONTH.source, 'g'))) {
      const before = lines.slice(Math.max(0, m.index - 4), m.index);
      const after = lines.slice(m.index + m[0].length, m.index + m[0].length + 6);
      if (datesACitedText(lines.slice(0, m.index), after)) continue;
      if (/[（(【〔]\s*$/.test(before) || DATING_WORDS.test(before + after)) {
        const date = yearMonth(m[0], evalYear);
        if (date) return { date, how: 'heading' };
      }
    }
  }
  // The closing 落款, after the heading: the last one, nearest the end of the text.
  const body = at >= 0 ? snapshot.text.slice(at + h1.length) : snapshot.text;
  let signed: string | null = null;
  for (const m of body.matchAll(SIGNATURE)) {
    const found = findDateInText(m[1]!);
    if (found && !found.yearImplied && Number(found.date.slice(0, 4)) <= evalYear) signed = found.date;
  }
  return signed === null ? null : { date: signed, how: 'signature' };
}

export const guideDatedRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const gate = gateOnPart(RULE_ID, site, home, DISCLOSURE_NAMES.guidePart, M.noGuidePart);
    if ('findings' in gate) return gate.findings;
    const partUrl = gate.part.url ?? site.disclosure!.url;
    const guide = site.guide;
    if (!guide) return [{ ruleId: RULE_ID, outcome: 'incomplete', url: partUrl, message: M.guideUnread(partUrl), data: { partUrl } }];
    const found = guideDate(guide.snapshot, Number(site.evalDate.slice(0, 4)));
    if (!found) return [{ ruleId: RULE_ID, outcome: 'violation', url: guide.url, message: M.guideUndated(), data: {} }];
    return [{ ruleId: RULE_ID, outcome: 'pass', url: guide.url, message: M.guideDated(found.date, found.how), data: { date: found.date, how: found.how } }];
  }),
};
