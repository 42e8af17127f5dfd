/**
 * Finding wrong wording in a text: 易错词 (typos), serious misstatements (a state leader's name or
 * title, a state organ, a key formulation, the unit's own name) and the office's forbidden words.
 * Pure string work on the visible text of a page or an attachment.
 *
 * What is never a match (no false alarms):
 *   - a form inside a longer correct writing listed with it (`notIn`: 发布署名 holds 布署);
 *   - a quotation of the wrong form (“再接再励”), and any match in a sentence that corrects
 *     wording (将“再接再励”改为“再接再厉”, 应为, 更正, 勘误 …);
 *   - anything inside a web or e-mail address;
 *   - a leader's name next to a title they hold, a former holder of a unique title, a common
 *     personal name (李强) next to any title but the few that only one person holds.
 * Context-dependent pairs (的/地/得, 必须/必需, 做/作) are not in the tables at all.
 */
import { FORBIDDEN, SERIOUS, TYPOS, type ForbiddenWord, type WordingFix } from './tables.js';

export type WordingKind = 'typo' | 'serious' | 'forbidden';

/** What a serious hit is about. */
export type SeriousKind = 'leader-name' | 'leader-title' | 'organ' | 'formulation' | 'unit-name';

export interface WordingHit {
  kind: WordingKind;
  /** The wrong form as written. */
  wrong: string;
  /** The correct form, or null when there is none to suggest (a forbidden word). */
  right: string | null;
  /** Offset in the text. */
  index: number;
  /** The sentence it stands in, the wrong form marked 【…】, shortened around it. */
  sentence: string;
  /** false: doubt (incomplete), never a violation. */
  certain: boolean;
  serious?: SeriousKind;
  /** Forbidden words: the office's reason and suggestion. */
  reason?: string;
}

/** Quotation marks that, around a form, make it a quotation of the form rather than a use. */
const OPEN_QUOTES = new Set(['“', '‘', '"', "'", '「', '『', '〝']);
const CLOSE_QUOTES = new Set(['”', '’', '"', "'", '」', '』', '〞']);

/** A sentence that corrects wording: its quotations of wrong forms are not errors. */
const CORRECTION = /(改为|改成|更正为|更正|订正|勘误|应为|应是|误写|错写|写错|误作|误为|系笔误|纠正为)/;

const SENTENCE_END = /[。！？；!?;\n]/;

/** Characters shown on each side of the wrong form in a finding's sentence. */
const CONTEXT = 30;

const URLISH = /(?:https?:\/\/|www\.)[^\s，。；：、“”‘’（）《》【】<>"']+|[\w.+-]+@[\w-]+\.[\w.-]+/gi;

/** The text with web and e-mail addresses blanked (same length, so offsets stay). */
export function maskAddresses(text: string): string {
  return text.replace(URLISH, (m) => ' '.repeat(m.length));
}

function sentenceBounds(text: string, index: number, length: number): [number, number] {
  let start = index;
  while (start > 0 && !SENTENCE_END.test(text.charAt(start - 1))) start--;
  let end = index + length;
  while (end < text.length && !SENTENCE_END.test(text.charAt(end))) end++;
  return [start, end];
}

/** The sentence around a match with the match marked 【…】, at most CONTEXT characters each side. */
export function markedSentence(text: string, index: number, length: number): string {
  const [s, e] = sentenceBounds(text, index, length);
  const from = Math.max(s, index - CONTEXT);
  const to = Math.min(e, index + length + CONTEXT);
  const clean = (t: string) => t.replace(/\s+/g, ' ');
  return `${from > s ? '…' : ''}${clean(text.slice(from, index)).trimStart()}【${text.slice(index, index + length)}】${clean(text.slice(index + length, to)).trimEnd()}${to < e ? '…' : ''}`;
}

function isQuoted(text: string, index: number, length: number): boolean {
  return OPEN_QUOTES.has(text.charAt(index - 1)) && CLOSE_QUOTES.has(text.charAt(index + length));
}

function inCorrection(text: string, index: number, length: number): boolean {
  const [s, e] = sentenceBounds(text, index, length);
  return CORRECTION.test(text.slice(s, e));
}

/** Whether the match at `index` lies inside one of the correct longer writings. */
function insideCorrectWriting(text: string, index: number, wrong: string, notIn: readonly string[] | undefined): boolean {
  for (const n of notIn ?? []) {
    for (let k = n.indexOf(wrong); k >= 0; k = n.indexOf(wrong, k + 1)) {
      if (text.startsWith(n, index - k)) return true;
    }
  }
  return false;
}

/** A use, not a mention: not quoted, not in a correcting sentence. */
function isUse(text: string, index: number, length: number): boolean {
  return !isQuoted(text, index, length) && !inCorrection(text, index, length);
}

/**
 * The fixes by first character, for one pass over the text, with two filters that decide from
 * character codes alone whether a position can start a fix: its first character (a table indexed
 * by code) and its first two (every wrong form has at least two). Most characters of a page fail
 * the first, most of the rest the second, so the candidates are tried only where one can match
 * (the scan ran on every page's text; a regular expression or a Map per character cost more).
 */
interface FirstCharIndex<T> {
  byChar: Map<string, T[]>;
  /** 1 at the code of a first character. */
  first: Uint8Array;
  /** First two characters' codes, `c1 * 65536 + c2`; a first character with a one-character form is in `anySecond`. */
  pairs: Set<number>;
  anySecond: Uint8Array;
}

function indexByFirstChar<T extends { wrong: string }>(entries: readonly T[]): FirstCharIndex<T> {
  const map = new Map<string, T[]>();
  const first = new Uint8Array(65536);
  const anySecond = new Uint8Array(65536);
  const pairs = new Set<number>();
  for (const e of entries) {
    if (e.wrong === '') continue;
    const c = e.wrong.charAt(0);
    const list = map.get(c) ?? [];
    list.push(e);
    map.set(c, list);
    const code = e.wrong.charCodeAt(0);
    first[code] = 1;
    if (e.wrong.length < 2) anySecond[code] = 1;
    else pairs.add(code * 65536 + e.wrong.charCodeAt(1));
  }
  // Longest first, so 讫今为止 is tried before 讫今.
  for (const list of map.values()) list.sort((a, b) => b.wrong.length - a.wrong.length);
  return { byChar: map, first, pairs, anySecond };
}

const TYPO_INDEX = indexByFirstChar(TYPOS);
const ORGAN_INDEX = indexByFirstChar([...SERIOUS.organs, ...SERIOUS.formulations.map((f) => ({ ...f, formulation: true }))]);

/** Every use of a table's wrong forms in the text, longest at each position, none overlapping. */
function scanFixes<T extends WordingFix>(text: string, index: FirstCharIndex<T>, hit: (e: T, at: number) => WordingHit): WordingHit[] {
  const out: WordingHit[] = [];
  const { first, pairs, anySecond } = index;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (first[code] === 0) continue;
    if (anySecond[code] === 0 && !pairs.has(code * 65536 + text.charCodeAt(i + 1))) continue;
    const candidates = index.byChar.get(text.charAt(i));
    if (!candidates) continue;
    for (const e of candidates) {
      if (!text.startsWith(e.wrong, i)) continue;
      if (insideCorrectWriting(text, i, e.wrong, e.notIn)) continue;
      if (isUse(text, i, e.wrong.length)) {
        out.push(hit(e, i));
        i += e.wrong.length - 1;
      }
      break;
    }
  }
  return out;
}

export function scanTypos(raw: string): WordingHit[] {
  const text = maskAddresses(raw);
  return scanFixes(text, TYPO_INDEX, (e, at) => ({
    kind: 'typo', wrong: e.wrong, right: e.right, index: at, sentence: markedSentence(text, at, e.wrong.length), certain: true,
  }));
}

export function scanForbidden(raw: string, words: readonly ForbiddenWord[] = FORBIDDEN): WordingHit[] {
  if (words.length === 0) return [];
  const text = maskAddresses(raw);
  const out: WordingHit[] = [];
  for (const w of words) {
    for (let i = text.indexOf(w.word); i >= 0; i = text.indexOf(w.word, i + w.word.length)) {
      if (!isUse(text, i, w.word.length)) continue;
      out.push({
        kind: 'forbidden', wrong: w.word, right: w.suggestion ?? null, index: i, sentence: markedSentence(text, i, w.word.length), certain: true,
        ...(w.reason ? { reason: w.reason } : {}),
      });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

const CJK = /^[\u4e00-\u9fff]+$/;

/** Strings of equal length that differ in exactly one character. */
function oneCharApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
  return diff === 1;
}

/** Title words longest first (国家副主席 before 主席). */
const TITLES = [...SERIOUS.titleWords].sort((a, b) => b.length - a.length);

function titleAt(text: string, i: number): string | null {
  for (const t of TITLES) if (text.startsWith(t, i)) return t;
  return null;
}

function titleEndingAt(text: string, end: number): string | null {
  for (const t of TITLES) if (end - t.length >= 0 && text.startsWith(t, end - t.length)) return t;
  return null;
}

/**
 * A name written next to a title that only one person holds (总书记, 国家主席, 委员长 …): when it
 * is one character away from the holder's name and is no former holder's, it is the holder's name
 * written wrong. Both orders: 国家主席习近平 and 习近平总书记.
 */
function scanUniqueTitles(text: string): WordingHit[] {
  const out: WordingHit[] = [];
  for (const u of SERIOUS.uniqueTitles) {
    const n = u.holder.length;
    for (let i = text.indexOf(u.title); i >= 0; i = text.indexOf(u.title, i + u.title.length)) {
      // A longer title containing this one (中共中央总书记 holds 总书记) is checked as that title;
      // a deputy (副委员长) is someone else.
      if (u.title === '总书记' && text.startsWith('中共中央总书记', i - 4)) continue;
      if (u.title === '委员长' && text.startsWith('全国人大常委会委员长', i - 7)) continue;
      if (text.charAt(i - 1) === '副') continue;
      const before = text.slice(Math.max(0, i - n), i);
      const after = text.slice(i + u.title.length, i + u.title.length + n);
      const former = (s: string, side: 'before' | 'after') =>
        u.formerHolders.some((f) => (side === 'before' ? text.slice(Math.max(0, i - f.length), i) === f : text.startsWith(f, i + u.title.length)));
      for (const [candidate, at, side] of [[before, i - n, 'before'], [after, i + u.title.length, 'after']] as const) {
        if (candidate.length !== n || !CJK.test(candidate) || candidate === u.holder || former(candidate, side)) continue;
        if (!oneCharApart(candidate, u.holder) || !isUse(text, at, n)) continue;
        out.push({
          kind: 'serious', serious: 'leader-name', wrong: candidate, right: u.holder, index: at, sentence: markedSentence(text, at, n), certain: true,
        });
      }
    }
  }
  return out;
}

/**
 * A leader's name with a title they do not hold (习近平总理, 国务院总理习近平). A common personal name
 * (李强, 韩正) is checked only against titles one person holds: a local 李强 may well be a 主席.
 */
function scanLeaderTitles(text: string): WordingHit[] {
  const out: WordingHit[] = [];
  const unique = new Map(SERIOUS.uniqueTitles.map((u) => [u.title, u.holder]));
  const formerTitles = new Map(SERIOUS.uniqueTitles.map((u) => [u.title, u.formerHolders]));
  for (const leader of SERIOUS.leaders) {
    for (let i = text.indexOf(leader.name); i >= 0; i = text.indexOf(leader.name, i + leader.name.length)) {
      // Only the title right next to the name is read.
      for (const title of [titleAt(text, i + leader.name.length), titleEndingAt(text, i)]) {
        if (title === null || leader.allowedTitles.includes(title)) continue;
        const holder = unique.get(title);
        // A unique title of someone else is certainly wrong; any other title only for a name no one else has.
        if (holder === undefined && leader.commonName) continue;
        if (holder === leader.name) continue;
        // A title the leader held before (国家副主席习近平, in an account of 2010) is history, not an error.
        if (formerTitles.get(title)?.includes(leader.name)) continue;
        if (!isUse(text, i, leader.name.length)) continue;
        const after = text.startsWith(title, i + leader.name.length);
        const at = after ? i : i - title.length;
        const wrong = after ? `${leader.name}${title}` : `${title}${leader.name}`;
        // The usual form: a short title after the name (习近平总书记), the full one before it (国务院总理李强).
        const byLength = [...leader.allowedTitles].sort((a, b) => a.length - b.length);
        const rightTitle = after ? byLength[0] : byLength.at(-1);
        out.push({
          kind: 'serious', serious: 'leader-title', wrong, right: rightTitle ? (after ? `${leader.name}${rightTitle}` : `${rightTitle}${leader.name}`) : leader.name,
          index: at, sentence: markedSentence(text, at, wrong.length), certain: true,
        });
      }
    }
  }
  return out;
}

/**
 * The unit's own name with one character wrong (区发展和改草局): same length, same first two and
 * last characters. A doubt only: abbreviations and older names exist.
 */
function scanOwnName(text: string, name: string): WordingHit[] {
  if (name.length < 5 || !CJK.test(name)) return [];
  const out: WordingHit[] = [];
  const head = name.slice(0, 2);
  for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
    const window = text.slice(i, i + name.length);
    if (window.length !== name.length || window === name || window.at(-1) !== name.at(-1) || !CJK.test(window)) continue;
    if (!oneCharApart(window, name) || !isUse(text, i, name.length)) continue;
    out.push({ kind: 'serious', serious: 'unit-name', wrong: window, right: name, index: i, sentence: markedSentence(text, i, name.length), certain: false });
    i += name.length - 1;
  }
  return out;
}

export function scanSerious(raw: string, opts: { unitName?: string } = {}): WordingHit[] {
  const text = maskAddresses(raw);
  const fixes = scanFixes(text, ORGAN_INDEX, (e, at) => ({
    kind: 'serious', serious: 'formulation' in e ? 'formulation' : 'organ', wrong: e.wrong, right: e.right, index: at,
    sentence: markedSentence(text, at, e.wrong.length), certain: true,
  }));
  const hits = [...fixes, ...scanUniqueTitles(text), ...scanLeaderTitles(text), ...(opts.unitName ? scanOwnName(text, opts.unitName) : [])];
  // One hit per place: a name caught both as written wrong and with a wrong title counts once.
  const seen = new Set<number>();
  return hits.sort((a, b) => a.index - b.index || b.wrong.length - a.wrong.length).filter((h) => (seen.has(h.index) ? false : (seen.add(h.index), true)));
}
