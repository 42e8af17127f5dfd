/**
 * The norms area: meta.site, meta.article, site.identity, site.https, site.ipv6. Fixtures under
 * test/fixtures/rules/<rule-id>/ (page fixtures with expected.json; site cases with site.json, also run
 * by site-fixtures.test.ts), hand-built site models for the edges, and the real government pages of
 * ../shared/external/gov-pages (next to the repository).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot, DEFAULT_MAX_TEXT } from '../../rules/extract/snapshot.js';
import { buildSiteModel, type CrawledPage } from '../../crawler/site-model.js';
import { PAGE_RULES, SITE_RULES } from '../../rules/engine.js';
import { NORMS_PAGE_RULES, NORMS_SITE_RULES } from '../../rules/areas/norms.js';
import { metaArticleRule } from '../../rules/norms/meta-article.js';
import { metaSiteRule } from '../../rules/norms/meta-site.js';
import { siteIdentityRule } from '../../rules/norms/site-identity.js';
import { siteHttpsRule, siteIpv6Rule } from '../../rules/norms/probe-rule.js';
import { isValidSiteIdCode } from '../../rules/norms/site-id-code.js';
import { isArticleShapedUrl, isIndexLikeUrl } from '../../rules/norms/article-url.js';
import { foundIdentityMarks, hasFooterText } from '../../rules/norms/identity-marks.js';
import { ruleMeta } from '../../rules/catalogue.js';
import type { PageContext, PageSnapshot, ProbeOutcome, SiteModel, UnitProbes } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const GOV_PAGES = externalPath('gov-pages', 'html') ?? '';
const EVAL_DATE = '2020-11-26';
const HOME = 'http://fgj.example.gov.cn/';

function contextFor(html: string, url: string, evalDate = EVAL_DATE): PageContext {
  const dom = cheerioDomView(html, url);
  return { url, snapshot: extractSnapshot(dom, url, { refDate: evalDate }), dom, evalDate };
}

function snap(over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: HOME, title: '首页', lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null,
    columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false, ...over,
  };
}

function site(over: Partial<SiteModel> = {}): SiteModel {
  return {
    unit: { id: 'fgj', name: '区发展和改革局', type: 'department', url: HOME, scope: [] },
    evalDate: EVAL_DATE, home: snap(), homeError: null, columns: [], disclosure: null, guideUrl: null,
    annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null, annualReports: [], attachments: [],
    probes: { https: null, ipv6: null }, page: () => null, ...over,
  };
}

/** A real saved page as if it were the unit's home page (the footer and head are the same site-wide). */
function realHomeSite(file: string, url: string): SiteModel {
  const html = readFileSync(join(GOV_PAGES, file), 'utf8');
  const dom = cheerioDomView(html, url);
  const page: CrawledPage = { url, finalUrl: url, status: 200, error: null, depth: 0, snapshot: extractSnapshot(dom, url, { refDate: '2024-06-01' }) };
  return buildSiteModel({ unit: { id: 'u', name: '单位', type: 'department', url, scope: [] }, evalDate: '2024-06-01', homeUrl: url, pages: [page], linkChecks: [] });
}

describe('norms area registration', () => {
  it('registers the five rules with the engine, each with catalogue metadata', () => {
    expect(NORMS_PAGE_RULES.map((r) => r.id)).toEqual(['meta.article']);
    expect(NORMS_SITE_RULES.map((r) => r.id)).toEqual(['meta.site', 'site.identity', 'site.https', 'site.ipv6']);
    for (const rule of [...NORMS_PAGE_RULES, ...NORMS_SITE_RULES]) {
      expect([...PAGE_RULES, ...SITE_RULES]).toContain(rule);
      expect(ruleMeta(rule.id), rule.id).toBeDefined();
    }
  });
});

describe('meta.article fixtures', () => {
  interface Expected { url: string; violations: number; data?: Record<string, unknown> }
  const dir = join(FIXTURES, 'meta.article');
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const files = readdirSync(dir).filter((f) => f.endsWith('.html'));

  it('has an expectation for every fixture and both pass and fail cases', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files.filter((f) => f.startsWith('pass-')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.startsWith('fail-')).length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    it(file, () => {
      const want = expected[file]!;
      const ctx = contextFor(readFileSync(join(dir, file), 'utf8'), want.url);
      const findings = metaArticleRule.evaluate(ctx);
      expect(findings).toHaveLength(want.violations);
      for (const f of findings) {
        expect(f).toMatchObject({ ruleId: 'meta.article', outcome: 'violation', url: want.url });
        expect(f.target?.snippet).toMatch(/^<head/);
        expect(f.message).toMatch(/^文章页.*。$/);
        if (want.data) expect(f.data).toEqual(want.data);
      }
    });
  }

  it('does not fire on the list page even though it is at an article-looking path with a date', () => {
    const dir2 = join(FIXTURES, 'meta.article');
    const ctx = contextFor(readFileSync(join(dir2, 'pass-list-page.html'), 'utf8'), 'http://fgj.example.gov.cn/xwzx/gzdt/list.html');
    expect(ctx.snapshot.isListPage).toBe(true);
    expect(metaArticleRule.evaluate(ctx)).toEqual([]);
  });
});

describe('article and index URL shapes', () => {
  it('recognises the CMS article paths of requirements §9 and real sites', () => {
    for (const url of [
      'http://www.example.gov.cn/xwzx/202011/t20201120_123456.html',
      'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzn/202311/t20231104_51587.htm',
      'http://www.example.gov.cn/art/2020/11/3/art_1234_56789.html',
      'http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html',
      'http://www.wanzai.gov.cn/wzxrmzf/tjsja/202305/7215380191c5400397df5d7d0b5fd06b.shtml',
      'http://www.example.edu.cn/info/1021/5678.htm',
    ]) expect(isArticleShapedUrl(url), url).toBe(true);
    for (const url of ['http://www.example.gov.cn/', 'http://www.example.gov.cn/col/col1234/index.html', 'http://www.example.gov.cn/news/list.html'])
      expect(isArticleShapedUrl(url), url).toBe(false);
  });

  it('treats site and column index pages as never being articles', () => {
    expect(isIndexLikeUrl('http://www.example.gov.cn/')).toBe(true);
    expect(isIndexLikeUrl('http://www.example.gov.cn/zwgk/')).toBe(true);
    expect(isIndexLikeUrl('http://www.example.gov.cn/col/col1234/index.html')).toBe(true);
    expect(isIndexLikeUrl('http://www.example.gov.cn/xwzx/index_2.shtml')).toBe(true);
    expect(isIndexLikeUrl('http://www.example.gov.cn/xwzx/202011/t20201120_1.html')).toBe(false);
  });
});

describe.skipIf(SKIP_GOV)('meta.article on real government pages', () => {
  const complete = ['handan_zfxxgk_article_detail.html', 'shanxi_gov_article.html', 'wanzai_2022_tjgb_article.html', 'yichun_2022_tjgb_article.html',
    'yichun_jiangxi2022_tjgb_article.html', 'zjfgw_article.html'];
  it.each(complete)('%s carries ArticleTitle, PubDate and ContentSource: no finding', (file) => {
    const ctx = contextFor(readFileSync(join(GOV_PAGES, file), 'utf8'), `http://www.example.gov.cn/a/202011/t20201120_1.html`, '2024-06-01');
    expect(ctx.snapshot.isArticle).toBe(true);
    expect(metaArticleRule.evaluate(ctx)).toEqual([]);
  });

  it.each(['cmse_article.html', 'govcn_gwygb_2007_23_article.html'])('%s has no article metadata at all: one violation', (file) => {
    const ctx = contextFor(readFileSync(join(GOV_PAGES, file), 'utf8'), 'http://www.example.gov.cn/a/202011/t20201120_1.html', '2024-06-01');
    const findings = metaArticleRule.evaluate(ctx);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.data).toEqual({ missing: ['ArticleTitle', 'PubDate', 'ContentSource'] });
  });

  it.skipIf(SKIP_GOV)('reports the empty ContentSource of the 2015 Wanzai bulletin', () => {
    const ctx = contextFor(readFileSync(join(GOV_PAGES, 'wanzai_2015_tjgb_article.html'), 'utf8'),
      'http://www.wanzai.gov.cn/wzxrmzf/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml', '2024-06-01');
    const findings = metaArticleRule.evaluate(ctx);
    expect(findings.map((f) => f.data)).toEqual([{ missing: ['ContentSource'], empty: ['ContentSource'] }]);
    expect(findings[0]!.message).toContain('为空');
  });

  it.each([
    ['handan_zfxxgk_platform_home.html', 'http://hdzfxxgk.hd.gov.cn/'],
    ['handan_zfxxgk_list_with_dates.html', 'http://hdzfxxgk.hd.gov.cn/list.html'],
    ['handan_zfxxgk_zhinan_column.html', 'http://hdzfxxgk.hd.gov.cn/zfxxgkzn/'],
    ['pingtan_zfxxgknb_list_page.html', 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/'],
  ])('%s is not an article: no finding', (file, url) => {
    const ctx = contextFor(readFileSync(join(GOV_PAGES, file), 'utf8'), url, '2024-06-01');
    expect(metaArticleRule.evaluate(ctx)).toEqual([]);
  });
});

describe('site fixtures of the norms rules', () => {
  // site-fixtures.test.ts runs these too; here the probes each case declares reach the model as well.
  const rules = ['meta.site', 'site.identity', 'site.https', 'site.ipv6'];
  for (const ruleId of rules) {
    const ruleDir = join(FIXTURES, ruleId);
    const cases = readdirSync(ruleDir).filter((c) => existsSync(join(ruleDir, c, 'site.json')));
    it(`${ruleId} has pass, violation and incomplete cases`, () => {
      const outcomes = new Set(cases.flatMap((c) => {
        const spec = JSON.parse(readFileSync(join(ruleDir, c, 'site.json'), 'utf8')) as { expect: Record<string, { outcome: string }[]> };
        return (spec.expect[ruleId] ?? []).map((f) => f.outcome);
      }));
      expect([...outcomes]).toEqual(expect.arrayContaining(['pass', 'violation', 'incomplete']));
    });
    for (const c of cases) {
      it(`${ruleId}/${c}`, () => {
        const dir = join(ruleDir, c);
        const spec = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as {
          homeUrl: string; evalDate: string; pages: Record<string, string>; probes?: UnitProbes; expect: Record<string, object[]>;
        };
        const pages: CrawledPage[] = Object.entries(spec.pages).map(([url, file], i) => {
          const dom = cheerioDomView(readFileSync(join(dir, file), 'utf8'), url);
          return { url, finalUrl: url, status: 200, error: null, depth: i === 0 ? 0 : 1, snapshot: extractSnapshot(dom, url, { refDate: spec.evalDate }) };
        });
        const model = buildSiteModel({
          unit: { id: 'u', name: '测试单位', type: 'department', url: spec.homeUrl, scope: [] },
          evalDate: spec.evalDate, homeUrl: spec.homeUrl, pages, linkChecks: [], ...(spec.probes ? { probes: spec.probes } : {}),
        });
        const rule = SITE_RULES.find((r) => r.id === ruleId)!;
        const findings = rule.evaluate(model);
        expect(findings).toHaveLength(spec.expect[ruleId]!.length);
        expect(findings).toMatchObject(spec.expect[ruleId]!);
        for (const f of findings) expect(f.message).toMatch(/[\u4e00-\u9fff].*。$/);
      });
    }
  }
});

describe('meta.site', () => {
  it('accepts 10 digits or bm + 8 digits as SiteIDCode, nothing else', () => {
    for (const ok of ['3702110001', 'bm01000001', 'BM01000001', ' 3609220011 ']) expect(isValidSiteIdCode(ok), ok).toBe(true);
    for (const bad of ['370211000', '37021100011', 'bm0100000', 'bm010000001', '37021l0001', 'ab01000001', '']) expect(isValidSiteIdCode(bad), bad).toBe(false);
  });

  it('reports missing names and a malformed code in one violation', () => {
    const [f] = metaSiteRule.evaluate(site({ home: snap({ meta: { sitename: '某局', siteidcode: 'abc' } }) }));
    expect(f).toMatchObject({ outcome: 'violation', data: { missing: ['SiteDomain'], value: 'abc' } });
    expect(f!.message).toContain('SiteDomain');
    expect(f!.message).toContain('abc');
  });

  it('counts a whitespace-only meta as missing', () => {
    const [f] = metaSiteRule.evaluate(site({ home: snap({ meta: { sitename: '  ', sitedomain: 'x.gov.cn', siteidcode: '3702110001' } }) }));
    expect(f).toMatchObject({ outcome: 'violation', data: { missing: ['SiteName'] } });
  });

  it.skipIf(SKIP_GOV).each([
    ['handan_zfxxgk_platform_home.html', 'pass', undefined],
    ['pingtan_zfxxgknb_list_page.html', 'pass', undefined],
    ['shanxi_gov_article.html', 'pass', undefined],
    ['zjfgw_article.html', 'violation', ['SiteIDCode']],
    ['cmse_article.html', 'violation', ['SiteName', 'SiteDomain', 'SiteIDCode']],
    ['govcn_gwygb_2007_23_article.html', 'violation', ['SiteName', 'SiteDomain', 'SiteIDCode']],
  ])('real page %s → %s', (file, outcome, missing) => {
    const findings = metaSiteRule.evaluate(realHomeSite(file, 'http://www.example.gov.cn/'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.outcome).toBe(outcome);
    if (missing) expect(findings[0]!.data['missing']).toEqual(missing);
  });
});

describe('site.identity', () => {
  it('reads the footer marks as real sites write them', () => {
    const marks = (text: string) => [...foundIdentityMarks(text, [], null)].sort();
    expect(marks('网站标识码bm01000001　京ICP备05070218号　京公网安备11010202000001号')).toEqual(['ICP备案号', '公安机关备案号', '网站标识码'].sort());
    expect(marks('ICP备案号：浙ICP备05018911号')).toEqual(['ICP备案号']);
    expect(marks('冀公网安备 13042002000523号')).toEqual(['公安机关备案号']);
    expect(marks('公安机关备案号：鲁公网安备 37021102000123号')).toEqual(['公安机关备案号']);
    // Labels without numbers are not the numbers.
    expect(marks('ICP备案号：　公安备案号：')).toEqual([]);
    // A bare 10-digit number is a 网站标识码 only when it is the site's own SiteIDCode.
    expect([...foundIdentityMarks('主办：某局 3702110001', [], '3702110001')]).toEqual(['网站标识码']);
    expect([...foundIdentityMarks('电话：0532869810 3702110001', [], null)]).toEqual([]);
  });

  it('reads full-width marks and wants the 网站标识码 value, not only its label', () => {
    const marks = (text: string) => [...foundIdentityMarks(text, [], null)].sort();
    expect(marks('网站标识码：３７０２１１００１３　鲁ＩＣＰ备０５００２３８６号－１　鲁公网安备 ３７０２１１０２０００１２３号'))
      .toEqual(['ICP备案号', '公安机关备案号', '网站标识码'].sort());
    expect(marks('网站标识码：　鲁ICP备05002386号')).toEqual(['ICP备案号']);
    expect(marks('网站标识码：370211001 鲁ICP备05002386号')).toEqual(['ICP备案号']);
    expect(marks('政府网站标识码bm01000001')).toEqual(['网站标识码']);
    // Unusual but visible numbers: a B2 licence-style ICP number, police digits spaced in groups.
    expect(marks('ICP备案：鲁ICP备B2-2005-0238号 鲁公网安备 3702 1102 0001 23号')).toEqual(['ICP备案号', '公安机关备案号'].sort());
    expect(marks('网站标识码： ICP备案号： 公安备案号：')).toEqual([]);
    // The footer shows the SiteIDCode in full-width digits without its label.
    expect([...foundIdentityMarks('主办：某局 ３７０２１１０００１', [], '3702110001')]).toEqual(['网站标识码']);
  });

  it('looks for footer words at the end of the text, and not for the navigation words 网站地图 / 联系我们', () => {
    const body = '工作动态 '.repeat(400);
    expect(hasFooterText(`首页 网站地图 联系我们 ${body}`)).toBe(false);
    expect(hasFooterText(`版权所有 说明在页首 ${body}`)).toBe(false);
    expect(hasFooterText(`首页 ${body} 版权所有：某局`)).toBe(true);
    expect(hasFooterText(`首页 ${body} Ｃｏｐｙｒｉｇｈｔ 某局`)).toBe(true);
    expect(hasFooterText('首页 网站地图 联系我们 主办单位：某局')).toBe(true);
  });

  it('says incomplete, not violation, when the stored home text was cut at the cap', () => {
    const text = `${'新闻'.repeat(DEFAULT_MAX_TEXT / 2)}`;
    const [f] = siteIdentityRule.evaluate(site({ home: snap({ text: text.slice(0, DEFAULT_MAX_TEXT) }) }));
    expect(f).toMatchObject({ outcome: 'incomplete', data: { missing: ['网站标识码', 'ICP备案号', '公安机关备案号'] } });
    expect(f!.message).toContain('需人工核查');
  });

  it('does not make the missing 党政机关网站标识 a violation', () => {
    const text = '版权所有：某局 网站标识码：3702110001 鲁ICP备05002418号 鲁公网安备 37021102000123号';
    const [f] = siteIdentityRule.evaluate(site({ home: snap({ text }) }));
    expect(f).toMatchObject({ outcome: 'pass', data: { missing: [], conac: false } });
    expect(f!.message).toContain('党政机关网站标识');
  });

  it.skipIf(SKIP_GOV).each([
    ['handan_zfxxgk_platform_home.html', 'pass', []],
    ['pingtan_zfxxgknb_list_page.html', 'pass', []],
    ['govcn_gwygb_2007_23_article.html', 'pass', []],
    ['shanxi_gov_article.html', 'pass', []],
    ['wanzai_2022_tjgb_article.html', 'pass', []],
    ['yichun_2022_tjgb_article.html', 'pass', []],
    ['zjfgw_article.html', 'pass', []],
    // Real footers that lack marks: cmse shows only 京ICP备20027467号-1, kepu has no 公网安备.
    ['cmse_article.html', 'violation', ['网站标识码', '公安机关备案号']],
    ['kepu_article.html', 'violation', ['公安机关备案号']],
  ])('real page %s → %s', (file, outcome, missing) => {
    const findings = siteIdentityRule.evaluate(realHomeSite(file, 'http://www.example.gov.cn/'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.outcome).toBe(outcome);
    expect(findings[0]!.data['missing']).toEqual(missing);
  });
});

describe('site.https and site.ipv6', () => {
  const cases: [ProbeOutcome, string][] = [['yes', 'pass'], ['no', 'violation'], ['unknown', 'incomplete'], ['inapplicable', 'inapplicable']];
  for (const [rule, key] of [[siteHttpsRule, 'https'], [siteIpv6Rule, 'ipv6']] as const) {
    it.each(cases)(`${rule.id}: probe %s → %s, with the probe detail in the message`, (probe, outcome) => {
      const detail = `检测说明-${probe}`;
      const probes: UnitProbes = { https: null, ipv6: null, [key]: { outcome: probe, detail } };
      const findings = rule.evaluate(site({ probes }));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: rule.id, outcome, url: HOME, data: { probe, detail } });
      expect(findings[0]!.message).toContain(detail);
    });

    it(`${rule.id}: not probed → incomplete, also without a home page`, () => {
      for (const model of [site(), site({ home: null, homeError: '首页无法访问' })]) {
        const [f] = rule.evaluate(model);
        expect(f).toMatchObject({ outcome: 'incomplete', url: HOME, data: { probe: null } });
        expect(f!.message).toMatch(/需人工核查。$/);
      }
    });
  }
});
