import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gk-cli-'));
const goodConfig = join(dir, 'good.yaml');
writeFileSync(goodConfig, 'name: 测试区\nunits:\n  - id: a\n    name: 甲局\n    type: department\n    url: http://127.0.0.1:9/\n');
const typoConfig = join(dir, 'typo.yaml');
writeFileSync(typoConfig, 'name: 测试区\nunits:\n  - id: a\n    name: 甲局\n    type: department\n    url: http://a.gov.cn/\ncrawl:\n  concurency: 4\n');
const badConfig = join(dir, 'bad.yaml');
writeFileSync(badConfig, 'name: 测试区\nunits:\n  - id: a\n    name: 甲局\n    type: department\n    url: http://a.gov.cn/\n  - id: b\n    name: 乙局\n    type: town\n    url: http://b.gov.cn/\n  - id: c\n    name: 丙局\n    type: street\n    url: www.c.gov.cn\n');

describe('command line: bad usage exits 2 with a zh-CN message, never a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /用法：npx gongkai <命令>/],
    ['unknown command', ['crawel'], /未知的命令 “crawel”/],
    ['unknown option', ['crawl', '--config', goodConfig, '--fast'], /crawl：未知的参数 --fast/],
    ['missing --config', ['crawl'], /缺少参数 --config/],
    ['option without value', ['crawl', '--config'], /参数 --config 需要一个值/],
    ['missing config file', ['crawl', '--config', join(dir, 'nope.yaml')], /找不到配置文件/],
    ['bad config names the field', ['crawl', '--config', badConfig], /units\[2\]\.url: 不是有效的网址/],
    ['--now that is no date', ['crawl', '--config', goodConfig, '--now', '2020/11/26'], /--now: “2020\/11\/26” 不是有效的日期，格式应为 YYYY-MM-DD/],
    ['--now that is no day', ['crawl', '--config', goodConfig, '--now', '2021-02-29'], /--now: 日历上没有 2021-02-29 这一天/],
    ['unknown unit', ['crawl', '--config', goodConfig, '--units', 'zzz'], /配置中没有单位 “zzz”/],
    ['export without --db', ['export', '--format', 'json', '--out', join(dir, 'x.json')], /缺少参数 --db/],
    ['export of a missing db', ['export', '--db', join(dir, 'none.sqlite'), '--format', 'json', '--out', join(dir, 'x.json')], /找不到数据库文件/],
    ['audit of a missing db', ['audit', '--db', join(dir, 'typo.sqlite')], /找不到数据库文件/],
    ['a mistyped config key', ['crawl', '--config', typoConfig], /crawl: 未知的配置项 “concurency”（是否想写 “concurrency”？）/],
    ['export bad format', ['export', '--db', join(dir, 'none.sqlite'), '--format', 'docx', '--out', join(dir, 'x.docx')], /--format: 不支持 “docx”/],
    ['check without input', ['check'], /请给出至少一个网址或 HTML 文件/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    });
  }

  it('audit never creates a database at a mistyped path', async () => {
    await runCli(['audit', '--db', join(dir, 'typo2.sqlite')]);
    expect(existsSync(join(dir, 'typo2.sqlite'))).toBe(false);
  });

  it('check reports each input on its own and exits 1 when one could not be checked', async () => {
    const page = join(dir, 'page.html');
    writeFileSync(page, '<html><head><title>测试</title></head><body><img src="a.png"></body></html>');
    const r = await runCli(['check', page, 'www.example.gov.cn', '--format', 'JSON']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { input: string; findings: { ruleId: string }[]; error?: string }[];
    expect(out.map((o) => o.input)).toEqual([page, 'www.example.gov.cn']);
    expect(out[0]!.findings.map((f) => f.ruleId).sort()).toEqual(['a11y.html-has-lang', 'a11y.image-alt']);
    expect(out[1]!.error).toMatch(/如果这是网址，请写成 http:\/\/www\.example\.gov\.cn/);
  });

  it('--help of a command prints its usage and exits 0', async () => {
    const r = await runCli(['crawl', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--resume/);
  });
});
