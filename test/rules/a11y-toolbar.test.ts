/**
 * a11y.toolbar: the fixture cases (test/fixtures/rules/a11y.toolbar/<case>/site.json, real HTML
 * through cheerioDomView + extractSnapshot + buildSiteModel) and the real government pages in
 * ../shared/external/gov-pages, each taken as if it were a home page.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { buildSiteModel } from '../../crawler/site-model.js';
import type { CrawledPage } from '../../crawler/site-model.js';
import { a11yToolbarRule } from '../../rules/a11y/toolbar.js';
import { A11Y_SITE_RULES } from '../../rules/areas/a11y.js';
import type { Finding, SiteModel } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/a11y.toolbar/', import.meta.url));
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const GOV_PAGES = externalPath('gov-pages', 'html') ?? '';
const EVAL_DATE = '2020-11-26';

interface ToolbarCase {
  homeUrl: string;
  evalDate: string;
  pages: Record<string, string>;
  expect: Record<string, Partial<Finding>[]>;
}

function siteOf(homeUrl: string, pages: { url: string; html: string }[], evalDate = EVAL_DATE): SiteModel {
  const crawled: CrawledPage[] = pages.map(({ url, html }, i) => ({
    url,
    finalUrl: url,
    status: 200,
    error: null,
    depth: i === 0 ? 0 : 1,
    snapshot: extractSnapshot(cheerioDomView(html, url), url, { refDate: evalDate }),
  }));
  return buildSiteModel({
    unit: { id: 'u', name: '测试单位', type: 'department', url: homeUrl, scope: [] },
    evalDate,
    homeUrl,
    pages: crawled,
    linkChecks: [],
  });
}

const caseDirs = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'site.json')));

describe('a11y.toolbar fixtures', () => {
  it('is registered in the a11y area and has pass, violation and incomplete cases', () => {
    expect(A11Y_SITE_RULES).toContain(a11yToolbarRule);
    const outcomes = new Set(
      caseDirs.flatMap((d) => (JSON.parse(readFileSync(join(FIXTURES, d, 'site.json'), 'utf8')) as ToolbarCase).expect['a11y.toolbar']!.map((f) => f.outcome)),
    );
    expect([...outcomes].sort()).toEqual(['incomplete', 'pass', 'violation']);
  });

  for (const dir of caseDirs) {
    it(dir, () => {
      const spec = JSON.parse(readFileSync(join(FIXTURES, dir, 'site.json'), 'utf8')) as ToolbarCase;
      const pages = Object.entries(spec.pages).map(([url, file]) => ({ url, html: readFileSync(join(FIXTURES, dir, file), 'utf8') }));
      const findings = a11yToolbarRule.evaluate(siteOf(spec.homeUrl, pages, spec.evalDate));
      const expected = spec.expect['a11y.toolbar']!;
      expect(findings).toHaveLength(expected.length);
      expect(findings).toMatchObject(expected);
      for (const f of findings) {
        expect(f.ruleId).toBe('a11y.toolbar');
        expect(f.message).toMatch(/[\u4e00-\u9fff].*。$/);
      }
    });
  }
});

/** What each saved real page shows (checked by reading its markup). */
const REAL_PAGES: Record<string, { outcome: 'pass' | 'violation'; via?: string; label?: string }> = {
  // <a href="javascript:;" onclick="aria.start()">无障碍</a> and the wza.www.gov.cn aria.js toolbar
  'govcn_gwygb_2007_23_article.html': { outcome: 'pass', via: 'unlinked', label: '无障碍' },
  // <a href="/wca.html" id="toolbarCtrl">无障碍浏览</a>
  'shanxi_gov_article.html': { outcome: 'pass', via: 'link', label: '无障碍浏览' },
  // 长者模式 / 无障碍浏览 as javascript:void(0) links
  'pingtan_zfxxgknb_list_page.html': { outcome: 'pass', via: 'unlinked', label: '长者模式' },
  // 网站无障碍 / 关怀版 buttons (aria.js saved next to the page)
  'wanzai_2015_tjgb_article.html': { outcome: 'pass', via: 'unlinked', label: '网站无障碍' },
  'wanzai_2022_tjgb_article.html': { outcome: 'pass', via: 'unlinked', label: '网站无障碍' },
  'yichun_2022_tjgb_article.html': { outcome: 'pass', via: 'unlinked', label: '网站无障碍' },
  'yichun_jiangxi2022_tjgb_article.html': { outcome: 'pass', via: 'unlinked', label: '网站无障碍' },
  // <a onclick="toggleToolBar();">无障碍浏览</a> (no href)
  'zjfgw_article.html': { outcome: 'pass', via: 'unlinked', label: '无障碍浏览' },
  // No entry, no toolbar script.
  'handan_zfxxgk_platform_home.html': { outcome: 'violation' },
  'handan_zfxxgk_zhinan_column.html': { outcome: 'violation' },
  'kepu_article.html': { outcome: 'violation' },
  'cmse_article.html': { outcome: 'violation' },
};

describe('a11y.toolbar on real government pages', () => {
  for (const [file, want] of Object.entries(REAL_PAGES)) {
    it.skipIf(SKIP_GOV)(`${file} → ${want.outcome}`, () => {
      const url = 'http://www.example.gov.cn/';
      const site = siteOf(url, [{ url, html: readFileSync(join(GOV_PAGES, file), 'utf8') }]);
      const findings = a11yToolbarRule.evaluate(site);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.outcome).toBe(want.outcome);
      if (want.via) expect(findings[0]!.data).toMatchObject({ via: want.via, label: want.label });
    });
  }

  it.skipIf(SKIP_GOV)('finds the toolbar script alone when the entry links are removed (the gov.cn page)', () => {
    const html = readFileSync(join(GOV_PAGES, 'govcn_gwygb_2007_23_article.html'), 'utf8').replace(/>\s*(网站)?无障碍(开关)?\s*</g, '><');
    const url = 'http://www.example.gov.cn/';
    const findings = a11yToolbarRule.evaluate(siteOf(url, [{ url, html }]));
    expect(findings[0]).toMatchObject({ outcome: 'pass', data: { via: 'script' } });
    expect(String(findings[0]!.data['label'])).toContain('wza.www.gov.cn/dist/aria.js');
  });
});
