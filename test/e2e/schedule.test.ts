/**
 * `gongkai schedule` end to end, with real processes: a demo district on 127.0.0.1, a local robot
 * receiver and SMTP server. One night with --once, then a scheduler on a one-second cron that runs
 * two crawls without overlapping (the ticks that fall inside a crawl are skipped), prunes to keepRuns
 * without touching the marks, sends every unit its message, and keeps a second scheduler out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { repoRoot } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';

const EVAL_DATE = '2020-11-26';

let district: DemoDistrict;
let robots: TestServer;
let smtp: SmtpReceiver;
let dir: string;
let configFile: string;
let dbFile: string;
let logFile: string;
const posts: { path: string; body: { msgtype?: string; markdown?: { content?: string; title?: string; text?: string } } }[] = [];
const children: ChildProcess[] = [];

/**
 * Runs `gongkai schedule` the way bin/gongkai.js runs a command (same error handling, same exit
 * codes). Once `schedule` is registered in cli/main.ts, `runCli(['schedule', …])` is equivalent.
 */
const ENTRY = `
import { register } from 'tsx/esm/api';
register();
const { scheduleCommand } = await import('./cli/commands/schedule.ts');
const { reportError } = await import('./cli/main.ts');
try { process.exitCode = await scheduleCommand(process.argv.slice(1)); } catch (err) { process.exitCode = reportError(err); }
`;

interface Proc { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> }

function schedule(args: string[]): Proc {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ENTRY, '--', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const logText = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
const countOf = (text: string, needle: string) => text.split(needle).length - 1;

/** Polls the log until `ok` holds (no timing assertion: only a generous upper bound against hanging). */
async function waitForLog(ok: (log: string) => boolean, what: string, maxMs = 90_000): Promise<string> {
  const until = Date.now() + maxMs;
  for (;;) {
    const log = logText();
    if (ok(log)) return log;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; log:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
  });
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const robot = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    posts.push({ path: req.url ?? '', body: (await readJson(req)) as (typeof posts)[number]['body'] });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok"}');
  };
  robots = await startServer({ '/wecom': robot, '/ding': robot });
  smtp = await startSmtpReceiver();
  dir = mkdtempSync(join(tmpdir(), 'gk-schedule-'));
  configFile = join(dir, 'gongkai.config.yaml');
  dbFile = join(dir, 'gongkai.sqlite');
  logFile = join(dir, 'nightly.log');
  writeFileSync(configFile, stringify({
    name: district.name,
    evalDate: EVAL_DATE,
    nextEvaluation: '2020-12-15',
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0 },
    schedule: { keepRuns: 2, logFile: 'nightly.log' },
    alerts: {
      webhooks: [
        { url: `${robots.url}/wecom?key=secret-key`, type: 'wecom' },
        { url: `${robots.url}/ding?access_token=t`, type: 'dingtalk', units: [district.units[0]!.id] },
      ],
      email: { smtp: { host: smtp.host, port: smtp.port, secure: false }, from: 'gongkai@example.gov.cn', to: ['office@example.gov.cn'] },
    },
  }));
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await district?.close();
  await robots?.close();
  await smtp?.close();
});

describe('gongkai schedule', () => {
  it('without a cron (flag or config) exits 2 with an example; a bad --cron names the flag', async () => {
    const none = await schedule(['--config', configFile, '--db', dbFile]).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('schedule：没有指定运行时间。请用 --cron 给出 cron 表达式，例如 --cron "0 2 * * *"');
    const bad = await schedule(['--config', configFile, '--db', dbFile, '--cron', '0 2 * *']).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--cron: “0 2 * *” 有 4 段');
    const badConfig = join(dir, 'bad.yaml');
    writeFileSync(badConfig, stringify({ name: '区', units: [{ id: 'a', name: '甲', type: 'town', url: 'http://a.gov.cn/' }], schedule: { cron: '0 2 * * * * * *' } }));
    const cfg = await schedule(['--config', badConfig, '--db', dbFile]).done;
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/schedule\.cron: “0 2 \* \* \* \* \* \*” 有 8 段/);
    expect(existsSync(dbFile)).toBe(false);
  }, 60_000);

  it('--once runs one night: crawl, alerts to every unit by robot and e-mail', async () => {
    const r = await schedule(['--config', configFile, '--db', dbFile, '--once']).done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const log = logText();
    expect(log).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 开始本次定时抓取。$/m);
    expect(log).toContain('抓取完成：第 1 次运行');
    expect(log).toContain('本次定时任务完成（第 1 次运行）');
    expect(log).not.toContain('secret-key');
    expect(r.stdout).toContain('本次定时任务完成（第 1 次运行）');

    const n = district.units.length;
    const wecom = posts.filter((p) => p.path.startsWith('/wecom'));
    expect(wecom).toHaveLength(n);
    for (const u of district.units) expect(wecom.some((p) => p.body.markdown?.content?.includes(u.name))).toBe(true);
    expect(wecom.every((p) => p.body.msgtype === 'markdown' && Buffer.byteLength(p.body.markdown!.content!, 'utf8') <= 4096)).toBe(true);
    const ding = posts.filter((p) => p.path.startsWith('/ding'));
    expect(ding).toHaveLength(1);
    expect(ding[0]!.body.markdown?.title).toContain(district.units[0]!.name);
    // The first night has nothing to compare with.
    expect(ding[0]!.body.markdown?.text).toContain('首次运行，无对比');
    expect(smtp.mails).toHaveLength(n);
    expect(smtp.mails.every((m) => m.to.join() === 'office@example.gov.cn' && m.subject.startsWith('【政务公开检查】'))).toBe(true);
    expect(log).toContain(`提醒发送完毕：成功 ${2 * n + 1} 条，失败 0 条。`);
    expect(existsSync(`${dbFile}.schedule.lock`)).toBe(false);
    expect(existsSync(`${dbFile}.crawl.lock`)).toBe(false);
  }, 120_000);

  it('on a short cron: two nights without overlap (busy ticks skipped), pruned to keepRuns with marks kept, a second scheduler refused', async () => {
    // A mark on a run that pruning will remove: marks outlive runs.
    const raw = new Database(dbFile);
    raw.exec(`CREATE TABLE IF NOT EXISTS marks (unit_id TEXT NOT NULL, finding_key TEXT NOT NULL, rule_id TEXT NOT NULL, url TEXT NOT NULL,
      kind TEXT NOT NULL, reason TEXT NOT NULL, marked_by TEXT NOT NULL, marked_at TEXT NOT NULL, run_id INTEGER, UNIQUE (unit_id, finding_key))`);
    raw.prepare(`INSERT INTO marks (unit_id, finding_key, rule_id, url, kind, reason, marked_by, marked_at, run_id)
      VALUES (?, 'k-test', 'links.broken', 'http://x/', 'fixed', '已整改', '张三', '2020-11-26T08:00:00.000Z', 1)`).run(district.units[0]!.id);
    raw.close();
    const before = logText();
    const postsBefore = posts.length;

    const sched = schedule(['--config', configFile, '--db', dbFile, '--cron', '* * * * * *']);
    const started = await waitForLog((l) => l.slice(before.length).includes('开始本次定时抓取'), 'the first scheduled tick');
    expect(started.slice(before.length)).toMatch(/定时任务已启动：cron “\* \* \* \* \* \*”.*保留最近 2 次已完成的运行。\n.*下次运行时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);

    // A second scheduler on the same database is refused while the first runs, saying who holds it.
    const second = await schedule(['--config', configFile, '--db', dbFile, '--cron', '* * * * * *']).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`正被另一个 Gongkai 进程使用：定时任务（gongkai schedule），进程号 ${sched.child.pid}`);

    const log = (await waitForLog((l) => countOf(l.slice(before.length), '本次定时任务完成') >= 2, 'two finished nights')).slice(before.length);
    sched.child.kill('SIGTERM');
    const end = await sched.done;
    expect(end.code).toBe(0);
    const finalLog = logText().slice(before.length);
    expect(finalLog).toContain('收到 SIGTERM，停止定时任务');
    expect(finalLog).toContain('定时任务已停止。');

    // Ticks that fell inside a running crawl were skipped and said so.
    expect(log).toMatch(/上一次抓取（\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 开始）仍在进行，本次跳过。/);
    expect(log).toContain('已清理较早的运行：第 1 次（保留最近 2 次）。');

    const db = new Database(dbFile, { readonly: true });
    try {
      const runs = db.prepare('SELECT id, status, started_at, finished_at FROM runs ORDER BY id').all() as { id: number; status: string; started_at: string; finished_at: string | null }[];
      const done = runs.filter((r) => r.status === 'done');
      expect(done.map((r) => r.id)).toEqual([2, 3]);
      // Never two crawls at once: each run starts after the one before it finished.
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i - 1]!.finished_at).not.toBeNull();
        expect(Date.parse(runs[i]!.started_at)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.finished_at!));
      }
      // A run stopped by SIGTERM is left resumable, never half-pruned.
      for (const r of runs.filter((x) => x.status !== 'done')) expect(r.status).toBe('crawling');
      expect((db.prepare('SELECT COUNT(*) AS n FROM findings WHERE run_id = 1').get() as { n: number }).n).toBe(0);
      expect((db.prepare('SELECT COUNT(*) AS n FROM units WHERE run_id = 1').get() as { n: number }).n).toBe(0);
      expect(db.prepare("SELECT finding_key, run_id FROM marks WHERE finding_key = 'k-test'").all()).toEqual([{ finding_key: 'k-test', run_id: 1 }]);
    } finally {
      db.close();
    }

    // Every unit got its message each night.
    const nightly = posts.slice(postsBefore).filter((p) => p.path.startsWith('/wecom'));
    for (const u of district.units) expect(nightly.filter((p) => p.body.markdown?.content?.includes(u.name)).length).toBeGreaterThanOrEqual(2);
    // Each unit's last message of these nights compares with the night before (there was one).
    for (const u of district.units) {
      const mine = nightly.filter((p) => p.body.markdown?.content?.includes(u.name));
      expect(mine.at(-1)?.body.markdown?.content, u.id).toMatch(/与上次检查/);
      expect(mine.at(-1)?.body.markdown?.content, u.id).not.toMatch(/首次运行，无对比/);
    }
    expect(existsSync(`${dbFile}.schedule.lock`)).toBe(false);
    expect(existsSync(`${dbFile}.crawl.lock`)).toBe(false);
  }, 240_000);
});
