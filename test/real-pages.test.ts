/**
 * Extraction on real government pages (read-only copies in ../shared/external/gov-pages/html).
 * Expected values were read from the HTML by hand; the Handan home list is also re-derived from the
 * raw markup with an independent regex so the two readings must agree.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from './helpers/material.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import type { PageSnapshot } from '../rules/types.js';
import { normalizeName } from '../rules/text.js';

const pagesDir = path.join(externalPath('gov-pages') ?? '', 'html');
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });

function read(file: string): string {
  // A skipped describe's body still runs (vitest collects its tests): without the material it reads nothing.
  if (SKIP_GOV) return '';
  return readFileSync(path.join(pagesDir, file), 'utf8');
}

function snapshot(file: string, url: string): PageSnapshot {
  return extractSnapshot(cheerioDomView(read(file), url), url, { refDate: '2026-04-01' });
}

const PINGTAN_LIST = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/';
const HANDAN_HOME = 'http://hdzfxxgk.hd.gov.cn/';
const HANDAN_LIST = 'http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/';
const HANDAN_ZHINAN = 'http://hdzfxxgk.hd.gov.cn/zfxxgkzn/';

const FOUR_PARTS = ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报'];

describe.skipIf(SKIP_GOV)('pingtan 政府信息公开年报 list (TRS, dates in <dd>)', () => {
  const s = snapshot('pingtan_zfxxgknb_list_page.html', PINGTAN_LIST);

  it('has the 10 rows 2017-01-18 … 2026-03-10 in order, each with its report', () => {
    expect(s.datedItems.map((i) => i.date)).toEqual([
      '2026-03-10', '2025-03-10', '2024-03-08', '2023-02-20', '2022-02-08',
      '2021-03-05', '2020-01-20', '2019-01-10', '2018-01-23', '2017-01-18',
    ]);
    expect(s.datedItems[0]).toEqual({
      title: '平潭综合实验区2025年度政府信息公开工作年度报告',
      href: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm',
      date: '2026-03-10',
    });
    expect(s.datedItems[9]!.title).toBe('平潭综合实验区2016年度政府信息公开工作年度报告');
    for (const item of s.datedItems) expect(item.title).toMatch(/^平潭综合实验区\d{4}年度政府信息公开工作年度报告$/);
    expect(s.isListPage).toBe(true);
  });

  it('has the four disclosure parts among its link texts (written 政府信息<br>公开指南)', () => {
    const names = new Set(s.links.map((l) => normalizeName(l.text)));
    for (const part of FOUR_PARTS) expect(names).toContain(part);
    expect(read('pingtan_zfxxgknb_list_page.html')).toContain('<span>政府信息<br>公开指南</span>');
  });
});

describe.skipIf(SKIP_GOV)('handan 信息公开 platform home (ul/li/span lists)', () => {
  const html = read('handan_zfxxgk_platform_home.html');
  const s = snapshot('handan_zfxxgk_platform_home.html', HANDAN_HOME);

  /** Independent reading: <li><img …><a href="…"><p>title</p></a><span>date</span></li>. */
  function rawEntries(): Array<{ href: string; title: string; date: string }> {
    const re = /<li><img[^>]*><a href="([^"]+)"[^>]*>\s*<p>([^<]+)<\/p>\s*<\/a><span>(\d{4}-\d{2}-\d{2})<\/span><\/li>/g;
    return [...html.matchAll(re)].map((m) => ({ href: m[1]!, title: m[2]!.trim(), date: m[3]! }));
  }

  it('finds the 61 dated list rows, 54 distinct by href+title, 2013-10-30 … 2020-08-02', () => {
    const raw = rawEntries();
    expect(raw).toHaveLength(61);
    const distinct = new Map(raw.map((r) => [`${r.href}\n${r.title}`, r]));
    expect(distinct.size).toBe(54);
    expect(s.datedItems).toHaveLength(54);
    expect(new Set(s.datedItems.map((i) => `${i.href}\n${i.title}\n${i.date}`))).toEqual(
      new Set([...distinct.values()].map((r) => `${r.href}\n${r.title}\n${r.date}`)),
    );
    const dates = s.datedItems.map((i) => i.date).sort();
    expect(dates[0]).toBe('2013-10-30');
    expect(dates[dates.length - 1]).toBe('2020-08-02');
    expect(s.datedItems[0]).toEqual({
      title: '邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知',
      href: 'http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html',
      date: '2020-08-02',
    });
  });

  it('has the four disclosure parts among its link texts', () => {
    const names = new Set(s.links.map((l) => normalizeName(l.text)));
    for (const part of ['政府信息公开指南', '法定主动公开内容', '政府信息公开年报']) expect(names).toContain(part);
    // The 制度 part is linked as 政府信息公开制度文件 on this site.
    expect([...names].some((n) => n.startsWith('政府信息公开制度'))).toBe(true);
    expect(s.lang).toBe('en');
    expect(s.meta['siteidcode']).toBe('1304000009');
  });
});

describe.skipIf(SKIP_GOV)('handan list with dates (table 名称/索引号/发布机构/发布日期)', () => {
  const s = snapshot('handan_zfxxgk_list_with_dates.html', HANDAN_LIST);

  it('has exactly the one row, dated 2020-08-05 (not the 索引号 000014348/2020-35428)', () => {
    expect(s.datedItems).toEqual([
      {
        title: '邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知',
        href: 'http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html',
        date: '2020-08-05',
      },
    ]);
    expect(s.isListPage).toBe(false);
    expect(s.pubDate).toBeNull();
  });

  it('lists the rendered pager links (pages 2–6, 下一页, 尾页 index_55)', () => {
    expect(s.paginationLinks).toEqual([1, 2, 3, 4, 5, 55].map((n) => `http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_${n}.html`));
  });
});

describe.skipIf(SKIP_GOV)('handan 政府信息公开指南 column', () => {
  it('has the four parts written with <br> among its link texts', () => {
    const html = read('handan_zfxxgk_zhinan_column.html');
    expect(html).toMatch(/政府信息<br>\s*公开指南/);
    const s = snapshot('handan_zfxxgk_zhinan_column.html', HANDAN_ZHINAN);
    const names = new Set(s.links.map((l) => normalizeName(l.text)));
    for (const part of FOUR_PARTS) expect(names).toContain(part);
  });
});

describe.skipIf(SKIP_GOV)('article pages: PubDate, 发布日期 labels, breadcrumbs', () => {
  it.each([
    ['handan_zfxxgk_article_detail.html', '2020-08-02', '部门信息公开'],
    ['shanxi_gov_article.html', '2019-09-18', '山西要闻'],
    ['wanzai_2015_tjgb_article.html', '2022-04-24', '统计公报'],
    ['wanzai_2022_tjgb_article.html', '2023-08-16', '统计数据'],
    ['yichun_2022_tjgb_article.html', '2023-05-16', '统计公报'],
    ['yichun_jiangxi2022_tjgb_article.html', '2023-05-16', '统计公报'],
    ['zjfgw_article.html', '2016-11-22', '投资运行'],
    ['govcn_gwygb_2007_23_article.html', '2007-08-20', '2007年第23号'],
    ['cmse_article.html', '2012-06-24', '新闻发布会'],
  ])('%s → pubDate %s, column %s', (file, pubDate, column) => {
    const s = snapshot(file, 'http://www.example.gov.cn/art/1.html');
    expect(s.pubDate).toBe(pubDate);
    expect(s.columnName).toBe(column);
    expect(s.isArticle).toBe(true);
  });

  it('reads full breadcrumb trails', () => {
    expect(snapshot('wanzai_2015_tjgb_article.html', 'http://www.wanzai.gov.cn/a.shtml').breadcrumb).toEqual(['网站首页', '数据开放', '政府数据', '统计信息', '统计公报']);
    expect(snapshot('zjfgw_article.html', 'http://fgw.zj.gov.cn/a.html').breadcrumb).toEqual(['首页', '发展改革工作', '投资管理和项目推进', '投资运行']);
    expect(snapshot('govcn_gwygb_2007_23_article.html', 'https://www.gov.cn/a.htm').breadcrumb).toEqual(['首页', '国务院公报', '2007年第23号']);
  });

  it('takes the PubDate meta over the visible 发布日期 (wanzai 2015 shows 2017-05-15)', () => {
    expect(read('wanzai_2015_tjgb_article.html')).toContain('2017-05-15 10:49:00');
    expect(snapshot('wanzai_2015_tjgb_article.html', 'http://www.wanzai.gov.cn/a.shtml').pubDate).toBe('2022-04-24');
  });

  it('leaves pubDate null on a page with neither PubDate nor a date label (kepu)', () => {
    const s = snapshot('kepu_article.html', 'http://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html');
    expect(s.pubDate).toBeNull();
    expect(s.isArticle).toBe(false);
  });
});

describe.skipIf(SKIP_GOV)('every real page', () => {
  it('extracts without throwing and reports images without alt as null', () => {
    const wanzai = snapshot('wanzai_2015_tjgb_article.html', 'http://www.wanzai.gov.cn/a.shtml');
    expect(wanzai.images).toHaveLength(10);
    expect(wanzai.images.every((i) => i.alt === null)).toBe(true);
    const zj = snapshot('zjfgw_article.html', 'http://fgw.zj.gov.cn/a.html');
    expect(zj.images.filter((i) => i.alt === null)).toHaveLength(8);
  });
});
