import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), '../../cli/commands');
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
    ['unknown command', ['crawel'], /未知的命令 “crawel”（是否想写 “crawl”？）/],
    ['unknown command, nothing close', ['hello'], /未知的命令 “hello”。可用命令/],
    ['unknown option', ['crawl', '--config', goodConfig, '--fast'], /crawl：未知的参数 --fast\n/],
    ['unknown option close to a known one', ['crawl', '--config', goodConfig, '--unit', 'a'], /crawl：未知的参数 --unit（是否想写 --units？）/],
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

  it('--help of every command lists every option the command accepts', async () => {
    // The options are read from the commands' own parseCommandArgs calls, so a new option without a
    // line in the usage text fails here (check --help once omitted --render).
    const missing: string[] = [];
    let seen = 0;
    for (const file of readdirSync(commandsDir)) {
      const src = readFileSync(join(commandsDir, file), 'utf8');
      for (const m of src.matchAll(/parseCommandArgs\('([\w-]+)',\s*args,\s*\{/g)) {
        let depth = 1;
        let i = m.index + m[0].length;
        const start = i;
        while (depth > 0 && i < src.length) {
          if (src[i] === '{') depth++;
          else if (src[i] === '}') depth--;
          i++;
        }
        const options = [...src.slice(start, i - 1).matchAll(/(?:'([\w-]+)'|(\w+)):\s*\{\s*type:/g)].map((k) => k[1] ?? k[2]!);
        const help = await runCli([m[1]!, '--help']);
        expect(help.code, m[1]).toBe(0);
        for (const option of options) {
          seen++;
          if (!new RegExp(`--${option}(?![\\w-])`).test(help.stdout)) missing.push(`${m[1]} --${option}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('--help of a command prints its usage and exits 0', async () => {
    const r = await runCli(['crawl', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--resume/);
  });
});
