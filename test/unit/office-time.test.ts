/**
 * One time zone for the office (config `timeZone`, default Asia/Shanghai) decides "today" and every
 * time shown, whatever the machine's clock zone: the default evaluation date, `mark --list`, the
 * schedule's next run and log, and a scheduled night never evaluates a fixed evalDate of the config.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, timeZoneOf, validateConfig } from '../../crawler/config.js';
import { evalDateFrom } from '../../cli/main.js';
import { openScheduleLog } from '../../cli/schedule/log.js';
import { scheduleText, useOfficeTimeZone } from '../../cli/schedule/messages.zh-CN.js';
import { runTick } from '../../cli/schedule/tick.js';
import { DEFAULT_TIME_ZONE, formatOfficeTime, todayIn, zoneLabel } from '../../rules/office-time.js';
import { openStore } from '../../store/db.js';
import { setMark } from '../../store/marks.js';
import { createRun, setRunStatus } from '../../store/runs.js';
import { runCli } from '../helpers/cli.js';

describe('the office\'s day and time', () => {
  it('today is the office\'s date, not the machine\'s: 18:30 UTC on the 25th is the 26th in Beijing', () => {
    const evening = new Date('2020-11-25T18:30:00.000Z');
    expect(todayIn('Asia/Shanghai', evening)).toBe('2020-11-26');
    expect(todayIn('UTC', evening)).toBe('2020-11-25');
    expect(todayIn('Asia/Urumqi', new Date('2020-11-25T18:30:00.000Z'))).toBe('2020-11-26');
  });

  it('shows a time in the office\'s zone, named', () => {
    expect(formatOfficeTime('2020-11-25T18:30:05.000Z')).toBe('2020-11-26 02:30:05');
    expect(formatOfficeTime('2020-11-25T18:30:05.000Z', 'UTC')).toBe('2020-11-25 18:30:05');
    expect(zoneLabel(DEFAULT_TIME_ZONE)).toBe('北京时间');
    expect(zoneLabel('Asia/Urumqi')).toBe('Asia/Urumqi');
    expect(formatOfficeTime('not a time')).toBe('not a time');
  });

  it('the default evaluation date follows the zone given (the config\'s)', () => {
    expect(evalDateFrom(undefined, 'Asia/Shanghai')).toBe(todayIn('Asia/Shanghai'));
    expect(evalDateFrom('2020-11-26', 'UTC')).toBe('2020-11-26');
  });

  it('the config takes an IANA zone, default Asia/Shanghai, and names a wrong one', () => {
    const base = { name: '区', units: [{ id: 'a', name: '甲', type: 'department', url: 'http://a.test/' }] };
    expect(timeZoneOf(validateConfig(base))).toBe('Asia/Shanghai');
    expect(timeZoneOf(validateConfig({ ...base, timeZone: 'Asia/Urumqi' }))).toBe('Asia/Urumqi');
    let err: unknown;
    try {
      validateConfig({ ...base, timeZone: 'Beijing' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toContain('timeZone');
  });
});

describe('mark --list', () => {
  it('shows when each mark was made in the office\'s time, not as raw ISO', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-tz-'));
    const dbFile = join(dir, 'g.sqlite');
    const db = openStore(dbFile);
    const config = validateConfig({ name: '区', units: [{ id: 'a', name: '甲', type: 'department', url: 'http://a.test/' }] });
    const run = createRun(db, config, [{ id: 'a', name: '甲', type: 'department', url: 'http://a.test/', scope: [] }], '2020-11-26', 'v1');
    setRunStatus(db, run.id, 'done');
    setMark(db, { unitId: 'a', key: 'k1', ruleId: 'link.broken', url: 'http://a.test/', kind: 'false-positive', reason: '链接可用', by: '张三', at: '2020-11-25T18:30:00.000Z', runId: run.id });
    db.close();
    const r = await runCli(['mark', '--db', dbFile, '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2020-11-26 02:30:00（北京时间）');
    expect(r.stdout).not.toContain('2020-11-25T18:30:00');
  });
});

describe('the schedule', () => {
  it('names the zone of its next run', () => {
    useOfficeTimeZone('Asia/Shanghai');
    expect(scheduleText.nextRun(new Date('2020-11-25T18:00:00.000Z'))).toBe('下次运行时间：2020-11-26 02:00:00（北京时间）');
  });

  it('evaluates each night on its own date and warns about a fixed evalDate in the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-tz-tick-'));
    const configFile = join(dir, 'c.yaml');
    // An unreachable unit: the crawl child ends at once; what matters is how it was started.
    writeFileSync(configFile, stringify({ name: '区', evalDate: '2020-11-26', units: [{ id: 'a', name: '甲', type: 'department', url: 'http://127.0.0.1:9/' }],
      crawl: { timeoutMs: 1000, a11yPagesPerUnit: 0, render: 'never', perHostDelayMs: 0 } }));
    const logFile = join(dir, 'schedule.log');
    const log = openScheduleLog(logFile, new PassThrough());
    await runTick({ configFile, dbFile: join(dir, 'g.sqlite'), keepRuns: 3, log });
    const text = readFileSync(logFile, 'utf8');
    const today = todayIn('Asia/Shanghai');
    expect(text).toContain(scheduleText.fixedEvalDate('2020-11-26', today));
    expect(text).toContain(`--now ${today}`);
    expect(text).not.toContain('--now 2020-11-26');
  }, 60_000);
});
