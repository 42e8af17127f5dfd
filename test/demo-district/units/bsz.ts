/**
 * Unit 3 — 宝山镇 (town, older TRS-like templates, GBK). Home and list pages announce GBK only in
 * the HTTP header; articles send no charset in the header and declare gb2312 in a <meta> placed
 * after the first 1024 bytes. Seeded: no 政府信息公开年报 part; the newest home-page item is 20
 * days old; five 动态/公告/政策 columns are stale (工作动态 30 days, 镇村动态, 党建动态, 公示公告,
 * 政策文件), so the 单项否决 (freshness.veto) applies; a 征求意见 notice allows only 15 days.
 */
import { daysBefore } from '../dates.js';
import type { ColumnPlan } from '../cms-style.js';
import { SiteBuilder } from '../site-builder.js';
import { commentPeriod, consultationNotice } from '../special-articles.js';
import { trsStyle } from '../trs-style.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '宝山镇';
const HOME_NEWEST_AGE = 20;
const DYNAMIC_NEWEST_AGE = 30;
const NOTICE_AGES = [HOME_NEWEST_AGE, 45, 80, 130];
/** 通知公告 entry: a consultation open for 15 days, half the 30 the rules ask for. */
const CONSULTATION_INDEX = 1;
const CONSULTATION_DAYS = 15;
const PHONE = '0532-86981003';

/** The stale columns besides 工作动态 (newest item ages in days; limits 14 days / 6 months). */
const STALE: Pick<ColumnPlan, 'key' | 'name' | 'pool' | 'folder' | 'ages'>[] = [
  { key: 'zcdt', name: '镇村动态', pool: 'dynamic', folder: '/zwdt/zcdt/', ages: [48, 75, 110, 160] },
  { key: 'djdt', name: '党建动态', pool: 'dynamic', folder: '/zwdt/djdt/', ages: [66, 95, 140] },
  { key: 'gsgg', name: '公示公告', pool: 'notice', folder: '/zwgk/gsgg/', ages: [210, 290, 380] },
  { key: 'zcwj', name: '政策文件', pool: 'policy', folder: '/zwgk/zcwj/', ages: [250, 420] },
];
export const bszUnit: UnitDefinition = {
  id: 'bsz',
  name: NAME,
  type: 'town',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'bsz',
      unitType: 'town',
      org: '宝山镇人民政府',
      identity: identity('宝山镇人民政府', '宝山镇人民政府网站', siteDomain, '3702110003', '青岛西海岸新区宝山镇驻地', PHONE),
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
          ages: NOTICE_AGES,
          tweak: (i) => {
            if (i !== CONSULTATION_INDEX) return undefined;
            const start = daysBefore(evalDate, NOTICE_AGES[i] ?? 0);
            return consultationNotice('宝山镇人民政府', '宝山镇农村人居环境整治提升实施方案', commentPeriod(start, CONSULTATION_DAYS), PHONE);
          },
        }),
        ...STALE.map((c) =>
          column({
            ...c,
            dateStyle: 'bracket',
            // Policy documents link their interpretations (in 解读回应, a name with no freshness limit).
            ...(c.pool === 'policy' ? { interpretation: { key: 'jdhy', name: '解读回应', folder: '/zwgk/jdhy/', hanwebId: 0 } } : {}),
          }),
        ),
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
    const consultation = site.columns.get('tzgg')?.articles[CONSULTATION_INDEX];
    const stale = STALE.map((c) => site.columns.get(c.key));
    if (!dynamic || !disclosure || !consultation || stale.some((c) => !c)) throw new Error('bsz: seeded pages missing');
    const staleColumns = [dynamic, ...stale.filter((c) => c !== undefined)].map((c) => {
      const newest = c.articles[0]?.date ?? '';
      return { name: c.plan.name, path: c.listPaths[0] ?? '', newest, ageDays: c.plan.ages[0] ?? 0 };
    });
    return {
      site,
      violations: [
        { ruleId: 'disclosure.parts', path: disclosure.column, data: { part: '政府信息公开年报' } },
        {
          ruleId: 'freshness.homepage',
          path: '/',
          data: { newest: daysBefore(evalDate, HOME_NEWEST_AGE), ageDays: HOME_NEWEST_AGE },
        },
        ...staleColumns.map((c) => ({ ruleId: 'freshness.column', path: c.path, data: { newest: c.newest, ageDays: c.ageDays } })),
        // 单项否决 on two counts: five stale key columns, and a home page older than 14 days.
        { ruleId: 'freshness.veto', path: '/', data: { staleKeyColumns: staleColumns.length, homeAgeDays: HOME_NEWEST_AGE } },
        { ruleId: 'consultation.duration', path: consultation.path, data: { days: CONSULTATION_DAYS } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
