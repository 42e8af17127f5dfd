import { describe, expect, it } from 'vitest';
import { SeenTargets } from '../../crawler/seen-targets.js';

describe('SeenTargets', () => {
  it('knows a target only once its transaction committed, per unit', () => {
    const seen = new SeenTargets();
    seen.noteRecorded('u1', 'http://a.test/x.html');
    seen.noteQueued('u1', 'http://a.test/y.html');
    expect(seen.isRecorded('u1', 'http://a.test/x.html')).toBe(false);
    seen.commit();
    expect(seen.isRecorded('u1', 'http://a.test/x.html')).toBe(true);
    expect(seen.isQueued('u1', 'http://a.test/y.html')).toBe(true);
    // Recorded and queued are apart, and so are units.
    expect(seen.isQueued('u1', 'http://a.test/x.html')).toBe(false);
    expect(seen.isRecorded('u2', 'http://a.test/x.html')).toBe(false);
  });

  it('a rolled-back savepoint drops only what it staged', () => {
    const seen = new SeenTargets();
    seen.noteRecorded('u1', 'http://a.test/1.html');
    const mark = seen.mark();
    seen.noteRecorded('u1', 'http://a.test/2.html');
    seen.discardSince(mark);
    seen.commit();
    expect(seen.isRecorded('u1', 'http://a.test/1.html')).toBe(true);
    expect(seen.isRecorded('u1', 'http://a.test/2.html')).toBe(false);
  });

  it('forgets the oldest targets once two generations are full, so its memory stays bounded', () => {
    const seen = new SeenTargets();
    for (let i = 0; i < 40_000; i++) seen.noteRecorded(`u${i % 3}`, `http://a.test/${i}.html`);
    seen.commit();
    expect(seen.isRecorded('u0', 'http://a.test/0.html')).toBe(false);
    expect(seen.isRecorded('u0', 'http://a.test/39999.html')).toBe(true);
    expect(seen.isRecorded('u2', 'http://a.test/20000.html')).toBe(true);
  });
});
