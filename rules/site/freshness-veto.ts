/**
 * freshness.veto: the 单项否决 (veto) thresholds of the national inspection indicators
 * (requirements §4): ≥5 stale columns of the dynamic, notice and policy types together; ≥10 stale
 * columns of any type that has a limit; ≥5 blank columns; or the home page not updated for more
 * than 14 days. A column counts as stale or blank by exactly the logic of freshness.column and
 * column.empty (shared helpers), so the veto never disagrees with the findings it summarises.
 * Historical/专题 columns are exempt through the column-type table.
 *
 * A threshold that is reached on proven columns is a violation. When none is reached but the
 * unknowns (undated columns, columns that only look empty, an undated or missing home page) could
 * reach one, the outcome is `incomplete`: a veto is too heavy to pass on guesswork.
 */
import type { SiteRule } from '../rule.js';
import type { Column, ColumnType, Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { DECISIONS_MESSAGES, type VetoCounts, type VetoReason } from '../messages/decisions.zh-CN.js';
import { columnFreshness } from './freshness-column.js';
import { columnEmptiness } from './column-empty.js';
import { homeFreshness } from './freshness-homepage.js';

const RULE_ID = 'freshness.veto';

/** Column types counted together for the first threshold (动态要闻、通知公告、政策文件). */
const KEY_TYPES: ReadonlySet<ColumnType> = new Set(['dynamic', 'notice', 'policy']);
export const VETO_STALE_KEY_COLUMNS = 5;
export const VETO_STALE_COLUMNS = 10;
export const VETO_BLANK_COLUMNS = 5;

/** One column behind the veto, as listed in `data.columns`. */
export interface VetoColumn {
  name: string;
  url: string;
  /** Newest item date; null for a blank column. */
  newest: string | null;
  ageDays: number | null;
  /** Why it is listed: stale (past its limit) or blank. */
  why: 'stale' | 'blank';
}

interface Tally {
  staleKey: VetoColumn[];
  staleOther: VetoColumn[];
  blank: VetoColumn[];
  /** Columns with a limit whose freshness is unknown (undated, only future dates). */
  unknownKey: number;
  unknownOther: number;
  maybeBlank: number;
}

function tally(columns: Column[], evalDate: string): Tally {
  const t: Tally = { staleKey: [], staleOther: [], blank: [], unknownKey: 0, unknownOther: 0, maybeBlank: 0 };
  for (const column of columns) {
    const key = KEY_TYPES.has(column.type);
    const f = columnFreshness(column, evalDate);
    if (f.kind === 'empty') {
      const emptiness = columnEmptiness(column);
      if (emptiness === 'empty') t.blank.push({ name: column.name, url: column.url, newest: null, ageDays: null, why: 'blank' });
      else if (emptiness === 'maybe-empty') t.maybeBlank++;
    } else if (f.kind === 'dated' && f.stale) {
      (key ? t.staleKey : t.staleOther).push({ name: column.name, url: column.url, newest: f.newest, ageDays: f.ageDays, why: 'stale' });
    } else if (f.kind === 'undated' || f.kind === 'future-only') {
      if (key) t.unknownKey++;
      else t.unknownOther++;
    }
  }
  return t;
}

export const freshnessVetoRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const url = site.home?.url ?? site.unit.url;
    const t = tally(site.columns, site.evalDate);
    const home = site.home ? homeFreshness(site.home, site.evalDate) : null;
    const staleAll = t.staleKey.length + t.staleOther.length;
    const counts: VetoCounts = {
      staleKey: t.staleKey.length,
      staleAll,
      blank: t.blank.length,
      homeAgeDays: home?.kind === 'dated' ? home.ageDays : null,
    };

    const reasons: VetoReason[] = [];
    if (t.staleKey.length >= VETO_STALE_KEY_COLUMNS) reasons.push('stale-key-columns');
    if (staleAll >= VETO_STALE_COLUMNS) reasons.push('stale-columns');
    if (t.blank.length >= VETO_BLANK_COLUMNS) reasons.push('blank-columns');
    if (home?.kind === 'dated' && home.stale) reasons.push('homepage-stale');

    const listed = [
      ...(reasons.includes('stale-key-columns') || reasons.includes('stale-columns') ? [...t.staleKey, ...t.staleOther] : []),
      ...(reasons.includes('blank-columns') ? t.blank : []),
    ].map(({ name, url: columnUrl, newest, ageDays }) => ({ name, url: columnUrl, newest, ageDays }));
    const base = { staleKeyColumns: counts.staleKey, staleColumns: staleAll, blankColumns: counts.blank };

    if (reasons.length > 0) {
      const data = { reasons, columns: listed, ...base, ...(counts.homeAgeDays !== null ? { homeAgeDays: counts.homeAgeDays } : {}) };
      return [{ ruleId: RULE_ID, outcome: 'violation', url, message: DECISIONS_MESSAGES.vetoReached(reasons, counts), data }];
    }

    if (site.home === null) {
      const reason = site.homeError ?? MESSAGES.homeNotCrawled();
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeMissing(reason), data: { reason, ...base } }];
    }
    const doubt: Finding[] = [];
    const keyPossible = t.staleKey.length + t.unknownKey >= VETO_STALE_KEY_COLUMNS;
    const allPossible = staleAll + t.unknownKey + t.unknownOther >= VETO_STALE_COLUMNS;
    const blankPossible = t.blank.length + t.maybeBlank >= VETO_BLANK_COLUMNS;
    if (home?.kind !== 'dated') {
      doubt.push({ ruleId: RULE_ID, outcome: 'incomplete', url, message: DECISIONS_MESSAGES.vetoHomeUnknown(counts), data: { reasons: [], columns: [], ...base } });
    } else if (keyPossible || allPossible || blankPossible) {
      const doubtful = t.unknownKey + t.unknownOther + t.maybeBlank;
      const data = { reasons: [], columns: [], ...base, undecidedColumns: doubtful };
      doubt.push({ ruleId: RULE_ID, outcome: 'incomplete', url, message: DECISIONS_MESSAGES.vetoColumnsInDoubt(counts, doubtful), data });
    }
    if (doubt.length > 0) return doubt;
    return [{ ruleId: RULE_ID, outcome: 'pass', url, message: DECISIONS_MESSAGES.vetoNotReached(counts), data: { reasons: [], columns: [], ...base, homeAgeDays: counts.homeAgeDays } }];
  },
};
