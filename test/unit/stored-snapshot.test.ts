/**
 * Migration 10: a page's snapshot is stored gzip-compressed (`snapshot_gz`). Rows stored before keep
 * theirs as JSON text (`snapshot_json`), and every reader accepts both: the audit, the site model's
 * look-ups, the nightly plan, the incremental copy and the carried evidence. Real SQLite files; an
 * old store is made with the migrations before 10 and upgraded by openStore.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { IncrementalCrawl } from '../../crawler/incremental.js';
import { snapshotOf } from '../../crawler/parsed-page.js';
import { carriedEvidenceDates } from '../../store/carried-evidence.js';
import { openStore } from '../../store/db.js';
import { MIGRATIONS } from '../../store/migrations.js';
import {
  pageBody, pageSnapshotReader, previousPageFacts, savePage, unitAuditPages, unitPages, unreachedPages, type PageRecord,
} from '../../store/pages.js';
import { createRun, setRunStatus } from '../../store/runs.js';

const config = validateConfig({ name: '测试区', units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.test/' }] });
const units = [{ id: 'a', name: '甲局', type: 'department' as const, url: 'http://a.test/', scope: [] }];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'gk-snapshot-')), 'db.sqlite');

const LIST = 'http://a.test/tzgg/index.html';
const ARTICLE = 'http://a.test/tzgg/1.html';
const listHtml = `<html lang="zh-CN"><head><title>通知公告</title></head><body><h1>通知公告</h1><ul>
  ${Array.from({ length: 12 }, (_, i) => `<li><a href="${i + 1}.html">关于第${i + 1}批政务公开事项的通知</a><span>2020-11-${String(i + 10).padStart(2, '0')}</span></li>`).join('')}
  </ul></body></html>`;
// A year-less date: read on another evaluation date it may fall in another year, so a carried copy is read again.
const articleHtml = '<html lang="zh-CN"><head><title>通知</title><meta name="PubDate" content="11-28"></head><body><h1>关于开展检查的通知</h1><p>正文内容。</p></body></html>';

function record(url: string, html: string, evalDate: string, over: Partial<PageRecord> = {}): PageRecord {
  return {
    unitId: 'a', url, finalUrl: url, status: 200, contentType: 'text/html', charset: 'utf-8', fetchedAt: `${evalDate}T01:00:00Z`,
    redirects: [], error: null, depth: 1, snapshot: snapshotOf(html, url, evalDate), html, etag: '"e1"', ...over,
  };
}

/** A store at version 9 holding one finished run whose two pages have their snapshots as JSON text, as before migration 10. */
function legacyStore(): { file: string; runId: number } {
  const file = tmpDb();
  const raw = new Database(file);
  for (let v = 0; v < 9; v++) raw.exec(MIGRATIONS[v]!);
  raw.pragma('user_version = 9');
  raw.prepare(`INSERT INTO runs (id, district, started_at, eval_date, status, config_json, config_hash, rule_set_version)
               VALUES (1, '测试区', 't', '2020-11-26', 'done', ?, 'h', 'v1')`).run(JSON.stringify(config));
  raw.prepare("INSERT INTO units (run_id, id, name, type, url, scope_json) VALUES (1, 'a', '甲局', 'department', 'http://a.test/', '[]')").run();
  const insert = raw.prepare(`INSERT INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json, error, depth,
      snapshot_json, html_gz, via, etag) VALUES (1, 'a', ?, ?, 200, 'text/html', 'utf-8', 't', '[]', NULL, 1, ?, ?, 'http', '"e1"')`);
  for (const [url, html] of [[LIST, listHtml], [ARTICLE, articleHtml]] as const) {
    insert.run(url, url, JSON.stringify(snapshotOf(html, url, '2020-11-26')), gzipSync(html));
  }
  raw.close();
  return { file, runId: 1 };
}

describe('stored snapshots (migration 10)', () => {
  it('stores a new page\'s snapshot compressed only, several times smaller than its JSON, and reads it back whole', () => {
    const db = openStore(tmpDb());
    const run = createRun(db, config, units, '2020-11-26', 'v1');
    const page = record(LIST, listHtml, '2020-11-26');
    savePage(db, run.id, page);
    const row = db.prepare('SELECT snapshot_json, length(snapshot_gz) AS gz FROM pages').get() as { snapshot_json: string | null; gz: number };
    expect(row.snapshot_json).toBeNull();
    expect(row.gz).toBeLessThan(Buffer.byteLength(JSON.stringify(page.snapshot)) / 3);

    expect(pageSnapshotReader(db, run.id)('a', LIST)).toEqual(page.snapshot);
    expect([...unitPages(db, run.id, 'a')][0]?.snapshot).toEqual(page.snapshot);
    expect([...unitPages(db, run.id, 'a', { withHtml: true })][0]?.snapshot).toEqual(page.snapshot);
    const [audit] = [...unitAuditPages(db, run.id, 'a')];
    expect(audit?.hasSnapshot).toBe(true);
    expect(pageBody(db)(audit!.rowid)).toEqual({ snapshot: page.snapshot, html: listHtml });
    db.close();
  });

  it('upgrades a store made before it and reads its JSON snapshots through every reader', () => {
    const { file, runId } = legacyStore();
    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const expected = snapshotOf(listHtml, LIST, '2020-11-26');
    expect(pageSnapshotReader(db, runId)('a', LIST)).toEqual(expected);
    expect([...unitPages(db, runId, 'a')][0]?.snapshot).toEqual(expected);
    const audit = [...unitAuditPages(db, runId, 'a')];
    expect(audit.map((p) => p.hasSnapshot)).toEqual([true, true]);
    expect(pageBody(db)(audit[0]!.rowid).snapshot).toEqual(expected);
    // No page_kind before migration 7's rows: the plan reads it off the stored snapshot.
    expect(previousPageFacts(db, runId)('a', LIST)?.kind).toBe('list');
    const tonight = createRun(db, config, units, '2020-11-27', 'v1');
    expect(unreachedPages(db, runId, tonight.id, 'a').map((p) => p.url)).toEqual([LIST, ARTICLE]);
    db.close();
  });

  it('carries an old JSON row over as it is, and stores a snapshot read again in the compressed form', () => {
    const { file, runId } = legacyStore();
    const db = openStore(file);
    const tonight = createRun(db, config, units, '2020-11-26', 'v1');
    const inc = IncrementalCrawl.forRun(db, tonight)!;
    expect(inc.previous.id).toBe(runId);
    // Same evaluation date and rule set: the row is copied in SQL, its JSON snapshot with it.
    const previous = inc.previousPage('a', ARTICLE, 2, 'http://a.test/')!;
    expect(previous.snapshot).toEqual(snapshotOf(articleHtml, ARTICLE, '2020-11-26'));
    inc.carryOver('a', ARTICLE, previous, { fetchedAt: 't2', depth: 2, etag: null, lastModified: null });
    expect(db.prepare('SELECT snapshot_json IS NOT NULL AS json, snapshot_gz IS NOT NULL AS gz FROM pages WHERE run_id = ? AND url = ?').get(tonight.id, ARTICLE))
      .toEqual({ json: 1, gz: 0 });
    setRunStatus(db, tonight.id, 'done');

    // A night later the year-less date may read differently: read again, stored compressed.
    const later = createRun(db, config, units, '2021-03-01', 'v1');
    const inc2 = IncrementalCrawl.forRun(db, later)!;
    const snap = inc2.carryUnasked('a', ARTICLE, 2);
    expect(snap?.pubDate).toBe('2020-11-28');
    expect(db.prepare('SELECT snapshot_json IS NOT NULL AS json, snapshot_gz IS NOT NULL AS gz FROM pages WHERE run_id = ? AND url = ?').get(later.id, ARTICLE))
      .toEqual({ json: 0, gz: 1 });
    expect(pageSnapshotReader(db, later.id)('a', ARTICLE)).toEqual(snap);
    db.close();
  });

  it('dates carried evidence by the snapshot\'s URL, also for a rendered page whose snapshot is compressed', () => {
    const db = openStore(tmpDb());
    const first = createRun(db, config, units, '2020-11-25', 'v1');
    const tonight = createRun(db, config, units, '2020-11-26', 'v1');
    const carried = { verifiedRun: first.id, verifiedOn: '2020-11-25' };
    // The browser followed the page to another URL: findings name the snapshot's URL.
    const rendered = record(LIST, listHtml, '2020-11-25', { via: 'browser', ...carried });
    rendered.snapshot = { ...rendered.snapshot!, url: 'http://a.test/tzgg/rendered.html' };
    savePage(db, tonight.id, rendered);
    savePage(db, tonight.id, record(ARTICLE, articleHtml, '2020-11-25', carried));
    const dates = carriedEvidenceDates(db, tonight.id, 'a');
    expect(Object.fromEntries(dates.pages)).toEqual({
      [LIST]: '2020-11-25', 'http://a.test/tzgg/rendered.html': '2020-11-25', [ARTICLE]: '2020-11-25',
    });
    db.close();
  });
});
