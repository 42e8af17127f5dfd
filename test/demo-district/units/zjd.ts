/**
 * Unit 7 — 珠山街道 (street, TRS-like, UTF-8) whose column lists are built by script: the 工作动态
 * and 通知公告 list pages hold an empty `<ul class="list" data-col>` that /js/list.js fills from
 * /api/list (script-list-style.ts). Only a crawler that renders the pages sees those lists. The home
 * page, the disclosure column and its parts are static, and everything on them complies.
 * Seeded: 通知公告 is stale (newest 245 days, limit 6 months), visible only after rendering; the
 * 工作动态 column is fresh (newest 1 day), likewise visible only after rendering.
 */
import { daysBefore } from '../dates.js';
import { scriptListStyle } from '../script-list-style.js';
import { SiteBuilder } from '../site-builder.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '珠山街道';
const ORG = '珠山街道办事处';
export const ZJD_STALE_NOTICE_AGE = 245;
export const ZJD_DYNAMIC_NEWEST_AGE = 1;
/** The columns whose lists only the page script builds. */
export const ZJD_SCRIPTED_COLUMNS = ['gzdt', 'tzgg'] as const;

export const zjdUnit: UnitDefinition = {
  id: 'zjd',
  name: NAME,
  type: 'street',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'zjd',
      unitType: 'street',
      org: ORG,
      identity: identity(ORG, `${ORG}网站`, siteDomain, '3702110007', '青岛西海岸新区珠山街道办事处', '0532-86981007'),
      style: scriptListStyle(ZJD_SCRIPTED_COLUMNS),
      evalDate,
      charset: () => 'utf8',
      firstArticleId: 8801,
      columns: [
        column({
          key: 'gzdt',
          name: '工作动态',
          pool: 'dynamic',
          folder: '/xwdt/gzdt/',
          ages: [ZJD_DYNAMIC_NEWEST_AGE, 4, 7, 11, 16, 22, 29, 37],
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          folder: '/zwgk/tzgg/',
          ages: [ZJD_STALE_NOTICE_AGE, 280, 330, 410],
        }),
      ],
      disclosure: {
        name: '政府信息公开',
        folder: '/zwgk/',
        hanwebId: 0,
        parts: [
          { labelHtml: '政府信息公开指南', kind: 'guide' },
          { labelHtml: '政府信息公开制度', kind: 'system' },
          { labelHtml: '法定主动公开内容', kind: 'statutory' },
          { labelHtml: '政府信息公开年报', kind: 'reports' },
        ],
      },
      // Static: the home page's freshness is read without a browser.
      homeBlocks: [{ heading: '街道动态', columnKey: 'gzdt', count: 5, dateStyle: 'iso' }],
      homeExtraHtml: externalLinksHtml(),
      navExtra: [],
      robotsTxt: 'User-agent: *\nDisallow: /admin/\n',
    });
    const site = builder.build();
    const notices = site.columns.get('tzgg');
    if (!notices) throw new Error('zjd: seeded pages missing');
    return {
      site,
      violations: [
        {
          ruleId: 'freshness.column',
          path: notices.listPaths[0] ?? '',
          data: { newest: daysBefore(evalDate, ZJD_STALE_NOTICE_AGE), ageDays: ZJD_STALE_NOTICE_AGE },
          // The list exists only once /js/list.js has run.
          needsBrowser: true,
        },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
