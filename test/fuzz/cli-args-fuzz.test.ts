/**
 * Random command lines for every command: unknown flags, missing values, `--`, very long values,
 * invalid dates, negative numbers, odd Unicode. Each run ends in exit 2 with a zh-CN message (0 for
 * --help), never a stack trace. Every generated line carries at least one fault the argument parser
 * itself refuses, so nothing is ever crawled, served or written. Most run in-process; a handful go
 * through the real bin/gongkai.js.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/db.js';
import { binPath, repoRoot, runCli } from '../helpers/cli.js';
import { expectCalm, expectChinese } from './calm-output.js';
import { runMain } from './in-process-cli.js';
import { createRng, fuzzCount, fuzzSeed, oddText, type Rng } from './prng.js';

const dir = mkdtempSync(join(tmpdir(), 'gk-fuzz-cli-'));
const seed = fuzzSeed('cli arguments', 20_240_612);

const goodConfig = join(dir, 'good.yaml');
writeFileSync(goodConfig, 'name: 测试区\nunits:\n  - id: a\n    name: 甲局\n    type: department\n    url: http://127.0.0.1:9/\n');
/** A real database with no runs: commands that read runs refuse it with their own message. */
const emptyDb = join(dir, 'empty.sqlite');
openStore(emptyDb).close();
const missingDb = join(dir, 'missing', 'none.sqlite');
const page = join(dir, 'page.html');
writeFileSync(page, '<html lang="zh-CN"><head><title>测试</title></head><body></body></html>');

type Kind = 'string' | 'boolean';
/** Every command's options as its parseArgs call declares them (cli/commands/*.ts). */
const COMMANDS: Record<string, { options: Record<string, Kind>; positionals: boolean }> = {
  crawl: { options: { config: 'string', db: 'string', now: 'string', units: 'string', resume: 'boolean', quiet: 'boolean' }, positionals: false },
  audit: { options: { db: 'string', run: 'string', now: 'string', quiet: 'boolean' }, positionals: false },
  export: { options: { db: 'string', run: 'string', format: 'string', out: 'string', units: 'string' }, positionals: false },
  check: { options: { format: 'string', render: 'boolean', now: 'string' }, positionals: true },
  rules: { options: { format: 'string' }, positionals: false },
  demo: { options: { out: 'string', now: 'string', quiet: 'boolean' }, positionals: false },
  serve: { options: { db: 'string', host: 'string', port: 'string', token: 'string', config: 'string' }, positionals: false },
  schedule: { options: { config: 'string', db: 'string', cron: 'string', keep: 'string', log: 'string', once: 'boolean' }, positionals: false },
  mark: { options: { db: 'string', unit: 'string', key: 'string', kind: 'string', reason: 'string', by: 'string', clear: 'boolean', list: 'boolean' }, positionals: false },
  manual: { options: { db: 'string', file: 'string', template: 'boolean' }, positionals: false },
};

/** Plausible and hostile values for an option. */
function optionValue(rng: Rng, name: string): string {
  const hostile = [
    '', '-1', '-0', '0', '1e3', 'NaN', 'Infinity', '99999999999999999999', '1.5', ' ', '2021-02-30', '2020-13-01', '0000-00-00', '2202-11-26',
    '2020/11/26', 'latest', 'x'.repeat(rng.pick([300, 20_000, 100_000])), oddText(rng), `${dir}/../../etc/passwd`, '\u202e\u200b', '政务公开',
  ];
  const plausible: Record<string, string[]> = {
    config: [goodConfig, join(dir, 'missing.yaml'), dir], db: [emptyDb, missingDb], now: ['2020-11-26'], units: ['a', 'a,b', ',,,'],
    run: ['1', 'latest', '-1'], format: ['json', 'text', 'html', 'JSON', 'docx'], out: [join(dir, 'out.json')], host: ['127.0.0.1', '::1', '999.1.1.1'],
    port: ['0', '65536', '8080'], token: ['short', 'x'.repeat(40)], cron: ['0 2 * * *', '61 * * * *', '* * *'], keep: ['0', '3', '-2'],
    log: [join(dir, 'log.txt')], unit: ['a'], key: ['k'], kind: ['误报', 'fixed', 'maybe'], reason: ['原因'], by: ['张三'], file: [join(dir, 'manual.yaml')],
  };
  return rng.chance(0.5) ? rng.pick(plausible[name] ?? ['x']) : rng.pick(hostile);
}

/** The faults parseArgs refuses whatever else the line holds; one is always present. */
function poison(rng: Rng, command: string): string[] {
  const spec = COMMANDS[command]!;
  const strings = Object.entries(spec.options).filter(([, k]) => k === 'string').map(([n]) => n);
  const booleans = Object.entries(spec.options).filter(([, k]) => k === 'boolean').map(([n]) => n);
  const kinds = ['unknown', 'unknown-short', ...(strings.length ? ['dangling'] : []), ...(booleans.length ? ['bool-value'] : []), ...(spec.positionals ? [] : ['positional'])];
  switch (rng.pick(kinds)) {
    case 'unknown': return [rng.pick(['--fast', '--conifg', '--DB', '--now-', `--${oddText(rng, 3)}`, `--${'z'.repeat(5000)}`, '---', '--=x'])];
    case 'unknown-short': return [rng.pick(['-x', '-Q', '-vv', '-1'])];
    case 'dangling': return [`--${rng.pick(strings)}`, rng.pick(['--quiet', '--zz', '-1', '--'])];
    case 'bool-value': return [`--${rng.pick(booleans)}=${rng.pick(['yes', '1', '', 'false'])}`];
    default: return ['--', oddText(rng, 4)];
  }
}

/** A random command line around the poison: known flags, random values, stray `--`, in any order. */
function randomArgs(rng: Rng, command: string): string[] {
  const spec = COMMANDS[command]!;
  const parts: string[][] = [];
  for (let i = 0, n = rng.int(6); i < n; i++) {
    const [name, kind] = rng.pick(Object.entries(spec.options));
    if (kind === 'boolean') parts.push([`--${name}`]);
    else if (rng.chance(0.25)) parts.push([`--${name}=${optionValue(rng, name)}`]);
    else parts.push([`--${name}`, optionValue(rng, name)]);
  }
  if (spec.positionals) for (let i = 0, n = rng.int(3); i < n; i++) parts.push([rng.pick([page, 'javascript:alert(1)', 'http://user:pw@127.0.0.1:1/', oddText(rng, 3)])]);
  const bad = poison(rng, command);
  // `--` ends the options: the poison goes before it unless it is the positional fault itself.
  const at = rng.int(parts.length + 1);
  parts.splice(at, 0, bad);
  const flat = parts.flat();
  const dashDash = flat.indexOf('--');
  if (dashDash !== -1 && bad[0] !== '--' && flat.indexOf(bad[0]!) > dashDash) return [...bad, ...flat.filter((_, i) => i < dashDash), '--', ...flat.slice(dashDash + 1).filter((a) => a !== bad[0] && a !== bad[1])];
  return flat;
}

function expectedCode(argv: string[]): number {
  return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
}

describe('command-line fuzz (in-process)', () => {
  it(`random arguments for every command exit 2 with a calm zh-CN message (seed ${seed})`, async () => {
    const rng = createRng(seed);
    const perCommand = fuzzCount(60);
    const before = readdirSync(dir).sort();
    for (const command of Object.keys(COMMANDS)) {
      for (let c = 0; c < perCommand; c++) {
        const argv = [command, ...randomArgs(rng, command)];
        const context = `seed ${seed} ${command} case ${c}: ${JSON.stringify(argv).slice(0, 400)}`;
        const r = await runMain(argv);
        expect(r.code, `${context}\n${r.stderr}`).toBe(expectedCode(argv));
        if (r.code === 2) expectChinese(r.stderr, context);
        expectCalm(r.stderr + r.stdout, context);
        // Echoes are cut: a 100 000-character value never floods the terminal.
        expect(r.stderr.length, context).toBeLessThan(4000);
      }
    }
    // Nothing was created: no database, no report, no log.
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(missingDb)).toBe(false);
  });

  it('unknown commands and top-level oddities', async () => {
    const rng = createRng(seed + 1);
    for (let c = 0; c < fuzzCount(80); c++) {
      const name = rng.chance(0.5) ? oddText(rng, 6) : rng.pick(['crawel', 'CRAWL', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '-x', '--fast', '\u202ecrawl', 'x'.repeat(50_000)]);
      const r = await runMain([name, ...(rng.chance(0.5) ? ['--help'] : [])]);
      const context = `seed ${seed + 1} case ${c}: ${JSON.stringify(name).slice(0, 200)}`;
      expect(r.code, `${context}\n${r.stderr}`).toBe(2);
      expect(r.stderr, context).toMatch(/未知的命令/);
      expectCalm(r.stderr + r.stdout, context);
      expect(r.stderr.length, context).toBeLessThan(1000);
    }
  });

  it('echoed arguments cannot drive the terminal or reorder the message', async () => {
    const r = await runMain(['crawl', '--\u001b[2J\u202evalue\u200b']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/[\u001b\u202e\u200b]/);
    expect(r.stderr).toContain('\\u001b[2J\\u202evalue\\u200b');
  });

  /** Values that pass the parser but are wrong: each refused by the command with its own message. */
  const semantic: [string, string[], RegExp][] = [
    ['date that is no day', ['crawl', '--config', goodConfig, '--now', '2021-02-30'], /日历上没有 2021-02-30/],
    ['date in the wrong form', ['demo', '--now', '26.11.2020'], /不是有效的日期/],
    ['implausible year', ['check', page, '--now', '2202-11-26'], /年份应在 2000 到 2099 之间/],
    ['negative number as its own word', ['serve', '--db', emptyDb, '--port', '-1'], /--port 需要一个值（如果值本身以 - 开头，请写成 --port=值/],
    ['negative port', ['serve', '--db', emptyDb, '--port=-1'], /--port: “-1” 不是有效的端口号/],
    ['port with exponent', ['serve', '--db', emptyDb, '--port', '1e3'], /不是有效的端口号/],
    ['short token', ['serve', '--db', emptyDb, '--port', '0', '--token', 'abc'], /至少需要 12 个字符/],
    ['negative --keep', ['schedule', '--config', goodConfig, '--cron', '0 2 * * *', '--keep=-5'], /--keep: “-5” 不是正整数/],
    ['bad cron', ['schedule', '--config', goodConfig, '--cron', '61 25 * * *'], /--cron/],
    ['negative --run', ['audit', '--db', emptyDb, '--run=-1'], /--run: “-1” 应为运行编号/],
    ['huge --run', ['export', '--db', emptyDb, '--run', '99999999999999999999', '--format', 'json', '--out', join(dir, 'x.json')], /没有编号为/],
    ['unknown format', ['rules', '--format', 'yaml'], /--format: 不支持 “yaml”/],
    ['bad mark kind', ['mark', '--db', emptyDb, '--unit', 'a', '--key', 'k', '--kind', 'maybe', '--reason', '原因'], /maybe/],
    ['boolean given a value', ['crawl', '--config', goodConfig, '--quiet=yes'], /参数 --quiet 不需要值/],
    ['empty --units', ['crawl', '--config', goodConfig, '--units', ',,,'], /请给出至少一个单位标识/],
    ['NUL in a path', ['audit', '--db', `${emptyDb}\u0000x`], /空字符（NUL）/],
    ['missing manual file', ['manual', '--db', emptyDb, '--file', join(dir, 'no-manual.yaml')], /no-manual\.yaml/],
    ['check of a non-http scheme', ['check', 'javascript:alert(1)'], /不是 http:\/\/ 或 https:\/\/ 网址/],
    ['check of an address with credentials', ['check', 'http://user:pw@127.0.0.1:1/'], /不能包含用户名或密码/],
    ['check of an impossible port', ['check', 'http://127.0.0.1:99999/'], /不是有效的网址/],
    ['check of an empty argument', ['check', ''], /是空的/],
    ['check with a control character', ['check', 'a\u0007b.html'], /控制字符/],
    ['-- then an extra word', ['rules', '--', 'extra'], /rules：多余的参数 “extra”/],
  ];
  for (const [name, argv, message] of semantic) {
    it(`refuses ${name}`, async () => {
      const r = await runMain(argv);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expectCalm(r.stderr + r.stdout, name);
    });
  }

  it('help is exit 0, also after other arguments', async () => {
    for (const argv of [['--help'], ['help'], ['-h'], ['crawl', '--help'], ['serve', '--bogus', '-h'], ['schedule', '--help'], ['mark', '-h'], ['manual', '--help']]) {
      const r = await runMain(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout, argv.join(' ')).toMatch(/用法/);
    }
    // No command at all is bad usage: the overview is shown, exit 2.
    expect((await runMain([])).code).toBe(2);
  });
});

describe('command-line fuzz through the real bin/gongkai.js', () => {
  const rng = createRng(seed + 2);
  const cases: string[][] = [
    ['crawl', '--config', goodConfig, '--now', '2021-02-30'],
    ['crawel'],
    ['export', '--db', emptyDb, '--format', 'json', `--${'z'.repeat(50_000)}`],
    ['serve', '--db', emptyDb, '--port', '-1'],
    ['check', 'javascript:alert(1)'],
    ['mark', '--db'],
    ['audit', ...randomArgs(rng, 'audit')],
    ['schedule', ...randomArgs(rng, 'schedule')],
  ];
  for (const argv of cases) {
    it(`${JSON.stringify(argv).slice(0, 80)} exits ${expectedCode(argv)} calmly`, async () => {
      const r = await runCli(argv, { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(expectedCode(argv));
      if (r.code === 2) expectChinese(r.stderr, argv.join(' '));
      expectCalm(r.stderr + r.stdout, argv.join(' '));
    });
  }

  it('a config of binary junk and a YAML bomb, through the real entry point', async () => {
    const junk = join(dir, 'junk.yaml');
    writeFileSync(junk, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256)));
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(bomb, ['a: &a [x,x,x,x,x,x,x,x,x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n'));
    const tagged = join(dir, 'tagged.yaml');
    writeFileSync(tagged, 'name: !!js/function "x"\nunits: !custom [1]\n');
    for (const [file, message] of [[junk, /不是文本文件/], [bomb, /别名/], [tagged, /units\[0\]/]] as const) {
      const r = await runCli(['crawl', '--config', file], { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expectCalm(r.stderr + r.stdout, file);
    }
  });

  it('a reader that goes away (gongkai rules | head) ends the command quietly', async () => {
    const child = spawn(process.execPath, [binPath, 'rules'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolveExit) => child.on('close', (c) => resolveExit(c)));
    expect(code).toBe(0);
    expectCalm(stderr, 'EPIPE');
  });
});
