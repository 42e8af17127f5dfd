/**
 * The dashboard's pure parts: token comparison, form parsing, route matching, filters, the manual
 * form, the forecast horizon and the server-side charts (inert SVG with the data drawn).
 */
import { describe, expect, it } from 'vitest';
import { bearerToken, generateToken, tokenMatches } from '../../reports/dashboard/action-token.js';
import { scoreBarChart, scoreTrendChart } from '../../reports/dashboard/charts.js';
import { forecastUntil, matchDashboardRoute } from '../../reports/dashboard/dashboard-routes.js';
import { findingMatches, indicatorOf, parseFindingFilter, renderFilterForm } from '../../reports/dashboard/finding-filter.js';
import { parseFormFields } from '../../reports/dashboard/form-body.js';
import { parseManualForm } from '../../reports/dashboard/manual-action.js';
import { renderFindingCard } from '../../reports/dashboard/finding-card.js';
import { tokenFrom } from '../../cli/commands/serve.js';
import type { RunView } from '../../reports/api/run-view.js';

describe('action token', () => {
  it('accepts only the exact token, whatever the length of the guess', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
    // An empty configured token never matches anything (not even an empty guess).
    expect(tokenMatches('', '')).toBe(false);
  });

  it('reads a Bearer header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   xyz ')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('takes --token before GONGKAI_TOKEN and refuses a short one', () => {
    expect(tokenFrom('flag-token-1234', { GONGKAI_TOKEN: 'env-token-123456' })).toEqual({ token: 'flag-token-1234', source: 'flag' });
    expect(tokenFrom(undefined, { GONGKAI_TOKEN: 'env-token-123456' })).toEqual({ token: 'env-token-123456', source: 'env' });
    expect(tokenFrom(undefined, {})).toBeNull();
    expect(() => tokenFrom('short', {})).toThrow(/至少需要 12 个字符/);
    expect(() => tokenFrom('has a space in it', {})).toThrow(/至少需要 12 个字符/);
  });
});

describe('form bodies and routes', () => {
  it('parses urlencoded fields strictly, the first occurrence winning', () => {
    expect(parseFormFields('a=1&b=%E4%B8%AD+%E6%96%87&a=2&c')).toEqual(new Map([['a', '1'], ['b', '中 文'], ['c', '']]));
    expect(parseFormFields('a=%E4%B8')).toBeNull();
    expect(parseFormFields('a=%00')).toBeNull();
  });

  it('matches dashboard routes and nothing that climbs out of them', () => {
    expect(matchDashboardRoute('/')).toEqual({ page: 'ranking', method: 'GET' });
    expect(matchDashboardRoute('/units/fgj')).toEqual({ page: 'unit', method: 'GET', unitId: 'fgj' });
    expect(matchDashboardRoute('/units/fgj/mark')).toEqual({ page: 'mark', method: 'POST', unitId: 'fgj' });
    expect(matchDashboardRoute('/units/fgj/manual')).toEqual({ page: 'manual', method: 'POST', unitId: 'fgj' });
    expect(matchDashboardRoute('/crawl')).toEqual({ page: 'crawl', method: 'POST' });
    for (const path of ['/units/../../etc/passwd', '/units/', '/units/a/b', '/units/fgj/other', '/../', '/etc/passwd', '/runs/1']) {
      expect(matchDashboardRoute(path), path).toBeNull();
    }
  });

  it('uses the config\'s next evaluation as the forecast horizon, else 30 days on', () => {
    const view = (config: Record<string, unknown>) => ({ run: { evalDate: '2020-11-26', config } }) as unknown as RunView;
    expect(forecastUntil(view({ nextEvaluation: '2021-01-15' }))).toBe('2021-01-15');
    expect(forecastUntil(view({}))).toBe('2020-12-26');
    // A next evaluation before this one is stale config: ignored.
    expect(forecastUntil(view({ nextEvaluation: '2020-01-01' }))).toBe('2020-12-26');
  });
});

describe('finding filters', () => {
  const indicators = [
    { id: 'a11y', ruleIds: ['a11y.*'] },
    { id: 'img', ruleIds: ['a11y.image-alt'] },
    { id: 'links', ruleIds: ['link.broken'] },
  ];

  it('maps a rule to its indicator like the scoring does (exact id beats a wildcard)', () => {
    expect(indicatorOf('a11y.image-alt', indicators)).toBe('img');
    expect(indicatorOf('a11y.color-contrast', indicators)).toBe('a11y');
    expect(indicatorOf('privacy.id-number', indicators)).toBeNull();
  });

  it('filters by outcome (default: what needs attention), rule and indicator', () => {
    const f = parseFindingFilter(new Map());
    expect(f).toEqual({ unit: null, indicator: null, rule: null, outcome: 'attention' });
    expect(findingMatches({ ruleId: 'link.broken', outcome: 'violation' }, f, indicators)).toBe(true);
    expect(findingMatches({ ruleId: 'link.broken', outcome: 'pass' }, f, indicators)).toBe(false);
    const all = parseFindingFilter(new Map([['outcome', 'all'], ['indicator', 'a11y']]));
    expect(findingMatches({ ruleId: 'a11y.color-contrast', outcome: 'pass' }, all, indicators)).toBe(true);
    expect(findingMatches({ ruleId: 'a11y.image-alt', outcome: 'pass' }, all, indicators)).toBe(false);
    const rule = parseFindingFilter(new Map([['rule', 'link.broken'], ['outcome', 'bogus']]));
    expect(rule.outcome).toBe('attention');
    expect(findingMatches({ ruleId: 'link.broken', outcome: 'incomplete' }, rule, indicators)).toBe(true);
    expect(findingMatches({ ruleId: 'a11y.image-alt', outcome: 'violation' }, rule, indicators)).toBe(false);
  });

  it('renders the form with the current choice selected and every value escaped', () => {
    const html = renderFilterForm('/findings', parseFindingFilter(new Map([['rule', 'x"><script>']])), {
      units: [{ id: 'u1', name: '<b>单位</b>' }],
      indicators: [],
      rules: [{ id: 'x"><script>', title: '<i>t</i>' }],
    });
    expect(html).toContain('method="get"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('value="x&quot;&gt;&lt;script&gt;" selected');
  });
});

describe('manual form', () => {
  const form = (entries: [string, string][]) => new Map(entries);

  it('turns the posted fields into an entry', () => {
    const r = parseManualForm(form([
      ['by', '张三'], ['daily.policy-interpretation', '4.5'], ['daily.policy-interpretation.note', '有图解'], ['daily.open-day', ''],
      ['deduction.notice-city', '1'], ['deduction.notice-city.note', '市通报〔2020〕3 号'], ['deduction.other.points', '2'], ['deduction.other.note', '其他'],
    ]));
    expect(r).toEqual({
      ok: true,
      entry: {
        daily: [{ id: 'policy-interpretation', points: 4.5, note: '有图解' }],
        deductions: [{ id: 'notice-city', points: 10, note: '市通报〔2020〕3 号' }, { id: 'other', points: 2, note: '其他' }],
        enteredBy: '张三',
      },
    });
  });

  it('refuses points out of range, non-numbers, a missing name and an unexplained other deduction', () => {
    const bad = [
      form([['by', '张三'], ['daily.policy-interpretation', '6']]),
      form([['by', '张三'], ['daily.policy-interpretation', '4.3']]),
      form([['by', '张三'], ['daily.policy-interpretation', 'abc']]),
      form([['daily.policy-interpretation', '3']]),
      form([['by', '张三'], ['deduction.other.points', '3']]),
    ];
    for (const fields of bad) {
      const r = parseManualForm(fields);
      expect(r.ok, JSON.stringify([...fields])).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/表单填写有误/);
    }
  });
});

describe('charts and finding cards', () => {
  it('draws the scores as inert SVG with one bar per unit and escaped labels', () => {
    const svg = scoreBarChart(
      [
        { label: '<script>alert(1)</script>', value: 60, vetoed: false },
        { label: '宝山镇', value: 51, vetoed: true },
      ],
      70,
      '得分',
    );
    expect(svg).not.toBeNull();
    expect(svg!.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script');
    // One bar element per unit (ECharts marks series data with ecmeta attributes).
    expect(svg!.match(/ecmeta_series_index="0"/g)?.length).toBe(2);
    expect(svg).toContain('#b3261e');
    expect(scoreBarChart([], 70, '得分')).toBeNull();
  });

  it('draws a trend line with a gap for a run that could not be assessed', () => {
    const svg = scoreTrendChart([{ label: '#1', value: 60 }, { label: '#2', value: null }, { label: '#3', value: 65 }], 70, '得分');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('>60<');
    expect(svg).toContain('>65<');
  });

  it('shows a finding\'s crawled strings as text and only http(s) URLs as links', () => {
    const html = renderFindingCard(
      { ruleId: 'link.broken', outcome: 'violation', url: 'javascript:alert(1)', message: '<img src=x onerror=alert(1)>', data: {}, target: { selector: 'a', snippet: '<a href="#">x</a>' }, key: 'link.broken:abc' },
      { screenshot: 'data:text/html;base64,PHNjcmlwdD4=', mark: null },
    );
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('href="javascript:');
    // Only PNG data URIs from the store become images.
    expect(html).not.toContain('data:text/html');
    const linked = renderFindingCard({ ruleId: 'link.broken', outcome: 'violation', url: 'http://a.gov.cn/x', message: 'm', data: {} }, { screenshot: null, mark: null });
    expect(linked).toContain('href="http://a.gov.cn/x" rel="noopener noreferrer"');
  });
});
