/**
 * What some tests need beyond the repository, and whether this machine has it:
 *   - `../shared/external/` next to the repository (W3C ACT test cases, real government pages):
 *     present where the project is developed and in its CI, absent in a plain clone;
 *   - a Chromium (npm run setup:browser).
 * Outside CI a missing piece skips the tests that need it, and test/helpers/global-setup.ts says so
 * in one line. Under CI=true nothing may be skipped: a missing piece fails the run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium, type ChromiumLocation } from '../../crawler/browser/chromium-path.js';
import { repoRoot } from './cli.js';

/** `../shared/external` as seen from the repository: never a folder of a particular machine. */
export const EXTERNAL_DIR = resolve(repoRoot, '..', 'shared', 'external');

export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** A folder under ../shared/external, or null when this machine does not have it. */
export function externalPath(...parts: string[]): string | null {
  const p = resolve(EXTERNAL_DIR, ...parts);
  return existsSync(p) ? p : null;
}

/** The external material the suite reads, by folder. */
export const EXTERNAL_FOLDERS = ['act-rules', 'gov-pages'] as const;

export function missingExternal(): string[] {
  return EXTERNAL_FOLDERS.filter((f) => externalPath(f) === null);
}

/** The Chromium the browser tests drive, or null. */
export function testChromium(): ChromiumLocation | null {
  return findChromium(process.env);
}

/**
 * For `describe.skipIf(skipWithout(...))`: true (skip) when a needed piece is missing outside CI;
 * under CI a missing piece throws, so the file fails instead of skipping.
 */
export function skipWithout(need: { external?: readonly string[]; chromium?: boolean }): boolean {
  const missing = [
    ...(need.external ?? []).filter((f) => externalPath(f) === null).map((f) => `../shared/external/${f}`),
    ...(need.chromium && testChromium() === null ? ['Chromium'] : []),
  ];
  if (missing.length === 0) return false;
  if (inCi) throw new Error(`CI=true 时不跳过任何测试，但本机缺少：${missing.join('、')}`);
  return true;
}
