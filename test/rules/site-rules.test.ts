/** Site rules on hand-built SiteModels: the edge cases that page sets make awkward to reach. */
import { describe, expect, it } from 'vitest';
import { runSiteRules, SITE_RULES } from '../../rules/engine.js';
import { linkBrokenRule } from '../../rules/site/link-broken.js';
import { freshnessColumnRule } from '../../rules/site/freshness-column.js';
import { freshnessHomepageRule } from '../../rules/site/freshness-homepage.js';
import { columnEmptyRule } from '../../rules/site/column-empty.js';
import { disclosurePartsRule } from '../../rules/site/disclosure-parts.js';
import { disclosureColumnPresentRule } from '../../rules/site/disclosure-column-present.js';
import { disclosureColumnNameRule } from '../../rules/site/disclosure-column-name.js';
import { homeRequired } from '../../rules/site/home-required.js';
import { daysBetween, latestCountedDate, limitInDays, newestDate } from '../../rules/site/calendar.js';
import { MESSAGES } from '../../rules/messages.zh-CN.js';
import type { SiteRule } from '../../rules/rule.js';
import type { Column, LinkCheck, PageSnapshot, SiteModel } from '../../rules/types.js';

const HOME = 'http://fgj.example.gov.cn/';

function snap(over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: HOME, title: '首页', lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null,
    columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false, ...over,
  };
}

function site(over: Partial<SiteModel> = {}): SiteModel {
  return {
    unit: { id: 'fgj', name: '区发展和改革局', type: 'department', url: HOME, scope: [] },
    evalDate: '2020-11-26', home: snap(), homeError: null, columns: [], disclosure: null, guideUrl: null,
    annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null, annualReports: [], attachments: [],
    probes: { https: null, ipv6: null }, page: () => null, ...over,
  };
}

function column(over: Partial<Column>): Column {
  return { url: `${HOME}c/`, name: '栏目', type: 'other', exempt: false, pages: [`${HOME}c/`], items: [], newest: null, entryCount: 0, ...over };
}

function check(over: Partial<LinkCheck>): LinkCheck {
  return { href: `${HOME}x.html`, fromUrl: HOME, text: '链接', kind: 'page', external: false, fromHome: true, status: 200, error: null, verdict: 'ok', ...over };
}

describe('calendar', () => {
  it('counts whole days and calendar months back from the evaluation date', () => {
    expect(daysBetween('2020-03-01', '2020-11-26')).toBe(270);
    expect(limitInDays({ days: 14 }, '2020-11-26')).toBe(14);
    expect(limitInDays({ months: 6 }, '2020-11-26')).toBe(184);
    expect(limitInDays({ months: 12 }, '2020-11-26')).toBe(366); // 2020 is a leap year
    // 6 months before 08-31 is the last day of February.
    expect(limitInDays({ months: 6 }, '2021-08-31')).toBe(daysBetween('2021-02-28', '2021-08-31'));
    expect(newestDate(['2020-01-02', 'bad', '2020-02-30', '2019-12-31'])).toBe('2020-01-02');
  });
});

describe('freshness.homepage', () => {
  it('is incomplete when the home page is missing, with the reason', () => {
    const [f] = freshnessHomepageRule.evaluate(site({ home: null, homeError: '首页无法访问：ECONNRESET' }));
    expect(f).toMatchObject({ outcome: 'incomplete', url: HOME });
    expect(f!.message).toContain('ECONNRESET');
  });

  it('passes at exactly 14 days and fails at 15', () => {
    const at = (date: string) =>
      freshnessHomepageRule.evaluate(site({ home: snap({ datedItems: [{ title: 't', href: '', date }] }) }))[0];
    expect(at('2020-11-12')).toMatchObject({ outcome: 'pass', data: { ageDays: 14 } });
    expect(at('2020-11-11')).toMatchObject({ outcome: 'violation', data: { newest: '2020-11-11', ageDays: 15, limitDays: 14 } });
  });
});

describe('freshness.column', () => {
  it('uses the limit of the column type and the actual month length', () => {
    const findings = freshnessColumnRule.evaluate(
      site({
        evalDate: '2020-11-26',
        columns: [
          column({ name: '人事任免', type: 'personnel', newest: '2019-11-27', entryCount: 3, items: [{ title: 't', href: '', date: '2019-11-27' }] }),
          column({ name: '规划计划', type: 'planning', newest: '2019-11-25', entryCount: 3, items: [{ title: 't', href: '', date: '2019-11-25' }] }),
          column({ name: '政策文件', type: 'policy', newest: '2020-05-26', entryCount: 1, items: [{ title: 't', href: '', date: '2020-05-26' }] }),
        ],
      }),
    );
    expect(findings.map((f) => [f.outcome, f.data['ageDays'], f.data['limitDays']])).toEqual([
      ['pass', 365, 366],
      ['violation', 367, 366],
      ['pass', 184, 184],
    ]);
    expect(findings[1]!.message).toBe('栏目“规划计划”最新信息发布于 2019-11-25，距评估日已 367 天，超过 1 年的更新要求。');
  });

  it('says nothing about an empty column (column.empty does) and is inapplicable without a limit', () => {
    const findings = freshnessColumnRule.evaluate(
      site({ columns: [column({ name: '动态', type: 'dynamic' }), column({ name: '领导之窗', type: 'other', entryCount: 2, newest: '2010-01-01' })] }),
    );
    expect(findings.map((f) => f.outcome)).toEqual(['inapplicable']);
  });
});

describe('column.empty', () => {
  it('reports a Hanweb datastore with zero records', () => {
    const [f] = columnEmptyRule.evaluate(site({ columns: [column({ name: '重点项目', emptyEvidence: { columnBy: 'hanweb', emptyMarker: 'datastore:0' } })] }));
    expect(f).toMatchObject({ outcome: 'violation', url: `${HOME}c/` });
    expect(f!.message).toContain('记录数为 0');
  });

  it('is incomplete without evidence (older stores lack it)', () => {
    expect(columnEmptyRule.evaluate(site({ columns: [column({})] }))[0]?.outcome).toBe('incomplete');
    expect(
      columnEmptyRule.evaluate(site({ columns: [column({ emptyEvidence: { columnBy: 'meta', emptyMarker: null } })] }))[0]?.outcome,
    ).toBe('incomplete');
  });
});

describe('disclosure rules without a home page', () => {
  it('are incomplete, never violations', () => {
    const s = site({ home: null, homeError: '首页返回 HTTP 403' });
    for (const rule of [disclosureColumnPresentRule, disclosurePartsRule]) {
      const [f] = rule.evaluate(s);
      expect(f).toMatchObject({ outcome: 'incomplete', data: { reason: '首页返回 HTTP 403' } });
    }
  });
});

describe('link.broken', () => {
  it('gives one finding per distinct href: broken → violation, doubt → incomplete', () => {
    const findings = linkBrokenRule.evaluate(
      site({
        linkChecks: [
          check({ href: `${HOME}gone.html`, text: '旧通知', status: 404, verdict: 'broken', fromUrl: `${HOME}list.html`, fromHome: false }),
          check({ href: `${HOME}gone.html`, text: '旧通知', status: 404, verdict: 'broken', fromUrl: HOME, fromHome: true }),
          check({ href: 'http://nohost.example.gov.cn/', text: '', status: null, error: 'ENOTFOUND', verdict: 'broken' }),
          check({ href: 'http://www.gov.cn/', text: '中国政府网', status: 403, verdict: 'doubt', external: true }),
          check({ href: `${HOME}ok.html`, verdict: 'ok' }),
          check({ href: `${HOME}skip.pdf`, verdict: 'skipped', status: null }),
        ],
      }),
    );
    expect(findings.map((f) => [f.outcome, f.url, f.data['href']])).toEqual([
      ['violation', HOME, `${HOME}gone.html`],
      ['violation', HOME, 'http://nohost.example.gov.cn/'],
      ['incomplete', HOME, 'http://www.gov.cn/'],
    ]);
    expect(findings[0]).toMatchObject({ data: { status: 404, fromHome: true } });
    expect(findings[0]!.message).toContain('旧通知');
    expect(findings[0]!.message).toContain('404');
    expect(findings[1]).toMatchObject({ data: { error: 'ENOTFOUND' } });
    expect(findings[1]!.data).not.toHaveProperty('status');
    expect(findings[2]!.message).toContain('需人工核查');
  });

  it('passes once when nothing is broken', () => {
    const findings = linkBrokenRule.evaluate(site({ linkChecks: [check({}), check({ href: `${HOME}b.html` })] }));
    expect(findings).toEqual([expect.objectContaining({ outcome: 'pass', data: { checked: 2 } })]);
  });
});

describe('runSiteRules', () => {
  it('runs every site rule and turns a throwing rule into an error finding', () => {
    const ids = new Set(runSiteRules(site()).map((f) => f.ruleId));
    expect([...ids].sort()).toEqual(SITE_RULES.map((r) => r.id).filter((id) => id !== 'freshness.column' && id !== 'column.empty').sort());
    const broken: SiteRule = { id: 'x.broken', evaluate: () => { throw new Error('坏了'); } };
    const findings = runSiteRules(site({ evalDate: '2020-13-45', home: snap({ datedItems: [{ title: 't', href: '', date: '2020-01-01' }] }) }), [broken, freshnessHomepageRule]);
    expect(findings.map((f) => [f.ruleId, f.outcome])).toEqual([
      ['x.broken', 'error'],
      ['freshness.homepage', 'error'],
    ]);
    expect(findings[0]!.message).toContain('坏了');
  });
});

describe('future dates do not make a page look fresh', () => {
  const dated = (dates: string[]) => dates.map((date, i) => ({ title: `t${i}`, href: '', date }));

  it('calendar: newestDate ignores dates after the cut-off', () => {
    expect(newestDate(['2030-01-01', '2020-11-27', '2020-10-01'], '2020-11-27')).toBe('2020-11-27');
    expect(newestDate(['2030-01-01'], '2020-11-27')).toBeNull();
    expect(latestCountedDate('2020-11-26')).toBe('2020-11-27');
    expect(latestCountedDate('2020-12-31')).toBe('2021-01-01');
  });

  it('freshness.homepage: a stale page with one item dated in the future is a violation', () => {
    const [f] = freshnessHomepageRule.evaluate(site({ home: snap({ datedItems: dated(['2026-01-01', '2020-10-01']) }) }));
    expect(f).toMatchObject({ outcome: 'violation', data: { newest: '2020-10-01', ageDays: 56, ignoredFutureDates: 1 } });
  });

  it('freshness.homepage: the evaluation date + 1 day still counts (time zones)', () => {
    const [f] = freshnessHomepageRule.evaluate(site({ home: snap({ datedItems: dated(['2020-11-27']) }) }));
    expect(f).toMatchObject({ outcome: 'pass', data: { newest: '2020-11-27', ageDays: -1 } });
  });

  it('freshness.homepage: only future dates is incomplete, with the reason', () => {
    const [f] = freshnessHomepageRule.evaluate(site({ home: snap({ datedItems: dated(['2026-01-01', '2021-03-01']) }) }));
    expect(f).toMatchObject({ outcome: 'incomplete', data: { futureDates: ['2026-01-01', '2021-03-01'] } });
    expect(f!.message).toBe(MESSAGES.homeOnlyFutureDates('2026-01-01', '2020-11-26'));
  });

  it('freshness.column: future items are ignored; only future items is incomplete', () => {
    const findings = freshnessColumnRule.evaluate(
      site({
        columns: [
          column({ url: `${HOME}a/`, name: '工作动态', type: 'dynamic', newest: '2030-01-01', entryCount: 2, items: dated(['2030-01-01', '2020-06-01']) }),
          column({ url: `${HOME}b/`, name: '通知公告', type: 'notice', newest: '2030-01-01', entryCount: 1, items: dated(['2030-01-01']) }),
        ],
      }),
    );
    expect(findings.map((f) => [f.outcome, f.url, f.data['newest'] ?? null])).toEqual([
      ['violation', `${HOME}a/`, '2020-06-01'],
      ['incomplete', `${HOME}b/`, null],
    ]);
    expect(findings[1]!.message).toBe(MESSAGES.columnOnlyFutureDates('通知公告', '2030-01-01', '2020-11-26'));
  });
});

describe('disclosure.parts: a part shown without a followable link', () => {
  it('is incomplete (needs review), not a violation', () => {
    const columnUrl = `${HOME}xxgk/`;
    const findings = disclosurePartsRule.evaluate(
      site({
        disclosure: {
          url: columnUrl, name: '政府信息公开', exactName: true, foundOn: HOME,
          parts: [
            { standard: '政府信息公开指南', found: false, unlinkedLabel: '政府信息公开指南' },
            { standard: '政府信息公开制度', found: false },
            { standard: '法定主动公开内容', found: true, label: '法定主动公开内容' },
            { standard: '政府信息公开年报', found: true, label: '政府信息公开年报', url: `${columnUrl}nb/` },
          ],
        },
      }),
    );
    expect(findings.map((f) => [f.outcome, f.data['part']])).toEqual([
      ['incomplete', '政府信息公开指南'],
      ['violation', '政府信息公开制度'],
      ['pass', '法定主动公开内容'],
      ['pass', '政府信息公开年报'],
    ]);
    expect(findings[0]).toMatchObject({ url: columnUrl, data: { label: '政府信息公开指南' } });
    expect(findings[0]!.message).toBe(MESSAGES.partUnlinked('政府信息公开指南', '政府信息公开指南'));
    expect(findings[0]!.message).toContain('需人工核查');
  });
});

describe('rules that need the home page share one opening', () => {
  it('every such rule is incomplete without a home page, with the reason, never a violation', () => {
    const s = site({ home: null, homeError: '首页返回 HTTP 403' });
    for (const rule of [disclosureColumnPresentRule, disclosureColumnNameRule, disclosurePartsRule, freshnessHomepageRule]) {
      expect(rule.evaluate(s), rule.id).toEqual([
        { ruleId: rule.id, outcome: 'incomplete', url: HOME, message: MESSAGES.homeMissing('首页返回 HTTP 403'), data: { reason: '首页返回 HTTP 403' } },
      ]);
    }
  });

  it('homeRequired: falls back to the catalogue text when the model gives no reason, and passes the home page on', () => {
    const rule = homeRequired('x.test', (_site, home) => [{ ruleId: 'x.test', outcome: 'pass', url: home.url, message: '好。', data: {} }]);
    expect(rule(site({ home: null, homeError: null }))[0]).toMatchObject({ outcome: 'incomplete', data: { reason: MESSAGES.homeNotCrawled() } });
    expect(rule(site())[0]).toMatchObject({ outcome: 'pass', url: HOME });
  });

  it('link.broken: fallback texts come from the catalogue', () => {
    const [f, g] = linkBrokenRule.evaluate(
      site({ linkChecks: [check({ href: `${HOME}x1`, status: null, error: null, verdict: 'broken' }), check({ href: `${HOME}x2`, status: null, error: null, verdict: 'doubt' })] }),
    );
    expect(f).toMatchObject({ outcome: 'violation', data: { error: MESSAGES.linkUnreachable() } });
    expect(g!.message).toBe(MESSAGES.linkDoubt('链接', `${HOME}x2`, MESSAGES.unknownReason()));
  });
});
