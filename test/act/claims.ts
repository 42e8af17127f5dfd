/**
 * Which W3C ACT rules Gongkai claims to implement, and by which of its rule ids.
 *
 * - Static checks (rules/page/*, run on every crawled page without a browser) claim the ACT rules
 *   they were written for.
 * - axe-core rules claim the ACT rules their metadata lists in `actIds` (axe.getRules()), limited to
 *   the rules the crawl runs (WCAG 2.0/2.1 A and AA tags). The conformance test checks this table
 *   against axe's own metadata, so an axe upgrade that changes the mapping fails loudly.
 * - ACT rules that axe lists but Gongkai does not claim are in NOT_CLAIMED, with the reason.
 * - Single cases skipped: SKIPPED_CASES, keyed by test-case id, each with its reason.
 */

/** The static checks of rules/page and the ACT rule each implements. */
export const STATIC_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  '23a2a8': ['a11y.image-alt'],
  b5c3f8: ['a11y.html-has-lang'],
  '2779a5': ['a11y.document-title'],
};

/** ACT rule id → the axe rule ids (run in the crawl) that implement it, per axe's `actIds`. */
export const AXE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  '23a2a8': ['image-alt', 'role-img-alt'],
  '2779a5': ['document-title'],
  b5c3f8: ['html-has-lang'],
  bf051a: ['html-lang-valid'],
  de46e4: ['valid-lang'],
  c487ae: ['area-alt', 'link-name'],
  '97a4e1': ['aria-command-name', 'button-name', 'input-button-name'],
  m6b1q3: ['button-name'],
  '59796f': ['input-image-alt'],
  '7d6734': ['svg-img-alt'],
  '8fc3b6': ['object-alt'],
  e086e5: ['aria-input-field-name', 'aria-toggle-field-name', 'label', 'select-name'],
  '73f2c2': ['autocomplete-valid'],
  '2ee8b8': ['label-content-name-mismatch'],
  afw4f7: ['color-contrast'],
  cae760: ['frame-title'],
  '4b1c6c': ['frame-title-unique'],
  akn7bn: ['frame-focusable-content'],
  b4f0c3: ['meta-viewport'],
  bc659a: ['meta-refresh'],
  '80f0bf': ['no-autoplay-audio'],
  eac66b: ['video-caption'],
  cf77f2: ['bypass'],
  '5c01ea': ['aria-allowed-attr', 'aria-conditional-attr', 'aria-prohibited-attr'],
  '674b10': ['aria-deprecated-role', 'aria-roles'],
  '6cfa84': ['aria-hidden-focus'],
  '4e8ab6': ['aria-required-attr'],
  bc4a75: ['aria-required-children'],
  ff89c9: ['aria-required-children', 'aria-required-parent'],
  '6a7281': ['aria-valid-attr-value'],
  '5f99a7': ['aria-valid-attr'],
  '307n5z': ['nested-interactive'],
  '0ssw9k': ['scrollable-region-focusable'],
  a25f45: ['td-headers-attr'],
  d0f69e: ['th-has-data-cells'],
  '24afc2': ['avoid-inline-spacing'],
  '9e45ec': ['avoid-inline-spacing'],
  '78fd32': ['avoid-inline-spacing'],
  '3ea0c8': ['duplicate-id-aria'],
  // Tagged best-practice by axe, mapped by axe to ACT rules for WCAG A criteria: run besides the tags
  // (crawler/browser/axe-runner.ts ACT_MAPPED_BEYOND_TAGS).
  ffd0e9: ['empty-heading'],
  '46ca7f': ['presentation-role-conflict'],
};

/** ACT ids in axe's metadata for the rules we run that Gongkai does not claim, and why. */
export const NOT_CLAIMED: Readonly<Record<string, string>> = {
  '09o5cg': 'Enhanced contrast (7:1) is WCAG AAA; the crawl runs color-contrast at the AA level (afw4f7).',
  bisz58: 'Meta refresh without any delay exception is AAA (2.2.4, 3.2.5); meta-refresh claims the AA rule bc659a.',
  '047fe0': 'An atomic part of the composite bypass rule cf77f2; axe checks bypass as a whole, not each means.',
  b40fd1: 'An atomic part of the composite bypass rule cf77f2; axe checks bypass as a whole, not each means.',
  '3e12e1': 'An atomic part of the composite bypass rule cf77f2; axe checks bypass as a whole, not each means.',
  ye5d6e: 'An atomic part of the composite bypass rule cf77f2; axe checks bypass as a whole, not each means.',
  '5b7ae0': 'No test cases in the ACT material.',
  b20e66: 'Link purpose (link only) is WCAG AAA (2.4.9): identical-links-same-purpose is not run.',
};

/**
 * Cases each claimed ACT rule gets right, as measured when the claim was last reviewed (the
 * conformance test prints the table). A rule below its number fails the test; a rule missing here
 * must get every case right.
 */
export const MEASURED_CORRECT: Readonly<Record<string, number>> = {
  // 2026-12-06, axe-core 4.14.1 in Chromium 156: the cases axe itself gets wrong (the table shows axe alone).
  akn7bn: 9, // of 10
  bc4a75: 23, // of 24
  '4b1c6c': 20, // of 23
  d0f69e: 15, // of 16
  '2ee8b8': 35, // of 38
};

/** Single test cases not run, by test-case id, with the reason. */
export const SKIPPED_CASES: Readonly<Record<string, string>> = {};

/** Our rule ids that claim an ACT rule (static and axe together). */
export function claimedRuleIds(actId: string): string[] {
  return [...(STATIC_CLAIMS[actId] ?? []), ...(AXE_CLAIMS[actId] ?? []).map((id) => `a11y.${id}`)];
}
