/**
 * Evidence without the numbers themselves: masked values, and masking of any text a finding
 * carries. Every finding of every rule passes through maskFinding (rules/engine.ts), because crawled
 * strings reach other rules' messages, snippets and data too (an ID in a <title>, an image name, a
 * link text).
 */
import type { DomView } from '../dom/view.js';
import type { Finding, Target } from '../types.js';
import { foldDigits, maskIdNumber, maskMobile } from './digits.js';
import { idCheckChar, isPlausibleId15 } from './id-number.js';
import { mobileDigits } from './mobile.js';

/** Any birth date is accepted when masking: better to mask a look-alike than to show an ID. */
const ANY_DATE = '9999-12-31';
/** ID-shaped runs not inside a longer digit run (letters around are fine: `370…2311.jpg`, `x_370…`). */
const ID_SHAPE = /(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)/g;
/** Mobile-shaped runs as rules/privacy/mobile.ts reads them, not inside a longer digit run. */
const MOBILE_SHAPE = /(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})(?!\d)/g;

/**
 * Masks every ID number (checksum-valid 18-character, plausible 15-digit) and every mobile-shaped
 * number in `s`; the rest of `s` is kept as it is (full-width digits are read, not rewritten).
 */
export function maskNumbers(s: string): string {
  if (!/[0-9０-９]{11}|[0-9０-９][- ][0-9０-９]{4}[- ][0-9０-９]{4}/.test(s)) return s;
  const folded = foldDigits(s);
  const spans: { start: number; end: number; text: string }[] = [];
  for (const m of folded.matchAll(ID_SHAPE)) {
    const id = m[0].toUpperCase();
    const isId = id.length === 18 ? idCheckChar(id.slice(0, 17)) === id.charAt(17) : isPlausibleId15(id, ANY_DATE);
    if (isId) spans.push({ start: m.index, end: m.index + id.length, text: maskIdNumber(id) });
  }
  for (const m of folded.matchAll(MOBILE_SHAPE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (spans.some((sp) => start < sp.end && sp.start < end)) continue;
    spans.push({ start, end, text: maskMobile(mobileDigits(m[0])) });
  }
  if (spans.length === 0) return s;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const sp of spans) {
    out += s.slice(at, sp.start) + sp.text;
    at = sp.end;
  }
  return out + s.slice(at);
}

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v);
    return out;
  }
  return value;
}

/**
 * The finding with every ID and mobile number masked in its message, target and data (deep). Its
 * `url` is kept: it is the key of the page in the store and the report's link to it.
 */
export function maskFinding(f: Finding): Finding {
  const out: Finding = { ...f, message: maskNumbers(f.message), data: maskDeep(f.data) as Record<string, unknown> };
  if (f.target) out.target = { selector: maskNumbers(f.target.selector), snippet: maskNumbers(f.target.snippet) };
  return out;
}

export function maskedTarget(dom: DomView, selector: string | null): Target | undefined {
  if (!selector) return undefined;
  const node = dom.querySelector(selector);
  return node ? { selector, snippet: maskNumbers(node.snippet()) } : undefined;
}

/** Up to this many masked samples go into `data.maskedAll`. */
const SAMPLES = 10;

export function maskedData(masked: string[]): { masked: string; count: number; maskedAll: string[] } {
  return { masked: masked[0] ?? '', count: masked.length, maskedAll: masked.slice(0, SAMPLES) };
}
