import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../store/errors.js';
import { ManualScoreSchema } from '../../reports/export-schema.js';
import { DAILY_ITEMS, DEDUCTION_ITEMS, manualScore, manualTemplate, parseManualFile } from '../../reports/manual-scores.js';

function problemsOf(text: string): string {
  try {
    parseManualFile(text, 'manual.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('manual items', () => {
  it('has the six daily items of the seed, 30 points, and the eight major deductions', () => {
    expect(DAILY_ITEMS.map((i) => i.name)).toEqual(['政策解读', '决策预公开', '政府开放日', '基层政务公开标准化', '整改、培训、依申请答复与政府公报', '创新推广']);
    expect(DAILY_ITEMS.reduce((s, i) => s + i.points, 0)).toBe(30);
    expect(DEDUCTION_ITEMS.map((i) => [i.id, i.points])).toEqual([
      ['notice-national', 30], ['notice-province', 20], ['notice-city', 10], ['application-city', 10],
      ['application-province', 30], ['stale-province', 30], ['stale-city', 20], ['task-ignored', 30],
    ]);
    expect(new Set([...DAILY_ITEMS, ...DEDUCTION_ITEMS].map((i) => i.id)).size).toBe(14);
  });
});

describe('parseManualFile', () => {
  it('reads daily points, deductions, notes and who entered them', () => {
    const entries = parseManualFile(`
enteredBy: 李四
units:
  fgj:
    daily:
      policy-interpretation: 5
      open-day: { points: 2.5, note: 只组织了 1 次 }
    deductions:
      - item: notice-city
        note: 市通报 2020 第 3 期
      - points: 4
        note: 其他
  jyj:
    enteredBy: 王五
    daily:
      innovation: 0
  empty:
`, 'manual.yaml');
    expect(entries.get('fgj')).toEqual({
      daily: [{ id: 'policy-interpretation', points: 5 }, { id: 'open-day', points: 2.5, note: '只组织了 1 次' }],
      deductions: [{ id: 'notice-city', points: 10, note: '市通报 2020 第 3 期' }, { id: 'other', points: 4, note: '其他' }],
      enteredBy: '李四',
    });
    expect(entries.get('jyj')).toEqual({ daily: [{ id: 'innovation', points: 0 }], deductions: [], enteredBy: '王五' });
    expect(entries.get('empty')).toEqual({ daily: [], deductions: [], enteredBy: '李四' });
  });

  it('names every wrong field in zh-CN', () => {
    const msg = problemsOf(`
units:
  fgj:
    daily:
      policy: 5
      open-day: 7
    deductions:
      - item: notice-county
      - points: 3
    remark: x
`);
    expect(msg).toContain('manual.yaml');
    expect(msg).toContain('units.fgj.daily.policy: 未知的日常考核项 “policy”');
    expect(msg).toContain('units.fgj.daily.open-day: 政府开放日 应为 0 到 5 之间的分数，这里写了 7');
    expect(msg).toContain('units.fgj.deductions[0].item: 未知的扣分事项 “notice-county”');
    expect(msg).toContain('units.fgj.deductions[1].note');
    expect(msg).toContain('未知的录入项 “remark”');
  });

  it('rejects a deduction above its item and text where a number belongs', () => {
    const msg = problemsOf('units:\n  fgj:\n    daily:\n      open-day: 很好\n    deductions:\n      - { item: notice-city, points: 20 }\n');
    expect(msg).toContain('units.fgj.daily.open-day: 应为分数');
    expect(msg).toContain('units.fgj.deductions[0].points: 市级通报（政府网站和政务新媒体检查） 最多扣 10 分，这里写了 20');
  });

  it('reports broken YAML with its position', () => {
    expect(problemsOf('units:\n  fgj:\n    daily: [1,\n')).toMatch(/不是有效的 YAML：第 \d+ 行/);
    expect(problemsOf('- a\n- b\n')).toContain('文件应为键值对象');
  });
});

describe('manualScore', () => {
  const entry = { daily: [{ id: 'policy-interpretation', points: 5 }, { id: 'open-day', points: 3 }], deductions: [{ id: 'notice-city', points: 10 }], enteredBy: '李四', enteredAt: '2020-11-27T01:00:00.000Z' };

  it('adds the daily points and subtracts the deductions from the crawl score', () => {
    const m = manualScore(entry, { total: 60, assessed: true });
    expect(ManualScoreSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({ dailyTotal: 8, dailyMax: 30, deductionTotal: 10, predictedTotal: 58, predictedMax: 100, enteredBy: '李四' });
    expect(m.daily[1]).toEqual({ id: 'open-day', name: '政府开放日', max: 5, score: 3 });
  });

  it('caps the deductions at 30 and never goes below 0', () => {
    const heavy = { daily: [], deductions: [{ id: 'notice-national', points: 30 }, { id: 'stale-province', points: 30 }] };
    expect(manualScore(heavy, { total: 20, assessed: true })).toMatchObject({ deductionTotal: 30, predictedTotal: 0 });
    expect(manualScore(heavy, { total: 50, assessed: true }).predictedTotal).toBe(20);
  });

  it('predicts nothing for a unit the crawl could not assess', () => {
    expect(manualScore(entry, { total: 70, assessed: false }).predictedTotal).toBeNull();
  });
});

describe('manualTemplate', () => {
  it('lists every item, parses as it is, and enters nothing', () => {
    const text = manualTemplate(['fgj', 'jyj'], { fgj: '区发展和改革局' });
    for (const item of [...DAILY_ITEMS, ...DEDUCTION_ITEMS]) expect(text).toContain(item.id);
    expect(text).toContain('# 区发展和改革局');
    expect(Object.keys((parseYaml(text) as { units: object }).units)).toEqual(['fgj', 'jyj']);
    const entries = parseManualFile(text, 'manual.yaml');
    expect([...entries.values()].every((e) => e.daily.length === 0 && e.deductions.length === 0)).toBe(true);
  });

  it('parses once an item is filled in by removing the #', () => {
    const filled = manualTemplate(['fgj']).replace('# policy-interpretation: 5', 'policy-interpretation: 4');
    expect(parseManualFile(filled, 'manual.yaml').get('fgj')!.daily).toEqual([{ id: 'policy-interpretation', points: 4 }]);
    expect(parseManualFile(manualTemplate([]), 'm.yaml').size).toBe(0);
  });
});
