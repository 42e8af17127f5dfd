import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../store/db.js';
import { clearManualEntry, loadManualEntries, loadManualEntry, saveManualEntries } from '../../store/manual.js';
import { clearMark, getMark, marksOf, setMark } from '../../store/marks.js';

let file: string;
let db: Db;

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'gk-marks-')), 'store.sqlite');
  db = openStore(file);
});
afterEach(() => db.close());

const mark = { unitId: 'fgj', key: 'link.broken:0123456789abcdef', ruleId: 'link.broken', url: 'http://a.gov.cn/', kind: 'fixed' as const, reason: '已更换链接', by: '张三' };

describe('marks store', () => {
  it('keeps one mark per unit and finding, the latest replacing the earlier', () => {
    const first = setMark(db, { ...mark, at: '2020-11-27T01:00:00.000Z', runId: 1 });
    expect(first).toEqual({ ...mark, at: '2020-11-27T01:00:00.000Z', runId: 1 });
    setMark(db, { ...mark, kind: 'false-positive', reason: '链接其实可以打开', at: '2020-11-28T01:00:00.000Z' });
    setMark(db, { ...mark, unitId: 'jyj', at: '2020-11-26T01:00:00.000Z' });
    expect(marksOf(db, 'fgj')).toEqual([{ ...mark, kind: 'false-positive', reason: '链接其实可以打开', at: '2020-11-28T01:00:00.000Z', runId: null }]);
    expect(marksOf(db).map((m) => m.unitId)).toEqual(['jyj', 'fgj']);
  });

  it('clears a mark and says whether there was one', () => {
    setMark(db, mark);
    expect(getMark(db, 'fgj', mark.key)?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(clearMark(db, 'fgj', mark.key)).toBe(true);
    expect(clearMark(db, 'fgj', mark.key)).toBe(false);
    expect(marksOf(db)).toEqual([]);
  });

  it('survives closing and reopening the store, and deleting runs', () => {
    setMark(db, mark);
    saveManualEntries(db, new Map([['fgj', { daily: [{ id: 'open-day', points: 5 }], deductions: [], enteredBy: '李四' }]]), '2020-11-27T02:00:00.000Z');
    db.exec('DELETE FROM runs');
    db.close();
    db = openStore(file);
    expect(marksOf(db)).toHaveLength(1);
    expect(loadManualEntry(db, 'fgj')).toEqual({ daily: [{ id: 'open-day', points: 5 }], deductions: [], enteredBy: '李四', enteredAt: '2020-11-27T02:00:00.000Z' });
  });

  it('rejects a kind other than the two the office uses', () => {
    expect(() => setMark(db, { ...mark, kind: 'ignored' as 'fixed' })).toThrow();
  });
});

describe('manual entries store', () => {
  it('replaces a unit’s entry on a new import and can clear it', () => {
    saveManualEntries(db, new Map([['fgj', { daily: [{ id: 'open-day', points: 5 }], deductions: [] }], ['jyj', { daily: [], deductions: [{ id: 'notice-city', points: 10 }] }]]));
    saveManualEntries(db, new Map([['fgj', { daily: [{ id: 'open-day', points: 3 }], deductions: [] }]]));
    const all = loadManualEntries(db);
    expect([...all.keys()]).toEqual(['fgj', 'jyj']);
    expect(all.get('fgj')!.daily).toEqual([{ id: 'open-day', points: 3 }]);
    expect(all.get('fgj')!.enteredBy).toBeUndefined();
    expect(clearManualEntry(db, 'jyj')).toBe(true);
    expect(loadManualEntry(db, 'jyj')).toBeUndefined();
  });
});
