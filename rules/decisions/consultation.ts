/**
 * consultation.duration: a 征求意见 notice gives a comment period of at least 30 days (seed item 13:
 * 决策草案公开征求意见的期限一般不少于 30 日). Days are counted inclusive of both ends
 * (10月1日至10月30日 = 30 days → pass); see rules/extract/date-range.ts for the forms read.
 *
 * Only article pages whose title says they are a call for comments are judged: list pages,
 * drafts themselves (…（征求意见稿）) and feedback pages (意见采纳情况、征求意见结果) are not
 * notices. Which period counts when the page has several: one that speaks of comments (labelled
 * first, then one whose words before or after name comments: `…期间提出意见`), else one after a
 * 时间/期限/截止/期为 label, else the unlabelled ones if they agree (`incomplete` when they
 * disagree). A period whose label names something else (报名时间, 听证会时间, 公示期…) is never
 * taken as the comment period: a notice that dates only such things is `incomplete`, as is a
 * notice without any readable period.
 */
import type { PageRule } from '../rule.js';
import type { Finding, PageSnapshot } from '../types.js';
import { DECISIONS_MESSAGES } from '../messages/decisions.zh-CN.js';
import { findPeriods, type PeriodCandidate } from '../extract/date-range.js';
import { normalizeName } from '../text.js';

const RULE_ID = 'consultation.duration';
export const MIN_CONSULTATION_DAYS = 30;
/** Working-day periods this long always span 30 calendar days (22 + 4 weekends ≥ 30). */
const WORKING_DAYS_SURELY_ENOUGH = 22;
/** Working-day periods this short stay under 30 calendar days even around a long holiday. */
const WORKING_DAYS_SURELY_SHORT = 15;

const CALL_FOR_COMMENTS = /征求意见|公开征求|意见征集|征集意见|征询意见/;
/** Pages about a consultation that are not the call itself. */
const NOT_A_CALL = /采纳|反馈|结果|情况说明|答复|回复|汇总|起草说明|编制说明|政策解读|解读/;

/** The page's own title: ArticleTitle meta, else the first main heading, else <title>. */
function pageTitles(s: PageSnapshot): string[] {
  const titles: string[] = [];
  const meta = s.meta['articletitle'];
  if (meta) titles.push(meta);
  for (const h of s.headings) if (h.level <= 2) titles.push(h.text);
  if (s.title) titles.push(s.title);
  return titles.map(normalizeName).filter((t) => t !== '');
}

/** A call for comments: the title asks for them (a draft's own title only names 征求意见稿). */
export function isConsultationNotice(s: PageSnapshot): boolean {
  if (!s.isArticle || s.isListPage) return false;
  const title = pageTitles(s).find((t) => CALL_FOR_COMMENTS.test(t.replace(/征求意见稿/g, '')));
  return title !== undefined && !NOT_A_CALL.test(title);
}

type Choice = { period: PeriodCandidate } | { ambiguous: number } | { otherOnly: PeriodCandidate } | null;

/** The candidate that states the comment period (see the file comment for the order). */
export function chooseCommentPeriod(candidates: PeriodCandidate[]): Choice {
  if (candidates.length === 0) return null;
  const topical = candidates.filter((c) => c.topical);
  const topicalLabelled = topical.filter((c) => c.labelled);
  if (topicalLabelled.length > 0) return { period: topicalLabelled[0]! };
  if (topical.length > 0) return { period: topical[0]! };
  const unclaimed = candidates.filter((c) => c.otherSubject === null);
  if (unclaimed.length === 0) return { otherOnly: candidates[0]! };
  const labelled = unclaimed.filter((c) => c.labelled);
  if (labelled.length > 0) return { period: labelled[0]! };
  // Unlabelled ranges: a meeting's dates named after it still count against agreement, so that
  // 「…召开座谈会，…汇总」 stays a question rather than a pass on the other range.
  const unlabelled = candidates.filter((c) => !c.labelled);
  const verdicts = new Set(unlabelled.map((c) => c.days !== null && c.days < MIN_CONSULTATION_DAYS));
  return verdicts.size === 1 ? { period: unclaimed[0]! } : { ambiguous: unlabelled.length };
}

export const consultationDurationRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const s = ctx.snapshot;
    if (!isConsultationNotice(s)) return [];
    const base = { ruleId: RULE_ID, url: ctx.url };
    const choice = chooseCommentPeriod(findPeriods(s.text, { pubDate: s.pubDate, refYear: Number(ctx.evalDate.slice(0, 4)) }));
    if (choice === null) return [{ ...base, outcome: 'incomplete', message: DECISIONS_MESSAGES.consultationNoPeriod(), data: {} }];
    if ('ambiguous' in choice) {
      return [{ ...base, outcome: 'incomplete', message: DECISIONS_MESSAGES.consultationAmbiguous(choice.ambiguous), data: {} }];
    }
    if ('otherOnly' in choice) {
      const o = choice.otherOnly;
      const data = { start: o.start, end: o.end, days: o.days, quote: o.text, otherSubject: o.otherSubject };
      return [{ ...base, outcome: 'incomplete', message: DECISIONS_MESSAGES.consultationOtherSubject(o.otherSubject ?? '', o.text), data }];
    }
    const p = choice.period;
    const data = { start: p.start, end: p.end, days: p.days, quote: p.text };
    if (p.days === null) {
      // No page date for an open end, or an end before its start: nothing sure to count.
      const message = p.start === null && p.end !== null ? DECISIONS_MESSAGES.consultationNoStart(p.end) : DECISIONS_MESSAGES.consultationNoPeriod();
      return [{ ...base, outcome: 'incomplete', message, data }];
    }
    const findings: Finding[] = [];
    if (p.workingDays !== undefined) {
      if (p.workingDays >= WORKING_DAYS_SURELY_ENOUGH) return [];
      const withWd = { ...data, workingDays: p.workingDays };
      findings.push(
        p.workingDays <= WORKING_DAYS_SURELY_SHORT
          ? { ...base, outcome: 'violation', message: DECISIONS_MESSAGES.consultationShortWorkingDays(p.workingDays), data: withWd }
          : { ...base, outcome: 'incomplete', message: DECISIONS_MESSAGES.consultationWorkingDaysUnsure(p.workingDays), data: withWd },
      );
      return findings;
    }
    if (p.days < MIN_CONSULTATION_DAYS) {
      findings.push({ ...base, outcome: 'violation', message: DECISIONS_MESSAGES.consultationShort(p.start, p.end, p.days), data });
    }
    return findings;
  },
};
