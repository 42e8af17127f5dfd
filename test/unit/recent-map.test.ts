import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../store/recent-map.js';

describe('RecentMap', () => {
  it('keeps what was set, null values included, and forgets the oldest generation only', () => {
    const m = new RecentMap<string, string | null>(3);
    m.set('a', '1');
    m.set('b', null);
    expect(m.get('a')).toBe('1');
    expect(m.get('b')).toBeNull();
    expect(m.has('b')).toBe(true);
    expect(m.get('c')).toBeUndefined();
    // 'c' fills the young generation (a, b, c), which becomes the old one.
    m.set('c', '3');
    m.set('d', '4');
    m.set('e', '5');
    m.set('f', '6');
    // d, e, f filled the next one: a, b, c were the old generation and are gone.
    expect(m.has('a')).toBe(false);
    expect(m.get('d')).toBe('4');
  });

  it('an entry read from the old generation stays for another one', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2); // young → old: {a, b}
    expect(m.get('a')).toBe(1); // copied into the young generation
    m.set('c', 3); // young {a, c} → old; {a, b} dropped
    expect(m.get('a')).toBe(1);
    expect(m.has('b')).toBe(false);
  });
});
