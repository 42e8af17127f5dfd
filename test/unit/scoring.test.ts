import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE, IndicatorCatalogueSchema, scoreUnit } from '../../rules/scoring.js';
import type { IndicatorCatalogue } from '../../rules/scoring.js';
import { RULES } from '../../rules/catalogue.js';
import type { Finding, Outcome } from '../../rules/types.js';

function f(ruleId: string, url = 'http://a.gov.cn/', outcome: Outcome = 'violation', data: Record<string, unknown> = {}): Finding {
  return { ruleId, outcome, url, message: `${ruleId} 问题。`, data };
}

function indicator(score: ReturnType<typeof scoreUnit>, id: string) {
  const found = score.indicators.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

describe('default catalogue', () => {
  it('totals 70 points over eight indicators', () => {
    expect(DEFAULT_CATALOGUE.indicators).toHaveLength(8);
    const clean = scoreUnit([]);
    expect(clean).toMatchObject({ total: 70, max: 70, vetoed: false, vetoReasons: [] });
  });

  it('names an existing indicator for every rule in the rule catalogue, and scores every rule', () => {
    const ids = new Set(DEFAULT_CATALOGUE.indicators.map((i) => i.id));
    for (const rule of RULES) {
      expect(ids.has(rule.indicator), rule.id).toBe(true);
      // Every rule draws on the indicator its metadata names.
      const score = scoreUnit([f(rule.id)]);
      const veto = rule.id === 'freshness.veto' || rule.id === 'wording.serious';
      const hit = score.indicators.find((i) => i.deductions.length > 0 || (veto && score.vetoed));
      if (!veto) expect(hit?.id, rule.id).toBe(rule.indicator);
      else expect(score.vetoed, rule.id).toBe(true);
    }
  });

  it('only counts violations', () => {
    const outcomes: Outcome[] = ['pass', 'incomplete', 'inapplicable', 'error'];
    expect(scoreUnit(outcomes.map((o) => f('disclosure.column.present', 'http://a/', o))).total).toBe(70);
  });

  it('takes the whole 15 points when the disclosure column is absent (all-or-nothing)', () => {
    const score = scoreUnit([f('disclosure.column.present')]);
    expect(indicator(score, 'disclosure-column').score).toBe(0);
    expect(score.total).toBe(55);
  });

  it('deducts 3 per missing part, and the indicator max caps the sum', () => {
    const parts = ['指南', '制度', '法定', '年报'].map((p) => f('disclosure.parts', 'http://a/xxgk/', 'violation', { part: p }));
    expect(indicator(scoreUnit(parts.slice(0, 2)), 'disclosure-column').score).toBe(9);
    const all = scoreUnit([...parts, f('disclosure.column.name')]);
    // 12 (capped parts) + 5 (name) = 17 > 15: the indicator cannot go below zero.
    expect(indicator(all, 'disclosure-column')).toMatchObject({ score: 0, max: 15 });
    expect(indicator(all, 'disclosure-column').deductions).toEqual([
      { ruleId: 'disclosure.column.name', count: 1, points: 5 },
      { ruleId: 'disclosure.parts', count: 4, points: 12 },
    ]);
  });

  it('caps a rule by its own cap', () => {
    const stale = Array.from({ length: 8 }, (_, i) => f('freshness.column', `http://a/c${i}/`));
    const score = indicator(scoreUnit(stale), 'updates');
    expect(score.deductions).toEqual([{ ruleId: 'freshness.column', count: 8, points: 10 }]);
    expect(score.score).toBe(5);
  });

  it('weighs broken home-page links more', () => {
    const links = [
      f('link.broken', 'http://a/', 'violation', { href: 'http://a/x', fromHome: true }),
      f('link.broken', 'http://a/p.html', 'violation', { href: 'http://a/y', fromHome: false }),
      f('link.broken', 'http://a/p.html', 'violation', { href: 'http://a/z' }),
    ];
    expect(indicator(scoreUnit(links), 'availability')).toMatchObject({ score: 4, deductions: [{ ruleId: 'link.broken', count: 3, points: 4 }] });
  });

  it('matches a11y.* as a wildcard, one deduction per distinct rule id, a11y.toolbar on its own', () => {
    const findings = [
      f('a11y.image-alt', 'http://a/1'),
      f('a11y.image-alt', 'http://a/2'),
      f('a11y.image-alt', 'http://a/2'),
      f('a11y.color-contrast', 'http://a/1'),
      f('a11y.toolbar'),
    ];
    const score = indicator(scoreUnit(findings), 'accessibility');
    expect(score.deductions).toEqual([
      { ruleId: 'a11y.toolbar', count: 1, points: 2 },
      { ruleId: 'a11y.color-contrast', count: 1, points: 1 },
      { ruleId: 'a11y.image-alt', count: 1, points: 1 },
    ]);
    expect(score.score).toBe(2);
    expect(score.ruleIds).toEqual(['a11y.toolbar', 'a11y.*']);
  });

  it('counts privacy findings per distinct page', () => {
    const findings = [
      f('privacy.id-number', 'http://a/list1.html'),
      f('privacy.id-number', 'http://a/list1.html'),
      f('privacy.mobile', 'http://a/list1.html'),
    ];
    // id-number on list1 once (3) + mobile on list1 once (3) = 6.
    expect(indicator(scoreUnit(findings), 'privacy-security').score).toBe(0);
    expect(indicator(scoreUnit(findings.slice(0, 2)), 'privacy-security').score).toBe(3);
  });

  it('flags a veto without changing the points', () => {
    const veto = { ...f('freshness.veto'), message: '超期未更新栏目 6 个，达到单项否决标准。' };
    const score = scoreUnit([veto]);
    expect(score.vetoed).toBe(true);
    expect(score.total).toBe(70);
    expect(score.vetoReasons).toHaveLength(1);
    expect(score.vetoReasons[0]).toContain('超期未更新栏目 6 个');
  });

  it('rounds to half points', () => {
    const articles = ['a', 'b', 'c'].map((p) => f('meta.article', `http://a/${p}.html`));
    // 0.5 per page, capped at 1.
    expect(indicator(scoreUnit(articles.slice(0, 1)), 'site-standards').score).toBe(4.5);
    expect(indicator(scoreUnit(articles), 'site-standards').score).toBe(4);
  });

  it('ignores rules no indicator draws on', () => {
    expect(scoreUnit([f('unknown.rule')]).total).toBe(70);
  });
});

describe('custom catalogues', () => {
  const custom: IndicatorCatalogue = IndicatorCatalogueSchema.parse({
    id: 'test',
    name: '测试指标',
    indicators: [
      { id: 'one', name: '一', max: 10, rules: [{ rule: 'x.*', points: 0.3, countBy: 'finding' }] },
      { id: 'two', name: '二', max: 5, rules: [{ rule: 'x.special', mode: 'once', points: 5 }] },
    ],
  });

  it('lets an exact id beat a wildcard across indicators and rounds to 0.5', () => {
    const score = scoreUnit([f('x.special'), f('x.a'), f('x.b'), f('x.c')], custom);
    expect(score.max).toBe(15);
    expect(score.indicators.map((i) => i.score)).toEqual([9, 0]); // 10 - 0.9 = 9.1 → 9
    expect(score.total).toBe(9);
  });

  it('rejects bad catalogues', () => {
    expect(() => IndicatorCatalogueSchema.parse({ id: 'a', name: 'b', indicators: [] })).toThrow();
    expect(() =>
      IndicatorCatalogueSchema.parse({
        id: 'a',
        name: 'b',
        indicators: [
          { id: 'i', name: 'n', max: 1, rules: [{ rule: 'r.x' }] },
          { id: 'i', name: 'n', max: 1, rules: [{ rule: 'r.y' }] },
        ],
      }),
    ).toThrow(/重复/);
    expect(() =>
      IndicatorCatalogueSchema.parse({ id: 'a', name: 'b', indicators: [{ id: 'i', name: 'n', max: 1, rules: [{ rule: 'r.x', countBy: 'site' }] }] }),
    ).toThrow();
  });
});

describe('ruleStakeText: what a rule puts at stake, for the extension', () => {
  it('says the indicator, its maximum and the deduction in zh-CN', async () => {
    const { ruleStakeText } = await import('../../rules/scoring.js');
    expect(ruleStakeText('a11y.image-alt')).toBe('无障碍与适老化（满分 6 分）：每项扣 1 分，最多扣 4 分');
    expect(ruleStakeText('disclosure.column.present')).toBe('政府信息公开专栏与四个部分（满分 15 分）：出现即扣 15 分');
    expect(ruleStakeText('freshness.veto')).toBe('栏目更新（满分 15 分）：单项否决项');
    expect(ruleStakeText('no.such-rule')).toBeNull();
  });
});
