/**
 * Hostile configs: truncated at every byte, mutated at random (keys, values, types), byte-level
 * junk, YAML bombs and deep nesting, odd encodings, directories and missing files. Every one ends
 * either in a valid Config whose values the crawler can use, or in a ConfigError whose lines are
 * zh-CN; and `crawl --config` on it exits 2 with a calm zh-CN message, never a stack trace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, httpUrlProblem, loadConfig, MAX_CONFIG_BYTES, validateConfig, watchdogMsOf, DEFAULT_WATCHDOG_MS, type Config } from '../../crawler/config.js';
import { normalizeUrl } from '../../store/url.js';
import { expectCalm, expectChinese } from './calm-output.js';
import { runMain } from './in-process-cli.js';
import { createRng, fuzzCount, fuzzSeed, oddText, type Rng } from './prng.js';

const dir = mkdtempSync(join(tmpdir(), 'gk-fuzz-config-'));
const seed = fuzzSeed('config', 20_240_611);

const BASE = {
  name: '测试区',
  evalDate: '2020-11-26',
  nextEvaluation: '2020-12-20',
  units: [
    { id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://127.0.0.1:9/fgj/', scope: ['http://127.0.0.1:9/col/fgj/'] },
    { id: 'jty', name: '区交通运输局', type: 'department', url: 'https://jty.example.gov.cn/', contact: { email: 'jty@example.gov.cn', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x' } },
    { id: 'abc-town', name: '甲镇', type: 'town', url: 'http://town.example.gov.cn/' },
  ],
  crawl: { maxPagesPerUnit: 100, concurrency: 4, perHostConcurrency: 2, perHostDelayMs: 0, timeoutMs: 5000, respectRobots: true, render: 'never', a11yPagesPerUnit: 0, watchdogMs: 60000 },
  schedule: { cron: '0 2 * * *', keepRuns: 10, logFile: 'night.log' },
  alerts: { webhooks: [{ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', units: ['fgj'] }], maxItems: 5 },
};
const BASE_YAML = toYaml(BASE);
const BASE_JSON = JSON.stringify(BASE, null, 2);

/** loadConfig's contract: a usable Config or a ConfigError of zh-CN lines; nothing else escapes. */
function loadOutcome(file: string, context: string): Config | ConfigError {
  try {
    const config = loadConfig(file);
    expectUsable(config, context);
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError)) expect.fail(`${context}: loadConfig threw ${String(err)} instead of a ConfigError`);
    expect(err.problems.length, context).toBeGreaterThan(0);
    for (const p of err.problems) expectChinese(p, context);
    expectCalm(err.message, context);
    return err;
  }
}

/** What the crawler relies on in an accepted config: finite bounded numbers, fetchable URLs. */
function expectUsable(config: Config, context: string): void {
  const c = config.crawl;
  for (const [k, v] of Object.entries({ maxPagesPerUnit: c.maxPagesPerUnit, concurrency: c.concurrency, perHostConcurrency: c.perHostConcurrency, perHostDelayMs: c.perHostDelayMs, timeoutMs: c.timeoutMs, a11yPagesPerUnit: c.a11yPagesPerUnit, watchdogMs: watchdogMsOf(c) })) {
    expect(Number.isSafeInteger(v) && v >= 0 && v < 2 ** 31, `${context}: crawl.${k} = ${v}`).toBe(true);
  }
  expect(config.units.length, context).toBeGreaterThan(0);
  for (const u of config.units) {
    for (const url of [u.url, ...u.scope]) {
      expect(httpUrlProblem(url), `${context}: ${url}`).toBeNull();
      expect(normalizeUrl(url), `${context}: ${url}`).not.toBeNull();
    }
  }
  // Idempotent: what was accepted is accepted again unchanged (it is what the run stores).
  expect(validateConfig(JSON.parse(JSON.stringify(config)) as unknown), context).toEqual(config);
}

/** `crawl --config FILE --units <none>` ends in 2 whether the config is good (unknown unit) or bad. */
async function expectCrawlRefuses(file: string, context: string): Promise<string> {
  const r = await runMain(['crawl', '--config', file, '--db', join(dir, 'never.sqlite'), '--units', 'no-such-unit', '--quiet']);
  expect(r.code, `${context}\n${r.stderr}`).toBe(2);
  expectChinese(r.stderr, context);
  expectCalm(r.stderr + r.stdout, context);
  return r.stderr;
}

let fileNo = 0;
function writeCase(content: string | Buffer, ext: '.yaml' | '.json' | '.yml'): string {
  const file = join(dir, `case-${++fileNo}${ext}`);
  writeFileSync(file, content);
  return file;
}

describe('config fuzz: truncated at every byte', () => {
  for (const [kind, text, ext] of [['YAML', BASE_YAML, '.yaml'], ['JSON', BASE_JSON, '.json']] as const) {
    it(`${kind}: every prefix loads or is refused in zh-CN (seed-free, ${Buffer.byteLength(text)} prefixes)`, async () => {
      const bytes = Buffer.from(text, 'utf8');
      let refused = 0;
      for (let n = 0; n < bytes.length; n++) {
        const file = writeCase(bytes.subarray(0, n), ext);
        const outcome = loadOutcome(file, `${kind} truncated at ${n}`);
        if (outcome instanceof ConfigError) refused++;
        // Through the command line for a sample (every 7th byte): the same refusal, exit 2.
        if (n % 7 === 0) await expectCrawlRefuses(file, `${kind} truncated at ${n}`);
      }
      // Most prefixes lack units or end mid-token: the property above was really exercised.
      expect(refused).toBeGreaterThan(bytes.length / 2);
      // The whole file is accepted (the baseline the truncations are cut from).
      expect(loadConfig(writeCase(bytes, ext)).units).toHaveLength(3);
    });
  }
});

/** Values of every type a hand-edited or machine-mangled config may hold. */
function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 9 : 12)) {
    case 0: return oddText(rng);
    case 1: return rng.pick([0, -1, 1, 1.5, -0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 99999999999, 3e9, 100, 10000, 600001]);
    case 2: return rng.pick(['NaN', 'Infinity', '-Infinity', '1e309', '0x10', '1_000', ' 8 ', '８', '', ' ', 'null', 'true']);
    case 3: return rng.chance(0.5);
    case 4: return null;
    case 5: return rng.pick(['http://', 'javascript:alert(1)', 'http://user:pw@a.gov.cn/', 'http://-/', 'http://a..b/', 'http://a:0/', `http://a.gov.cn/${'x'.repeat(3000)}`, 'ftp://a.gov.cn/', 'http://[::1]/', 'HTTP://A.GOV.CN/', 'http://例子.中国/']);
    case 6: return rng.pick(['2021-02-30', '2020-13-01', '0000-01-01', '9999-12-31', '2020-1-1', '20201126', '2202-11-26']);
    case 7: return 'x'.repeat(rng.pick([1000, 100_000]));
    case 8: return rng.pick(['department', 'town', 'never', 'auto', 'always', 'wecom', '0 2 * * *', '61 25 * * *', '* * * * * * *']);
    case 9: return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    case 10: return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.chance(0.5) ? oddText(rng, 3) : rng.pick(['id', 'url', 'name', '__proto__', 'constructor']), randomValue(rng, depth + 1)]));
    default: {
      // Deep nesting: thousands of levels would exhaust a recursive validator.
      let v: unknown = 'leaf';
      for (let i = 0, n = rng.pick([50, 500, 3000]); i < n; i++) v = rng.chance(0.5) ? [v] : { k: v };
      return v;
    }
  }
}

/** Every (object, key) slot of a JSON tree down to `depth` levels, so a mutation can land anywhere. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = [], depth = 0): typeof out {
  if (depth > 12) return out;
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out, depth + 1)));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push([value as Record<string, unknown>, k]), slots(v, out, depth + 1));
  return out;
}

function typo(rng: Rng, key: string): string {
  const i = rng.int(key.length + 1);
  switch (rng.int(4)) {
    case 0: return key.slice(0, i) + key.slice(i + 1);
    case 1: return key.slice(0, i) + String.fromCharCode(97 + rng.int(26)) + key.slice(i);
    case 2: return key.toUpperCase();
    default: return oddText(rng, 4);
  }
}

function mutate(rng: Rng, config: unknown): void {
  const all = slots(config);
  const [owner, key] = rng.pick(all);
  const rec = owner as Record<string | number, unknown>;
  switch (rng.int(4)) {
    case 0:
      if (Array.isArray(owner)) owner.splice(Number(key), 1);
      else delete rec[key];
      break;
    case 1:
      // Arrays have no keys to misspell: their slot gets a random value instead.
      if (Array.isArray(owner)) {
        rec[key] = randomValue(rng);
      } else {
        const v = rec[key];
        delete rec[key];
        rec[typo(rng, String(key))] = v;
      }
      break;
    default:
      rec[key] = randomValue(rng);
  }
}

/** YAML with the scalars JSON cannot express (.nan, .inf) and hand-written oddities spliced in. */
function yamlOddities(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  const indent = /^\s*/.exec(lines[i] ?? '')![0];
  const odd = rng.pick([
    `${indent}concurrency: .nan`, `${indent}timeoutMs: .inf`, `${indent}timeoutMs: -.inf`, `${indent}maxPagesPerUnit: 0x7fffffff`,
    `${indent}name: !!binary aGVsbG8=`, `${indent}url: !!js/function "function(){}"`, `${indent}x: &a [1, *a]`, `${indent}<<: {id: x}`,
    `${indent}\tname: tab`, `${indent}name: "unclosed`, `${indent}? [complex, key]`, `${indent}name: a: b`, '---', '...', '%YAML 1.1',
    `${indent}id: *undefined_anchor`, `${indent}name: ${'['.repeat(200)}`,
  ]);
  lines.splice(i, 0, odd);
  return lines.join('\n');
}

describe('config fuzz: random mutations', () => {
  it(`mutated keys, values and types (seed ${seed})`, async () => {
    const rng = createRng(seed);
    const cases = fuzzCount(400);
    let accepted = 0;
    for (let c = 0; c < cases; c++) {
      const config = JSON.parse(BASE_JSON) as unknown;
      for (let m = 0, n = 1 + rng.int(3); m < n; m++) mutate(rng, config);
      let asJson = rng.chance(0.4);
      let text = JSON.stringify(config);
      if (!asJson) {
        try {
          text = toYaml(config, { aliasDuplicateObjects: false });
        } catch {
          // The yaml writer recurses: thousands of nesting levels are written as JSON (valid YAML too).
          asJson = true;
        }
      }
      if (!asJson && rng.chance(0.3)) text = yamlOddities(rng, text);
      const file = writeCase(text, asJson ? '.json' : '.yaml');
      const context = `seed ${seed} case ${c} (${file})`;
      if (!(loadOutcome(file, context) instanceof ConfigError)) accepted++;
      if (c % 4 === 0) await expectCrawlRefuses(file, context);
    }
    // Some mutations are harmless (a name changed): the accepting branch was exercised too.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(cases);
  });

  it(`byte-level junk: flips, insertions, binary and unicode noise (seed ${seed})`, async () => {
    const rng = createRng(seed + 1);
    const cases = fuzzCount(300);
    for (let c = 0; c < cases; c++) {
      const kind = rng.int(4);
      let bytes: Buffer;
      if (kind === 0) {
        bytes = Buffer.from(rng.chance(0.5) ? BASE_YAML : BASE_JSON, 'utf8');
        for (let k = 0, n = 1 + rng.int(8); k < n; k++) bytes[rng.int(bytes.length)] = rng.int(256);
      } else if (kind === 1) {
        bytes = Buffer.from(Array.from({ length: rng.int(4096) }, () => rng.int(256)));
      } else if (kind === 2) {
        const text = rng.chance(0.5) ? BASE_YAML : BASE_JSON;
        const at = rng.int(text.length);
        bytes = Buffer.from(text.slice(0, at) + oddText(rng, 20) + text.slice(at), 'utf8');
      } else {
        bytes = Buffer.from(Array.from({ length: 1 + rng.int(200) }, () => oddText(rng, 3)).join(rng.pick(['\n', ': ', ' - ', '\n  '])), 'utf8');
      }
      const file = writeCase(bytes, rng.pick(['.yaml', '.json', '.yml'] as const));
      const context = `seed ${seed + 1} junk case ${c} (${file})`;
      loadOutcome(file, context);
      if (c % 5 === 0) await expectCrawlRefuses(file, context);
    }
  });
});

describe('config fuzz: random URLs', () => {
  const SCHEMES = ['http://', 'https://', 'HTTP://', 'ftp://', 'javascript:', 'file://', 'data:text/html,', 'http:/', 'http:\\\\', '', '//', 'http:///'];
  const HOSTS = ['a.gov.cn', 'www.example.gov.cn', '127.0.0.1', '[::1]', '例子.中国', '', '-', 'a..b', '...', 'a b', 'a_b.gov.cn', `${'x'.repeat(64)}.cn`, '999.1.1.1', '0x7f.1', '%41', '%00', 'a\u200b.cn', 'a\u202e.cn', 'localhost', 'a.gov.cn.'];
  const PORTS = ['', ':80', ':0', ':65535', ':65536', ':-1', ':abc', ':'];
  function randomUrl(rng: Rng): string {
    let u = rng.pick(SCHEMES);
    if (rng.chance(0.1)) u += rng.pick(['user@', 'user:pw@', ':@']);
    u += rng.pick(HOSTS) + rng.pick(PORTS);
    if (rng.chance(0.7)) u += rng.pick(['/', '/col/index.html', '/a b', '/%zz', '/..%2f..%2fetc/passwd', `/${'y'.repeat(rng.pick([10, 2100]))}`, '/\\x']);
    if (rng.chance(0.3)) u += rng.pick(['?a=1&b=2', '?q=政务', '#frag', '?%', '?jsessionid=ABCDEF0123456789XYZ']);
    if (rng.chance(0.1)) u = rng.pick([` ${u}`, `${u} `, `${u}\n`, `${u}\t`]);
    return u;
  }

  it(`unit urls and scopes are accepted only when fetchable (seed ${seed})`, async () => {
    const rng = createRng(seed + 2);
    const cases = fuzzCount(600);
    let accepted = 0;
    for (let c = 0; c < cases; c++) {
      const url = randomUrl(rng);
      const raw = { name: '测试区', units: [{ id: 'a', name: '甲局', type: 'department', url, scope: [randomUrl(rng)] }] };
      const file = writeCase(rng.chance(0.5) ? JSON.stringify(raw) : toYaml(raw), '.yaml');
      const context = `seed ${seed + 2} url case ${c}: ${JSON.stringify(url)}`;
      const outcome = loadOutcome(file, context);
      if (outcome instanceof ConfigError) {
        expect(outcome.problems.join('\n'), context).toMatch(/units\[0\]\.(url|scope\[0\])/);
      } else {
        accepted++;
      }
      if (c % 10 === 0) await expectCrawlRefuses(file, context);
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(cases);
  });

  it('refuses credentials, port 0, impossible host names and overlong addresses by name', () => {
    const cases: [string, RegExp][] = [
      ['http://user:secret@a.gov.cn/', /不能包含用户名或密码/],
      ['http://a.gov.cn:0/', /端口不能为 0/],
      ['http://-/', /主机名 “-” 无效/],
      ['http://a..b/', /主机名 “a\.\.b” 无效/],
      [`http://a.gov.cn/${'x'.repeat(2100)}`, /网址过长/],
      ['javascript:alert(1)', /不是有效的网址/],
      ['http://a b.gov.cn/', /不是有效的网址/],
    ];
    for (const [url, message] of cases) {
      expect(() => validateConfig({ name: '区', units: [{ id: 'a', name: '甲', type: 'department', url }] }), url).toThrow(message);
    }
    // Still accepted: IDN, IPv6, underscores, upper-case schemes, surrounding spaces (trimmed).
    for (const url of ['http://例子.中国/', 'http://[::1]:8080/', 'http://a_b.gov.cn/', 'HTTPS://A.GOV.CN/', ' http://a.gov.cn/ ']) {
      expect(validateConfig({ name: '区', units: [{ id: 'a', name: '甲', type: 'department', url }] }).units[0]!.url, url).toBe(url.trim());
    }
  });
});

describe('config: special files', () => {
  const expectRefused = async (file: string, message: RegExp) => {
    const outcome = loadOutcome(file, file);
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as ConfigError).problems.join('\n')).toMatch(message);
    expect(await expectCrawlRefuses(file, file)).toMatch(message);
  };

  it('an empty file, only comments or whitespace', async () => {
    await expectRefused(writeCase('', '.yaml'), /配置文件是空的/);
    await expectRefused(writeCase('# 只有注释\n\n   \n', '.yaml'), /配置文件是空的/);
    await expectRefused(writeCase('', '.json'), /不是有效的 JSON/);
  });

  it('a directory and a missing file', async () => {
    const sub = join(dir, 'a-directory.yaml');
    mkdirSync(sub);
    await expectRefused(sub, /是一个目录/);
    await expectRefused(join(dir, 'no-such-file.yaml'), /找不到配置文件/);
    await expectRefused(join(dir, 'no-such-dir', 'x.yaml'), /找不到配置文件/);
  });

  it('a file larger than any config is refused unread', async () => {
    await expectRefused(writeCase(Buffer.alloc(MAX_CONFIG_BYTES + 1, 0x20), '.yaml'), /文件过大/);
  });

  it('a "billion laughs" alias bomb is refused by the alias limit, not expanded', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    await expectRefused(writeCase(`${levels.join('\n')}\nname: 区\n`, '.yaml'), /别名.*引用过多/);
    // A few anchors (a shared scope list) are fine.
    const shared = 'name: 区\nunits:\n  - {id: a, name: 甲, type: department, url: "http://a.gov.cn/", scope: &s ["http://portal.gov.cn/a/"]}\n  - {id: b, name: 乙, type: department, url: "http://b.gov.cn/", scope: *s}\n';
    expect(loadConfig(writeCase(shared, '.yaml')).units[1]!.scope).toEqual(['http://portal.gov.cn/a/']);
  });

  it('deeply nested YAML and JSON', async () => {
    for (const depth of [1000, 100_000]) {
      loadOutcome(writeCase(`name: 区\nz: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, '.yaml'), `flow depth ${depth}`);
      loadOutcome(writeCase(`{"name":"区","z":${'['.repeat(depth)}${']'.repeat(depth)}}`, '.json'), `json depth ${depth}`);
      loadOutcome(writeCase(`{"name":"区","units":${'[{"a":'.repeat(depth / 10)}1${'}]'.repeat(depth / 10)}}`, '.json'), `json units depth ${depth}`);
    }
    const block = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    await expectRefused(writeCase(`name: 区\n${block}\n`, '.yaml'), /YAML/);
  });

  it('duplicate keys, tabs, several documents and undefined anchors are named', async () => {
    await expectRefused(writeCase('name: 甲\nname: 乙\n', '.yaml'), /第 2 行.*写了两次/);
    await expectRefused(writeCase('name: 区\nunits:\n\t- id: a\n', '.yaml'), /制表符/);
    await expectRefused(writeCase('name: 区\n---\nname: 区\n', '.yaml'), /多个 YAML 文档/);
    await expectRefused(writeCase('name: *nothing\n', '.yaml'), /未定义的 YAML 锚点/);
  });

  it('unknown YAML tags print no English warning and __proto__ keys pollute nothing', async () => {
    const stderr = await expectCrawlRefuses(writeCase('name: !!js/function "x"\nunits: !custom [1]\n', '.yaml'), 'tags');
    expect(stderr).toMatch(/units\[0\]/);
    await expectRefused(writeCase('__proto__: {polluted: 1}\nname: 区\n', '.yaml'), /未知的配置项 “__proto__”/);
    await expectRefused(writeCase('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "name": "区"}', '.json'), /未知的配置项 “__proto__”/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads UTF-8 with BOM, UTF-16 (Notepad) and GB18030 (older Chinese Windows tools)', () => {
    const yaml = 'name: 青岛西海岸新区\nunits:\n  - id: a\n    name: 区发展和改革局\n    type: department\n    url: http://a.gov.cn/\n';
    const variants: [string, Buffer, '.yaml' | '.json'][] = [
      ['utf-8 bom json', Buffer.from(`\ufeff${JSON.stringify({ name: '青岛西海岸新区', units: [{ id: 'a', name: '区发展和改革局', type: 'department', url: 'http://a.gov.cn/' }] })}`, 'utf8'), '.json'],
      ['utf-8 bom yaml', Buffer.from(`\ufeff${yaml}`, 'utf8'), '.yaml'],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(yaml, 'utf-16le')]), '.yaml'],
      ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(yaml, 'utf-16be')]), '.yaml'],
      ['gb18030', iconv.encode(yaml, 'gb18030'), '.yaml'],
    ];
    for (const [label, bytes, ext] of variants) {
      const config = loadConfig(writeCase(bytes, ext));
      expect(config.name, label).toBe('青岛西海岸新区');
      expect(config.units[0]!.name, label).toBe('区发展和改革局');
    }
  });

  it('bounds durations below the timer limit and validates the watchdog', () => {
    const unit = { id: 'a', name: '甲', type: 'department', url: 'http://a.gov.cn/' };
    const withCrawl = (crawl: Record<string, unknown>) => () => validateConfig({ name: '区', units: [unit], crawl });
    expect(withCrawl({ perHostDelayMs: 3_000_000_000 })).toThrow(/crawl\.perHostDelayMs: 不能超过 600000 毫秒/);
    expect(withCrawl({ timeoutMs: 2 ** 31 })).toThrow(/crawl\.timeoutMs: 不能超过/);
    expect(withCrawl({ maxPagesPerUnit: 1e12 })).toThrow(/crawl\.maxPagesPerUnit: 不能超过/);
    expect(withCrawl({ watchdogMs: 9999 })).toThrow(/crawl\.watchdogMs: 不能小于 10000 毫秒/);
    expect(withCrawl({ watchdogMs: '600000' })).toThrow(/crawl\.watchdogMs: 应为毫秒数/);
    expect(withCrawl({ watchdgMs: 60000 })).toThrow(/是否想写 “watchdogMs”/);
    const set = validateConfig({ name: '区', units: [unit], crawl: { watchdogMs: 120_000 } });
    expect(watchdogMsOf(set.crawl)).toBe(120_000);
    // Absent: not written into the config (its hash, which resume compares, stays as before).
    const unset = validateConfig({ name: '区', units: [unit] });
    expect('watchdogMs' in unset.crawl).toBe(false);
    expect(watchdogMsOf(unset.crawl)).toBe(DEFAULT_WATCHDOG_MS);
    expect(watchdogMsOf(undefined)).toBe(600_000);
  });
});
