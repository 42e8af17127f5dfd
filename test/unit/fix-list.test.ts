import { describe, expect, it } from 'vitest';
import { ExportUnitSchema, type ExportFinding, type ExportUnit } from '../../reports/export-schema.js';
import { fixList } from '../../reports/fix-list.js';
import { scoreUnit } from '../../rules/scoring.js';

let n = 0;
const v = (ruleId: string, extra: Partial<ExportFinding> = {}): ExportFinding =>
  ({ ruleId, outcome: 'violation', url: `http://a.gov.cn/p${++n}.html`, message: `${ruleId} 问题`, data: {}, key: `${ruleId}:${n}`, ...extra });

function unit(findings: ExportFinding[]): ExportUnit {
  const s = scoreUnit(findings);
  return ExportUnitSchema.parse({
    id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://a.gov.cn/',
    score: { total: s.total, max: s.max, vetoed: s.vetoed, assessed: true, indicators: s.indicators.map(({ deductions: _d, ...i }) => i) },
    findings,
  });
}

describe('fixList', () => {
  it('puts a veto first, then orders by points recoverable, then by places to fix', () => {
    const items = fixList(unit([
      v('a11y.image-alt'), v('a11y.image-alt'),
      v('link.broken', { data: { href: 'http://a.gov.cn/x', fromHome: true } }), v('link.broken', { data: { href: 'http://a.gov.cn/y' } }),
      v('disclosure.column.name'),
      v('freshness.veto'),
      v('a11y.html-has-lang'),
    ]));
    expect(items.map((i) => [i.ruleId, i.points, i.count])).toEqual([
      ['freshness.veto', 0, 1],
      ['disclosure.column.name', 5, 1],
      ['link.broken', 3, 2],
      ['a11y.image-alt', 1, 2],
      ['a11y.html-has-lang', 1, 1],
    ]);
    expect(items[0]!.veto).toBe(true);
    expect(items[0]!.summary).toContain('单项否决');
    expect(items[1]!.summary).toBe(`可挽回 5 分：${items[1]!.title}（1 处）`);
    expect(items[1]!.indicator).toBe('政府信息公开专栏与四个部分');
    expect(items[1]!.title).not.toBe('disclosure.column.name');
    expect(items[1]!.fix).not.toBe('');
  });

  it('measures the points by rescoring, so caps are respected', () => {
    // Ten broken links are 10 points of deductions, but the indicator only has 8.
    const items = fixList(unit(Array.from({ length: 10 }, (_, i) => v('link.broken', { data: { href: `http://a.gov.cn/${i}` } }))));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ruleId: 'link.broken', points: 8, count: 10 });
    expect(items[0]!.exampleUrls).toHaveLength(3);
    expect(items[0]!.keys).toHaveLength(10);
  });

  it('counts a template group once and leaves out false positives', () => {
    const items = fixList(unit([
      v('a11y.image-alt', { templateGroup: 'tpl:a' }), v('a11y.image-alt', { templateGroup: 'tpl:a' }), v('a11y.image-alt', { templateGroup: 'tpl:a' }),
      v('disclosure.column.name', { mark: { kind: 'false-positive', reason: '名称符合要求', by: '王', at: '2020-11-27T01:00:00.000Z' } }),
      v('site.https', { mark: { kind: 'fixed', reason: '已启用', by: '王', at: '2020-11-27T01:00:00.000Z' } }),
      { ...v('meta.site'), outcome: 'incomplete' },
    ]));
    expect(items.map((i) => [i.ruleId, i.count])).toEqual([['site.https', 1], ['a11y.image-alt', 1]]);
  });

  it('is empty for a unit without violations', () => {
    expect(fixList(unit([{ ...v('meta.site'), outcome: 'pass' }]))).toEqual([]);
  });
});
