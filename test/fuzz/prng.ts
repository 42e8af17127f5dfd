/**
 * A seeded PRNG for the fuzz tests, so any failure reproduces. The seed is fixed by default (the
 * suite must not be flaky) and printed; set GONGKAI_FUZZ_SEED to explore other inputs and
 * GONGKAI_FUZZ_SCALE (e.g. 10) to run more cases.
 */

/** mulberry32: small, fast, good enough to pick test inputs. */
export interface Rng {
  readonly seed: number;
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** The suite's seed (GONGKAI_FUZZ_SEED or a fixed default), printed once per test file. */
export function fuzzSeed(label: string, fallback: number): number {
  const fromEnv = process.env.GONGKAI_FUZZ_SEED;
  const seed = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : fallback;
  process.stderr.write(`[fuzz] ${label}: seed ${seed} (rerun with GONGKAI_FUZZ_SEED=${seed})\n`);
  return seed;
}

/** How many cases to run: `base` times GONGKAI_FUZZ_SCALE (default 1). */
export function fuzzCount(base: number): number {
  const scale = Number(process.env.GONGKAI_FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Pieces that make text hostile: CJK, RTL and zero-width marks, quotes, markup, control characters. */
const ODD_PIECES = [
  '区', '政务公开', '𠀀', 'é', '\u202e', '\u200b', '\u200f', '\ufeff', '"', "'", '`', '<script>', '&amp;', '%', '%00', '%zz',
  '\\', '/', '..', ':', '#', '?', '=', '&', '{', '}', '[', ']', ' ', '\t', '\n', '\r', '\u0000', '\u001b[31m', '-', '--', '0', '9',
  '1e309', 'NaN', '-1', 'ａ', '１', '💥', 'null', 'true', '~', '*', '!', '@', '|', '>',
];

/**
 * Random hostile text. Never contains the words a stack trace is recognised by (Error, "at ",
 * file:, node:), so finding them in output means the program printed them, not echoed them.
 */
export function oddText(rng: Rng, maxPieces = 12): string {
  for (;;) {
    let s = '';
    const n = 1 + rng.int(maxPieces);
    for (let i = 0; i < n; i++) s += rng.chance(0.6) ? rng.pick(ODD_PIECES) : String.fromCharCode(0x21 + rng.int(0x5e));
    if (!STACK_WORDS.test(s)) return s;
  }
}

export const STACK_WORDS = /error|\bat\b|file:|node:/i;
