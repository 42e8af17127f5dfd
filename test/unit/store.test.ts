import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { openStore, StoreError } from '../../store/db.js';
import { Frontier } from '../../store/frontier.js';
import { MIGRATIONS } from '../../store/migrations.js';
import { savePage, unitPages } from '../../store/pages.js';
import { createRun, findRun, findUnfinishedRun, runUnits, setRunStatus } from '../../store/runs.js';

const config = validateConfig({ name: '测试区', units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.test/' }] });
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'gk-store-')), 'db.sqlite');

describe('store', () => {
  it('creates the schema in WAL mode and records the migration version', () => {
    const file = tmpDb();
    const db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const again = openStore(file); // re-opening an up-to-date store is a no-op
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a database made by a newer version, and a file that is not a database', () => {
    const file = tmpDb();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    expect(() => openStore(file)).toThrow(StoreError);
    expect(() => openStore(file)).toThrow(/更新版本/);
    expect(() => openStore(join(tmpdir(), 'gk-does-not-exist', 'x.sqlite'), { readonly: true })).toThrow(/找不到数据库文件/);
    const empty = tmpDb();
    new Database(empty).close(); // an empty file is not a Gongkai database
    expect(() => openStore(empty, { readonly: true })).toThrow(/是空文件或不是 Gongkai 的数据库/);
    const foreign = tmpDb();
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => openStore(foreign)).toThrow(/不是 Gongkai 的数据库/);
    // A file that is not SQLite at all: said in zh-CN, never SQLite's "file is not a database".
    const text = tmpDb();
    writeFileSync(text, '这是一份文本文件，不是数据库。'.repeat(100));
    let err: unknown;
    try {
      openStore(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain('这个文件不是 SQLite 数据库');
    expect((err as Error).message).not.toMatch(/file is not a database/i);
  });

  it('keeps runs and their units', () => {
    const db = openStore(tmpDb());
    const units = [{ id: 'a', name: '甲局', type: 'department' as const, url: 'http://a.test/', scope: [] }];
    const run = createRun(db, config, units, '2020-11-26', 'v1');
    expect(run.status).toBe('crawling');
    expect(findUnfinishedRun(db)?.id).toBe(run.id);
    expect(findRun(db, 'latest')).toBeUndefined();
    setRunStatus(db, run.id, 'done');
    expect(findRun(db, 'latest')?.finishedAt).toBeTruthy();
    expect(runUnits(db, run.id)).toEqual(units);
    db.close();
  });

  it('frontier: admits each URL once, claims FIFO, requeues in-flight entries after a kill', () => {
    const file = tmpDb();
    let db = openStore(file);
    const run = createRun(db, config, [], '2020-11-26', 'v1');
    const f = new Frontier(db, run.id);
    expect(f.add({ unitId: 'a', url: 'http://a.test/', depth: 0, parent: null, linkText: null })).toBe(true);
    expect(f.add({ unitId: 'a', url: 'http://a.test/', depth: 1, parent: 'x', linkText: 'y' })).toBe(false);
    for (let i = 1; i <= 4; i++) f.add({ unitId: 'a', url: `http://a.test/p${i}.html`, depth: 1, parent: 'http://a.test/', linkText: `第${i}页` });
    const first = f.claim(2);
    expect(first.map((e) => e.url)).toEqual(['http://a.test/', 'http://a.test/p1.html']);
    f.done('a', 'http://a.test/');
    expect(f.stats()).toEqual({ pending: 3, active: 1, done: 1 });
    db.close();

    // A new process: the entry that was in flight is still pending (a claim writes nothing), nothing else changes.
    db = openStore(file);
    const f2 = new Frontier(db, run.id);
    expect(f2.requeueActive()).toBe(0);
    expect(f2.stats()).toEqual({ pending: 4, active: 0, done: 1 });
    expect(f2.claim(10).map((e) => e.url)).toEqual(['http://a.test/p1.html', 'http://a.test/p2.html', 'http://a.test/p3.html', 'http://a.test/p4.html']);
    expect(f2.admittedPerUnit().get('a')).toBe(5);
    // New URLs after a restart still come after the old ones.
    f2.add({ unitId: 'a', url: 'http://a.test/p5.html', depth: 2, parent: null, linkText: null });
    f2.requeueActive();
    expect(f2.claim(10).at(-1)?.url).toBe('http://a.test/p5.html');
    db.close();
  });

  it('frontier: a claim writes nothing, is never handed out twice, and a store of an earlier version has its active entries requeued', () => {
    const file = tmpDb();
    const db = openStore(file);
    const run = createRun(db, config, [], '2020-11-26', 'v1');
    const f = new Frontier(db, run.id);
    for (let i = 1; i <= 4; i++) f.add({ unitId: 'a', url: `http://a.test/${i}.html`, depth: 1, parent: null, linkText: null });
    f.add({ unitId: 'b', url: 'http://b.test/1.html', depth: 1, parent: null, linkText: null });
    const states = () => db.prepare('SELECT state, COUNT(*) AS n FROM frontier GROUP BY state').all();
    const first = f.claimFair(2, () => 2, () => 'one site');
    expect(first.map((e) => e.url)).toEqual(['http://a.test/1.html', 'http://b.test/1.html']);
    expect(states()).toEqual([{ state: 'pending', n: 5 }]);
    // The counts say what is left to claim, also after they are read again from the store.
    expect(f.pendingUpTo(9)).toBe(3);
    f.recount();
    expect(f.pendingUpTo(9)).toBe(3);
    // Claimed entries are skipped by every kind of claim, and not moved by an upgrade.
    expect(f.upgrade('a', 'http://a.test/1.html', 0, 'essential')).toBe(false);
    expect(f.claimFair(1, () => 9).map((e) => e.url)).toEqual(['http://a.test/2.html']);
    expect(f.claim(10).map((e) => e.url)).toEqual(['http://a.test/3.html', 'http://a.test/4.html']);
    expect(f.claim(10)).toEqual([]);
    expect(f.stats()).toEqual({ pending: 0, active: 5, done: 0 });
    // Done and skipped entries leave the claimed ones.
    f.done('a', 'http://a.test/1.html');
    f.skip('a', 'http://a.test/2.html');
    expect(f.stats()).toEqual({ pending: 0, active: 3, done: 1 });
    expect(states()).toEqual([{ state: 'done', n: 1 }, { state: 'pending', n: 3 }, { state: 'skipped', n: 1 }]);
    // An earlier version marked claims active: a new process puts them back in the queue.
    db.prepare("UPDATE frontier SET state = 'active' WHERE url = 'http://a.test/3.html'").run();
    const again = new Frontier(db, run.id);
    expect(again.requeueActive()).toBe(1);
    expect(again.claimFair(10, () => 10).map((e) => e.url).sort()).toEqual(['http://a.test/3.html', 'http://a.test/4.html', 'http://b.test/1.html']);
    db.close();
  });

  it('claims fairly: the units take turns, each within its room, FIFO within a unit, counts kept across a restart', () => {
    const file = tmpDb();
    let db = openStore(file);
    const run = createRun(db, config, [], '2020-11-26', 'v1');
    const f = new Frontier(db, run.id);
    // Unit a's list admitted six articles before b and c admitted anything.
    for (let i = 1; i <= 6; i++) f.add({ unitId: 'a', url: `http://a.test/${i}.html`, depth: 1, parent: null, linkText: null });
    for (const u of ['b', 'c']) for (let i = 1; i <= 3; i++) f.add({ unitId: u, url: `http://${u}.test/${i}.html`, depth: 1, parent: null, linkText: null });
    expect(f.claim(0)).toEqual([]);
    const room = new Map([['a', 2], ['b', 2], ['c', 1]]);
    const first = f.claimFair(10, (u) => room.get(u) ?? 0).map((e) => e.url).sort();
    expect(first).toEqual(['http://a.test/1.html', 'http://a.test/2.html', 'http://b.test/1.html', 'http://b.test/2.html', 'http://c.test/1.html']);
    // A small limit is shared out one entry per unit, not taken from the first unit alone.
    const second = f.claimFair(2, () => 5).map((e) => e.unitId);
    expect(new Set(second).size).toBe(2);
    // Plain FIFO order would have handed out a's articles first.
    expect(f.stats()).toEqual({ pending: 5, active: 7, done: 0 });
    db.close();

    db = openStore(file);
    const f2 = new Frontier(db, run.id);
    expect(f2.requeueActive()).toBe(0);
    const all = f2.claimFair(100, () => 100);
    expect(all).toHaveLength(12);
    // Within a unit, still in admission order.
    expect(all.filter((e) => e.unitId === 'a').map((e) => e.url)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `http://a.test/${i}.html`));
    expect(f2.claimFair(100, () => 100)).toEqual([]);
    db.close();
  });

  it('claims fairly by site: units whose columns share one host share its room', () => {
    const db = openStore(tmpDb());
    const run = createRun(db, config, [], '2020-11-26', 'v1');
    const f = new Frontier(db, run.id);
    // Four departments on the district portal, one unit on its own site.
    for (const u of ['p1', 'p2', 'p3', 'p4', 'own']) {
      for (let i = 1; i <= 5; i++) f.add({ unitId: u, url: `http://x.test/${u}/${i}.html`, depth: 1, parent: null, linkText: null });
    }
    const siteOf = (u: string) => (u === 'own' ? 'own.test' : 'portal.test');
    const claimed = f.claimFair(8, () => 2, siteOf);
    const bySite = new Map<string, number>();
    for (const e of claimed) bySite.set(siteOf(e.unitId), (bySite.get(siteOf(e.unitId)) ?? 0) + 1);
    expect(Object.fromEntries(bySite)).toEqual({ 'portal.test': 2, 'own.test': 2 });
    // The portal's room is shared in turn: over the next rounds every department is served.
    const served = new Set(claimed.map((e) => e.unitId));
    for (let round = 0; round < 3; round++) for (const e of f.claimFair(8, (g) => (g === 'portal.test' ? 2 : 0), siteOf)) served.add(e.unitId);
    expect([...served].sort()).toEqual(['own', 'p1', 'p2', 'p3', 'p4']);
    db.close();
  });

  it('stores pages with their HTML compressed and reads them back', () => {
    const db = openStore(tmpDb());
    const run = createRun(db, config, [], '2020-11-26', 'v1');
    const html = `<html lang="zh-CN"><title>通知公告</title>${'内容'.repeat(5000)}</html>`;
    savePage(db, run.id, { unitId: 'a', url: 'http://a.test/', finalUrl: 'http://a.test/index.html', status: 200, contentType: 'text/html',
      charset: 'utf-8', fetchedAt: '2020-11-26T00:00:00Z', redirects: [{ url: 'http://a.test/', status: 302 }], error: null, depth: 0, snapshot: null, html });
    const [withHtml] = [...unitPages(db, run.id, 'a', { withHtml: true })];
    expect(withHtml?.html).toBe(html);
    expect(withHtml?.redirects).toEqual([{ url: 'http://a.test/', status: 302 }]);
    const [lean] = [...unitPages(db, run.id, 'a')];
    expect(lean?.html).toBeNull();
    const stored = db.prepare('SELECT length(html_gz) AS n FROM pages').get() as { n: number };
    expect(stored.n).toBeLessThan(html.length / 10);
    db.close();
  });
});
