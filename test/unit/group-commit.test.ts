import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../store/db.js';
import { GroupCommit } from '../../store/group-commit.js';

const opened: Db[] = [];
function stores(): { db: Db; reader: Database.Database } {
  const file = join(mkdtempSync(join(tmpdir(), 'gk-group-')), 'g.sqlite');
  const db = openStore(file);
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
  const reader = new Database(file, { readonly: true });
  opened.push(db, reader as unknown as Db);
  return { db, reader };
}
const count = (reader: Database.Database) => (reader.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

describe('GroupCommit', () => {
  it('pages within the window share one commit: another connection sees them together, after it', () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000 });
    let commits = 0;
    group.onCommit(() => commits++);
    for (let n = 1; n <= 5; n++) group.run(() => db.prepare('INSERT INTO t VALUES (?)').run(n));
    expect(count(reader)).toBe(0);
    expect(commits).toBe(0);
    group.commit();
    expect(count(reader)).toBe(5);
    expect(commits).toBe(1);
  });

  it('a group holds at most maxRuns pages: what a kill can lose is bounded', () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000, gapMs: 0, maxRuns: 3 });
    for (let n = 1; n <= 7; n++) group.run(() => db.prepare('INSERT INTO t VALUES (?)').run(n));
    // Two full groups committed; the seventh page waits in the third.
    expect(count(reader)).toBe(6);
  });

  it('a failing page rolls back its own writes only', () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000 });
    group.run(() => db.prepare('INSERT INTO t VALUES (1)').run());
    expect(() => group.run(() => {
      db.prepare('INSERT INTO t VALUES (2)').run();
      throw new Error('page fault');
    })).toThrow('page fault');
    group.run(() => db.prepare('INSERT INTO t VALUES (3)').run());
    group.commit();
    expect(reader.prepare('SELECT n FROM t ORDER BY n').all()).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('commits a group that stays open longer than its window, also when no page closes it', async () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 30 });
    group.run(() => db.prepare('INSERT INTO t VALUES (1)').run());
    expect(count(reader)).toBe(0);
    await sleep(120);
    expect(count(reader)).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('a commit the timer makes that fails reaches the crawl at its next write, not as an uncaught error', async () => {
    const { db } = stores();
    const group = new GroupCommit(db, { holdMs: 20 });
    db.exec('CREATE TABLE child (n INTEGER REFERENCES t(n) DEFERRABLE INITIALLY DEFERRED)');
    // A deferred foreign key fails only at COMMIT: the timer's commit fails and rolls the group back.
    group.run(() => db.prepare('INSERT INTO child VALUES (99)').run());
    await sleep(80);
    expect(db.inTransaction).toBe(false);
    expect(() => group.run(() => db.prepare('INSERT INTO t VALUES (1)').run())).toThrow(/FOREIGN KEY/);
    // Thrown once: the crawl's next write goes on.
    group.run(() => db.prepare('INSERT INTO t VALUES (2)').run());
    group.commit();
    expect((db.prepare('SELECT COUNT(*) AS n FROM child').get() as { n: number }).n).toBe(0);
  });

  it('after a fault, commits the whole pages the group holds, and a commit that fails too is dropped for the fault', () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000, gapMs: 0 });
    group.run(() => db.prepare('INSERT INTO t VALUES (1)').run());
    group.commitAfterFault();
    expect(count(reader)).toBe(1);
    db.exec('CREATE TABLE child (n INTEGER REFERENCES t(n) DEFERRABLE INITIALLY DEFERRED)');
    group.run(() => db.prepare('INSERT INTO child VALUES (99)').run());
    group.run(() => db.prepare('INSERT INTO t VALUES (2)').run());
    expect(() => group.commitAfterFault()).not.toThrow();
    // The failed commit rolled the group back: the store is as it was, and usable.
    expect(db.inTransaction).toBe(false);
    expect(count(reader)).toBe(1);
    group.run(() => db.prepare('INSERT INTO t VALUES (3)').run());
    group.commit();
    expect(count(reader)).toBe(2);
  });

  it('after a group, writes commit one by one for a while, so another writer can take the lock', async () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000, gapMs: 60_000 });
    let commits = 0;
    group.onCommit(() => commits++);
    group.run(() => db.prepare('INSERT INTO t VALUES (1)').run());
    group.commit();
    group.run(() => db.prepare('INSERT INTO t VALUES (2)').run());
    expect(db.inTransaction).toBe(false);
    expect(count(reader)).toBe(2);
    expect(commits).toBe(2);
  });

  it('a lost group (the process killed before it commits) leaves the store as it was before the group', () => {
    const { db, reader } = stores();
    const group = new GroupCommit(db, { holdMs: 60_000, gapMs: 0 });
    group.run(() => db.prepare('INSERT INTO t VALUES (1)').run());
    group.commit();
    group.run(() => db.prepare('INSERT INTO t VALUES (2)').run());
    // Closing the connection with the group open is what a kill does to it.
    db.close();
    opened.splice(opened.indexOf(db), 1);
    expect(reader.prepare('SELECT n FROM t').all()).toEqual([{ n: 1 }]);
  });
});
