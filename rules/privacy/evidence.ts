/**
 * Evidence for privacy findings without the numbers themselves: masked values and a target whose
 * snippet has every ID-like and mobile-like run masked (the snippet is stored and exported).
 */
import type { DomView } from '../dom/view.js';
import type { Target } from '../types.js';
import { foldDigits, maskIdNumber, maskMobile } from './digits.js';

/** Masks every 15–18 digit run and every mobile-shaped run in `s`. */
export function maskNumbers(s: string): string {
  return foldDigits(s)
    .replace(/\d{17}[\dXx]|\d{15,16}/g, (m) => maskIdNumber(m))
    .replace(/1[3-9]\d{9}/g, (m) => maskMobile(m));
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
