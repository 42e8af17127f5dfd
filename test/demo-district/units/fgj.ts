/**
 * Unit 1 — 区发展和改革局 (department, TRS-like, UTF-8): the clean model unit. Everything passes
 * except one article whose attachment link answers 404.
 */
import { SiteBuilder } from '../site-builder.js';
import { trsStyle } from '../trs-style.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '区发展和改革局';
/** The 通知公告 article (by list index) that carries the broken attachment link. */
const BROKEN_ARTICLE_INDEX = 2;
const BROKEN_HREF = '/xxgk/tzgg/fj/gzfa.docx';

export const fgjUnit: UnitDefinition = {
  id: 'fgj',
  name: NAME,
  type: 'department',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'fgj',
      org: NAME,
      identity: identity(NAME, `${NAME}门户网站`, siteDomain, '3702110001', '青岛西海岸新区长江中路 1 号', '0532-86981001'),
      style: trsStyle,
      evalDate,
      charset: () => 'utf8',
      firstArticleId: 12001,
      columns: [
        column({
          key: 'gzdt',
          name: '工作动态',
          pool: 'dynamic',
          folder: '/xwzx/gzdt/',
          ages: [1, 3, 5, 8, 10, 13, 17, 20, 24, 27, 31, 35, 40, 44, 48, 52, 57, 61, 66, 70, 75, 80],
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          folder: '/xxgk/tzgg/',
          listStyle: 'table',
          ages: [4, 12, 25, 40, 60, 90, 120, 150, 200, 260, 300, 350],
          tweak: (i) =>
            i === BROKEN_ARTICLE_INDEX
              ? { extraHtml: `<p>附件：<a href="${BROKEN_HREF}">工作方案.docx</a></p>` }
              : undefined,
        }),
        column({
          key: 'zcwj',
          name: '政策文件',
          pool: 'policy',
          folder: '/xxgk/zcwj/',
          dateStyle: 'slash',
          ages: [9, 45, 100, 180, 260, 400],
          interpretation: { key: 'zcjd', name: '政策解读', folder: '/xxgk/zcjd/', hanwebId: 0 },
        }),
        column({ key: 'rsxx', name: '人事信息', pool: 'personnel', folder: '/xxgk/rsxx/', dateStyle: 'cn', ages: [30, 120, 200, 330] }),
        column({ key: 'ghjh', name: '规划计划', pool: 'planning', folder: '/xxgk/ghjh/', dateStyle: 'dot', ages: [60, 200, 380] }),
      ],
      disclosure: {
        name: '政府信息公开',
        folder: '/xxgk/',
        hanwebId: 0,
        parts: [
          // Broken across lines on purpose: it must still count as 政府信息公开指南.
          { labelHtml: '政府信息<br>公开指南', kind: 'guide' },
          { labelHtml: '政府信息公开制度', kind: 'system' },
          { labelHtml: '法定主动公开内容', kind: 'statutory' },
          { labelHtml: '政府信息公开年报', kind: 'reports' },
        ],
      },
      homeBlocks: [
        { heading: '工作动态', columnKey: 'gzdt', count: 7, dateStyle: 'iso' },
        // Year implied: (MM-DD). The 工作动态 block above carries full dates.
        { heading: '通知公告', columnKey: 'tzgg', count: 5, dateStyle: 'month-day' },
      ],
      homeExtraHtml: `<div class="search"><a href="/search/index.html">站内搜索</a></div>\n${externalLinksHtml()}`,
      navExtra: [],
      // The search page is real but disallowed: a polite crawler leaves it alone.
      robotsTxt: 'User-agent: *\nDisallow: /search/\n',
    });
    const site = builder.build();
    builder.addPage(
      '/search/index.html',
      'other',
      `站内搜索_${NAME}门户网站`,
      '<div class="search-page"><h1>站内搜索</h1><form action="/search/index.html" method="get"><label for="q">关键词</label><input id="q" name="q"><button type="submit">搜索</button></form></div>',
    );

    const broken = site.columns.get('tzgg')?.articles[BROKEN_ARTICLE_INDEX];
    if (!broken) throw new Error('fgj: broken-link article missing');
    return {
      site,
      violations: [{ ruleId: 'link.broken', path: broken.path, href: BROKEN_HREF, data: { status: 404 } }],
      incompletes: externalLinkIncompletes(),
    };
  },
};

