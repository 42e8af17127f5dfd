import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { NightPlan, daysBefore, listEntryKey, nextPageOf, type Admission } from '../../crawler/night-plan.js';
import { openStore, type Db } from '../../store/db.js';
import { CARRY_PRIORITY, Frontier } from '../../store/frontier.js';
import { savePage, type PageKind } from '../../store/pages.js';
import { createRun, getRun, setRunStatus } from '../../store/runs.js';
import { saveSiteRoles } from '../../store/site-roles.js';

const config = validateConfig({ name: '区', units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.test/' }] });
const unit = [{ id: 'a', name: '甲局', type: 'department' as const, url: 'http://a.test/', scope: [] }];

function freshDb(): Db {
  return openStore(join(mkdtempSync(join(tmpdir(), 'gk-plan-')), 'plan.sqlite'));
}

describe('nextPageOf: the page after a list page in its pagination', () => {
  it('reads TRS index_N pages, query pages and the numberless first page', () => {
    const trs = ['http://a/c/index.html', 'http://a/c/index_1.html', 'http://a/c/index_2.html', 'http://a/c/index_9.html'];
    expect(nextPageOf('http://a/c/index.html', trs)).toBe('http://a/c/index_1.html');
    expect(nextPageOf('http://a/c/index_1.html', trs)).toBe('http://a/c/index_2.html');
    expect(nextPageOf('http://a/list.jsp?page=2&c=5', ['http://a/list.jsp?page=1&c=5', 'http://a/list.jsp?page=3&c=5'])).toBe('http://a/list.jsp?page=3&c=5');
    expect(nextPageOf('http://a/list.jsp', ['http://a/list.jsp?page=2', 'http://a/list.jsp?page=3'])).toBe('http://a/list.jsp?page=2');
  });

  it('gives null when no link reads as the next page (the caller then takes them all)', () => {
    expect(nextPageOf('http://a/c/index_3.html', ['http://a/c/index.html', 'http://a/c/index_1.html'])).toBeNull();
    expect(nextPageOf('http://a/c/list.html', ['http://a/d/other.html'])).toBeNull();
  });
});

describe('list entries and dates', () => {
  it('a list entry is its date and its title with spaces folded', () => {
    expect(listEntryKey('2020-11-20', ' 关于  开展 工作的通知 ')).toBe('2020-11-20 关于 开展 工作的通知');
  });
  it('counts days back on the calendar', () => {
    expect(daysBefore('2020-03-01', 1)).toBe('2020-02-29');
    expect(daysBefore('2021-01-03', 7)).toBe('2020-12-27');
  });
});

describe('the frontier by priority', () => {
  it('claims sooner priorities first, fairly within one; carried entries only through claimCarry; an upgrade moves an entry up', () => {
    const db = freshDb();
    const run = createRun(db, config, [...unit, { ...unit[0]!, id: 'b' }], '2020-11-26', 'v1');
    const f = new Frontier(db, run.id);
    const add = (unitId: string, url: string, priority: number) => f.add({ unitId, url, depth: 1, parent: null, linkText: null, priority, plan: 'x' });
    add('a', 'http://a.test/revisit', 3);
    add('a', 'http://a.test/carry', CARRY_PRIORITY);
    add('a', 'http://a.test/list', 1);
    add('b', 'http://b.test/new', 2);
    add('b', 'http://b.test/essential', 0);
    add('b', 'http://b.test/carry-then-list', CARRY_PRIORITY);
    expect(f.upgrade('b', 'http://b.test/carry-then-list', 1, 'list')).toBe(true);
    // Never moved down, nor moved once claimed.
    expect(f.upgrade('b', 'http://b.test/essential', 3, 'revisit')).toBe(false);
    expect(f.pendingUpTo(1)).toBe(3);
    const first = f.claimFair(3, () => 10).map((e) => e.url);
    expect(first).toEqual(['http://b.test/essential', 'http://a.test/list', 'http://b.test/carry-then-list']);
    expect(f.claimFair(10, () => 10).map((e) => e.url)).toEqual(['http://b.test/new', 'http://a.test/revisit']);
    expect(f.claimFair(10, () => 10)).toEqual([]);
    expect(f.claimCarry(10).map((e) => e.url)).toEqual(['http://a.test/carry']);
    // Counts survive a restart.
    const again = new Frontier(db, run.id);
    expect(again.requeueActive()).toBe(0);
    expect(again.pendingUpTo(CARRY_PRIORITY)).toBe(6);
    expect(again.pendingUpTo(0)).toBe(1);
    db.close();
  });
});

describe('NightPlan.place: where an admitted URL goes tonight', () => {
  function previousNight(db: Db, pages: { url: string; kind: PageKind; status?: number; entry?: string }[], roles: { url: string; role: 'home' | 'disclosure' | 'column' }[]) {
    const prev = createRun(db, config, unit, '2020-11-25', 'v1');
    const f = new Frontier(db, prev.id);
    for (const p of pages) {
      savePage(db, prev.id, { unitId: 'a', url: p.url, finalUrl: p.url, status: p.status ?? 200, contentType: 'text/html', charset: 'utf-8',
        fetchedAt: '2020-11-25T01:00:00Z', redirects: [], error: null, depth: 1, snapshot: null, html: null, pageKind: p.kind }, '2020-11-25');
      f.add({ unitId: 'a', url: p.url, depth: 1, parent: null, linkText: null, listEntry: p.entry ?? null });
    }
    saveSiteRoles(db, prev.id, 'a', roles);
    setRunStatus(db, prev.id, 'done');
    const tonight = createRun(db, config, unit, '2020-11-26', 'v1');
    return new NightPlan(db, tonight, getRun(db, prev.id)!, 7);
  }
  const at = (url: string, over: Partial<Admission> = {}): Admission => ({
    unitId: 'a', url, depth: 2, homeUrl: 'http://a.test/', viaPagination: false, fromFresh: true, fromHome: false, nextAfterNew: false, listEntry: null, ...over,
  });

  it('home, the disclosure column and home links are essential; lists are lists; new and failed pages are new', () => {
    const db = freshDb();
    const articles = Array.from({ length: 14 }, (_, i) => ({ url: `http://a.test/art${i}.html`, kind: 'article' as const, entry: `2020-11-0${i % 9 + 1} 标题${i}` }));
    const plan = previousNight(db, [
      { url: 'http://a.test/', kind: 'list' },
      { url: 'http://a.test/zfxxgk/', kind: 'other' },
      { url: 'http://a.test/col/', kind: 'list' },
      { url: 'http://a.test/col/index_1.html', kind: 'list' },
      { url: 'http://a.test/empty-col/', kind: 'other' },
      { url: 'http://a.test/gone.html', kind: 'other', status: 404 },
      ...articles,
    ], [{ url: 'http://a.test/zfxxgk/', role: 'disclosure' }, { url: 'http://a.test/empty-col/', role: 'column' }]);
    expect(plan.place(at('http://a.test/', { depth: 0 })).plan).toBe('essential');
    expect(plan.place(at('http://a.test/zfxxgk/')).plan).toBe('essential');
    expect(plan.place(at('http://a.test/art13.html', { fromHome: true })).plan).toBe('essential');
    // A home link seen only on a carried copy of the home page is not a fresh reason to fetch.
    expect(plan.place(at('http://a.test/art12.html', { fromHome: true, fromFresh: false })).plan).not.toBe('essential');
    expect(plan.place(at('http://a.test/col/')).plan).toBe('list');
    expect(plan.place(at('http://a.test/empty-col/')).plan).toBe('list');
    // A deeper page of a list: only the next page after new items.
    expect(plan.place(at('http://a.test/col/index_1.html', { viaPagination: true })).plan).not.toBe('list');
    expect(plan.place(at('http://a.test/col/index_1.html', { viaPagination: true, nextAfterNew: true })).plan).toBe('list');
    expect(plan.place(at('http://a.test/brand-new.html')).plan).toBe('new');
    expect(plan.place(at('http://a.test/gone.html')).plan).toBe('new');
    // A changed list entry (date or title) on a fresh list.
    expect(plan.place(at('http://a.test/art2.html', { listEntry: '2020-11-03 标题2（修订）' })).plan).toBe('changed');
    expect(plan.place(at('http://a.test/art2.html', { listEntry: '2020-11-03 标题2（修订）', fromFresh: false })).plan).not.toBe('changed');
    // Of the 20 known pages, ceil(20 / 7) = 3 are due tonight (least recently verified first); the rest are carried.
    const places = articles.map((a) => plan.place(at(a.url, { listEntry: a.entry })).plan);
    expect(places.filter((p) => p === 'revisit').length + places.filter((p) => p === 'carry').length).toBe(articles.length);
    expect(places.filter((p) => p === 'carry').length).toBeGreaterThanOrEqual(articles.length - 3);
    db.close();
  });

  it('a page last verified revisitDays ago or more is due, whatever the quota', () => {
    const db = freshDb();
    const old = createRun(db, config, unit, '2020-11-10', 'v1');
    savePage(db, old.id, { unitId: 'a', url: 'http://a.test/old.html', finalUrl: 'http://a.test/old.html', status: 200, contentType: 'text/html', charset: 'utf-8',
      fetchedAt: '2020-11-10T01:00:00Z', redirects: [], error: null, depth: 1, snapshot: null, html: null, pageKind: 'article' }, '2020-11-10');
    setRunStatus(db, old.id, 'done');
    // Carried into last night's run with its old verification.
    const prev = createRun(db, config, unit, '2020-11-25', 'v1');
    db.prepare(`INSERT INTO pages SELECT ?, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json, error, depth, snapshot_json, html_gz,
      via, render_note, etag, last_modified, run_id, verified_run, verified_on, page_kind, results_version, results_key, findings_json, facts_json, snapshot_gz
      FROM pages WHERE run_id = ?`).run(prev.id, old.id);
    for (let i = 0; i < 30; i++) {
      savePage(db, prev.id, { unitId: 'a', url: `http://a.test/n${i}.html`, finalUrl: `http://a.test/n${i}.html`, status: 200, contentType: 'text/html', charset: 'utf-8',
        fetchedAt: '2020-11-25T01:00:00Z', redirects: [], error: null, depth: 1, snapshot: null, html: null, pageKind: 'article' }, '2020-11-25');
    }
    setRunStatus(db, prev.id, 'done');
    const tonight = createRun(db, config, unit, '2020-11-26', 'v1');
    const plan = new NightPlan(db, tonight, getRun(db, prev.id)!, 7);
    expect(plan.isDue('a', 'http://a.test/old.html')).toBe(true);
    // 31 pages, quota 5: the old one and the four least recently verified of the rest.
    expect(Array.from({ length: 30 }, (_, i) => plan.isDue('a', `http://a.test/n${i}.html`)).filter(Boolean).length).toBe(4);
    db.close();
  });
});
