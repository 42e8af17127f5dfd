/**
 * Worksheet names from unit names. Excel refuses a workbook whose sheet names are longer than 31
 * characters, contain any of []:*?/\ , begin or end with an apostrophe, are blank, are "History",
 * or repeat another sheet's name ignoring case.
 */
import { cutText } from './cell-text.js';

export const MAX_SHEET_NAME = 31;

const FORBIDDEN = /[[\]:*?/\\]/g;
const CONTROL = /[\u0000-\u001F\u007F]/g;
const RESERVED = new Set(['history']);
const FALLBACK = '单位';

/** One name Excel accepts on its own (uniqueness is `uniqueSheetNames`' job). */
export function sanitizeSheetName(name: string): string {
  let cleaned = name.replace(CONTROL, '').replace(FORBIDDEN, '_').trim();
  cleaned = cleaned.replace(/^'+/, '').replace(/'+$/, '').trim();
  cleaned = cutText(cleaned, MAX_SHEET_NAME).replace(/'+$/, '').trim();
  if (cleaned === '' || RESERVED.has(cleaned.toLowerCase())) return FALLBACK;
  return cleaned;
}

/**
 * Names for `wanted`, in order, unique ignoring case and distinct from `taken` (e.g. the summary
 * sheet). A repeated name gets a numbered suffix, the base cut so the whole stays within 31.
 */
export function uniqueSheetNames(wanted: string[], taken: string[] = []): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return wanted.map((raw) => {
    const base = sanitizeSheetName(raw);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) {
      const suffix = `(${n})`;
      name = `${cutText(base, MAX_SHEET_NAME - suffix.length).replace(/'+$/, '')}${suffix}`;
    }
    used.add(name.toLowerCase());
    return name;
  });
}
