/**
 * `gongkai manual` says every problem of a manual.yaml at once (a wrong value and a unit the store
 * does not know, together) and says when it changes a value (points count in half points).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { openStore } from '../../store/db.js';
import { loadManualEntries } from '../../store/manual.js';
import { createRun } from '../../store/runs.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-manual-'));
  dbFile = join(dir, 'g.sqlite');
  const db = openStore(dbFile);
  const config = validateConfig({ name: '区', units: [{ id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.test/' }] });
  createRun(db, config, [{ id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.test/', scope: [] }], '2020-11-26', 'v1');
  db.close();
});

describe('gongkai manual', () => {
  it('names a wrong value and an unknown unit in one answer (exit 2), importing nothing', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'units:\n  fgj:\n    daily:\n      open-day: 9\n  nosuch:\n    daily:\n      open-day: 3\n');
    const r = await runCli(['manual', '--db', dbFile, '--file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('units.fgj.daily.open-day');
    expect(r.stderr).toContain('units.nosuch: 数据库中没有单位 “nosuch”');
    const db = openStore(dbFile, { readonly: true });
    expect(loadManualEntries(db).size).toBe(0);
    db.close();
  });

  it('says when it counts a value in half points (2.3 → 2.5), and stores what it said', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'enteredBy: 李四\nunits:\n  fgj:\n    daily:\n      open-day: 2.3\n');
    const r = await runCli(['manual', '--db', dbFile, '--file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('units.fgj.daily.open-day: 2.3 分按半分计为 2.5 分');
    const db = openStore(dbFile, { readonly: true });
    expect(loadManualEntries(db).get('fgj')?.daily).toEqual([{ id: 'open-day', points: 2.5 }]);
    db.close();
  });
});
