/**
 * Unit 3 — 宝山镇 (town, older TRS-like templates, GBK). Home and list pages announce GBK only in
 * the HTTP header; articles send no charset in the header and declare gb2312 in a <meta> placed
 * after the first 1024 bytes. Seeded: no 政府信息公开年报 part; the newest home-page item is 20
 * days old; 工作动态 is stale (newest 30 days).
 */
import { daysBefore } from '../dates.js';
import { SiteBuilder } from '../site-builder.js';
import { trsStyle } from '../trs-style.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '宝山镇';
const HOME_NEWEST_AGE = 20;
const DYNAMIC_NEWEST_AGE = 30;

export const bszUnit: UnitDefinition = {
  id: 'bsz',
  name: NAME,
  type: 'town',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'bsz',
      org: '宝山镇人民政府',
      identity: identity('宝山镇人民政府', '宝山镇人民政府网站', siteDomain, '3702110003', '青岛西海岸新区宝山镇驻地', '0532-86981003'),
      style: trsStyle,
      evalDate,
      charset: (kind) => (kind === 'home' || kind === 'list' ? 'gbk-header' : 'gbk-late-meta'),
      firstArticleId: 301,
      columns: [
        column({
          key: 'gzdt',
          name: '工作动态',
          pool: 'dynamic',
          folder: '/zwdt/gzdt/',
          perPage: 12,
          dateStyle: 'bracket',
          ages: [DYNAMIC_NEWEST_AGE, 34, 41, 47, 55, 62, 70, 78, 85, 93, 101, 110],
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          folder: '/zwgk/tzgg/',
          dateStyle: 'cn',
          ages: [HOME_NEWEST_AGE, 45, 80, 130],
        }),
        column({ key: 'ghjh', name: '规划计划', pool: 'planning', folder: '/zwgk/ghjh/', dateStyle: 'slash', ages: [100, 300] }),
      ],
      disclosure: {
        name: '政府信息公开',
        folder: '/zwgk/',
        hanwebId: 0,
        // 政府信息公开年报 deliberately absent.
        parts: [
          { labelHtml: '政府信息公开指南', kind: 'guide' },
          { labelHtml: '政府信息公开制度', kind: 'system' },
          { labelHtml: '法定主动公开内容', kind: 'statutory' },
        ],
      },
      homeBlocks: [
        { heading: '工作动态', columnKey: 'gzdt', count: 6, dateStyle: 'bracket' },
        { heading: '通知公告', columnKey: 'tzgg', count: 4, dateStyle: 'cn' },
      ],
      homeExtraHtml: externalLinksHtml(),
      navExtra: [],
      robotsTxt: 'User-agent: *\nDisallow: /cgi-bin/\nDisallow: /tmp/\n',
    });
    const site = builder.build();
    const dynamic = site.columns.get('gzdt');
    const disclosure = site.disclosurePaths;
    if (!dynamic || !disclosure) throw new Error('bsz: seeded pages missing');
    return {
      site,
      violations: [
        { ruleId: 'disclosure.parts', path: disclosure.column, data: { part: '政府信息公开年报' } },
        {
          ruleId: 'freshness.homepage',
          path: '/',
          data: { newest: daysBefore(evalDate, HOME_NEWEST_AGE), ageDays: HOME_NEWEST_AGE },
        },
        {
          ruleId: 'freshness.column',
          path: dynamic.listPaths[0] ?? '',
          data: { newest: daysBefore(evalDate, DYNAMIC_NEWEST_AGE), ageDays: DYNAMIC_NEWEST_AGE },
        },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
