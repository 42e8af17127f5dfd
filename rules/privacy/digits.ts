/**
 * Finding standalone digit runs in untrusted text: full-width digits folded to ASCII, runs that are
 * part of a longer alphanumeric token (hex template ids, order numbers with letters, masked forms
 * with * or ×) or of a decimal amount (13575394432.52元) rejected. Pure, no I/O.
 */

/** Full-width digits and Ｘ become ASCII one for one, so indexes stay valid in the original text. */
export function foldDigits(text: string): string {
  return text.replace(/[０-９Ｘｘ]/g, (c) => {
    if (c === 'Ｘ' || c === 'ｘ') return 'X';
    return String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30);
  });
}

/** Characters that glue a digit run into a longer token (masking marks included). */
const GLUE = /[0-9A-Za-z_*×＊●]/;

export interface DigitRun {
  /** The run as written (digits, maybe a final X for IDs). */
  value: string;
  index: number;
}

/** True when the run sits inside a decimal number or is followed by a currency unit. */
export function looksLikeMoney(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 2), index);
  const after = text.slice(index + length, index + length + 2);
  if (/\d[.,，]$/.test(before)) return true;
  if (/^[.,]\d/.test(after)) return true;
  return /^\s?(元|万|亿|角|分)/.test(after);
}

/**
 * Every match of `pattern` (global, matching only the run) that stands alone: not glued to
 * letters, digits, `_` or masking marks on either side, and not a money amount.
 */
export function standaloneRuns(text: string, pattern: RegExp): DigitRun[] {
  const runs: DigitRun[] = [];
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (const m of text.matchAll(re)) {
    const index = m.index;
    const value = m[0];
    const prev = index > 0 ? text.charAt(index - 1) : '';
    const next = text.charAt(index + value.length);
    if ((prev && GLUE.test(prev)) || (next && GLUE.test(next))) continue;
    if (looksLikeMoney(text, index, value.length)) continue;
    runs.push({ value, index });
  }
  return runs;
}

/** The text just before a position, for label tests (whitespace collapsed). */
export function textBefore(text: string, index: number, span: number): string {
  return text.slice(Math.max(0, index - span), index).replace(/\s+/g, ' ');
}

/** 370211********2317: first six and last four kept, the rest starred. Never the full number. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 138****1234. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}
