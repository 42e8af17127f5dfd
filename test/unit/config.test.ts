import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, pageThreadsOf, validateConfig } from '../../crawler/config.js';
import { configHash } from '../../store/runs.js';

const unit = (over: Record<string, unknown> = {}) => ({ id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.example.gov.cn/', ...over });

function problems(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('applies the documented defaults (docs/contracts.md)', () => {
    const c = validateConfig({ name: '青岛西海岸新区', units: [unit()] });
    expect(c.crawl).toEqual({ maxPagesPerUnit: 5000, concurrency: 16, perHostConcurrency: 4, perHostDelayMs: 250, timeoutMs: 15000, respectRobots: true, render: 'auto', a11yPagesPerUnit: 10 });
    expect(c.units[0]!.scope).toEqual([]);
    expect(c.evalDate).toBeUndefined();
  });

  it('names the field of a bad unit URL in zh-CN', () => {
    const p = problems({ name: 'x', units: [unit(), unit({ id: 'b' }), unit({ id: 'c', url: 'not a url' })] });
    expect(p).toContain('units[2].url: 不是有效的网址（应为以 http:// 或 https:// 开头、不含空格的完整网址，例如 http://www.example.gov.cn/）');
  });

  it('reports every problem at once, each with its path', () => {
    const p = problems({ nmae: '区', units: [unit({ id: 'Bad!', type: 'dept' }), unit({ id: 'fgj', type: undefined }), unit({ id: 'fgj', extra: 1 })], crawl: { concurency: 3, concurrency: 'many', speed: 3 }, evalDate: '2020-02-30' });
    expect(p).toEqual(expect.arrayContaining([
      'name: 缺少此项（区县名称，例如 青岛西海岸新区）',
      '配置文件顶层: 未知的配置项 “nmae”（是否想写 “name”？）',
      'crawl: 未知的配置项 “concurency”（是否想写 “concurrency”？）',
      expect.stringMatching(/^units\[1\]\.type: 缺少此项（department/),
      'units[2].id: 与 units[1] 的标识 “fgj” 重复，单位标识必须唯一',
      expect.stringMatching(/^units\[0\]\.id: 只能包含小写字母/),
      expect.stringMatching(/^units\[0\]\.type: 应为 department/),
      expect.stringMatching(/^units\[2\]: 未知的配置项 “extra”/),
      'crawl.concurrency: 应为正整数',
      expect.stringMatching(/^crawl: 未知的配置项 “speed”/),
      'evalDate: 日历上没有这一天（例如 2 月没有 30 日），请检查日期',
    ]));
  });

  it('names crawl.pageThreads when it is not a small whole number, and leaves the resume check alone', () => {
    expect(problems({ name: 'x', units: [unit()], crawl: { pageThreads: -1 } })).toEqual(['crawl.pageThreads: 应为非负整数']);
    expect(problems({ name: 'x', units: [unit()], crawl: { pageThreads: 1.5 } })).toEqual(['crawl.pageThreads: 应为非负整数']);
    expect(problems({ name: 'x', units: [unit()], crawl: { pageThreads: 64 } })).toEqual(['crawl.pageThreads: 不能超过 16']);
    expect(validateConfig({ name: 'x', units: [unit()], crawl: { pageThreads: 0 } }).crawl.pageThreads).toBe(0);
    expect(pageThreadsOf({ pageThreads: 3 })).toBe(3);
    expect(pageThreadsOf({})).toBe(Math.max(0, Math.min(4, availableParallelism() - 1)));
    const base = validateConfig({ name: 'x', units: [unit()] });
    expect(configHash({ ...base, crawl: { ...base.crawl, pageThreads: 3 } })).toBe(configHash(base));
  });

  it('rejects duplicate unit ids', () => {
    expect(problems({ name: 'x', units: [unit(), unit({ id: 'b' }), unit()] })).toEqual(['units[2].id: 与 units[0] 的标识 “fgj” 重复，单位标识必须唯一']);
  });

  it('rejects non-http schemes and empty unit lists', () => {
    expect(problems({ name: 'x', units: [unit({ url: 'ftp://x.gov.cn/' })] })[0]).toMatch(/^units\[0\]\.url: 不是有效的网址/);
    expect(problems({ name: 'x', units: [] })).toEqual(['units: 至少需要一个单位']);
  });

  it('loads YAML and JSON files and explains unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'name: 区\nevalDate: 2020-11-26\nunits:\n  - id: a\n    name: 甲\n    type: town\n    url: http://a.gov.cn/\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ name: '区', units: [unit()] }));
    writeFileSync(join(dir, 'bad.yaml'), 'name: [unclosed\n');
    writeFileSync(join(dir, 'list.yaml'), '- a\n- b\n');
    expect(loadConfig(join(dir, 'a.yaml')).evalDate).toBe('2020-11-26');
    expect(loadConfig(join(dir, 'a.json')).units[0]!.id).toBe('fgj');
    expect(() => loadConfig(join(dir, 'bad.yaml'))).toThrow(/文件内容不是有效的 YAML：第 \d+ 行第 \d+ 列附近格式有误/);
    expect(() => loadConfig(join(dir, 'list.yaml'))).toThrow(/应为键值对象/);
    expect(() => loadConfig(join(dir, 'missing.yaml'))).toThrow(/找不到配置文件/);
  });
  it('names the mis-indented line of a YAML file, not a nearby one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-config-indent-'));
    const good = ['name: 区', 'units:', '  - id: a', '    name: 甲', '    type: town', '    url: http://a.gov.cn/', '  - id: b', '    name: 乙', '    type: town', '    url: http://b.gov.cn/'];
    const variants: Array<[string, number]> = [
      // one space too few on a unit's field
      [good.map((l, i) => (i === 4 ? '   type: town' : l)).join('\n'), 5],
      // one space too many on a unit's field
      [good.map((l, i) => (i === 7 ? '     name: 乙' : l)).join('\n'), 8],
      // a list item not aligned with the others
      [good.map((l, i) => (i === 6 ? '   - id: b' : l)).join('\n'), 7],
    ];
    for (const [text, line] of variants) {
      const file = join(dir, `v${line}.yaml`);
      writeFileSync(file, text + '\n');
      let message = '';
      try {
        loadConfig(file);
      } catch (err) {
        message = (err as ConfigError).problems.join('\n');
      }
      expect(message, text).toContain(`第 ${line} 行的缩进与同一层的其他行不一致`);
    }
    // The well-indented file loads, so the message above is not said of every file.
    writeFileSync(join(dir, 'good.yaml'), good.join('\n') + '\n');
    expect(loadConfig(join(dir, 'good.yaml')).units.map((u) => u.id)).toEqual(['a', 'b']);
  });
});
