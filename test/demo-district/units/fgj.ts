/**
 * Unit 1 — 区发展和改革局 (department, TRS-like, UTF-8): the clean model unit. Everything passes
 * except one article whose attachment link answers 404 and one slip in the newest annual report:
 * 表三 carries one request too many forward, so it does not balance. It also carries the look-alikes a careful
 * checker must let pass: a 征求意见 notice with a full 31-day period, a 公示 with masked mobile
 * numbers, a 拟聘用人员公示 with masked ID numbers and a money amount with eleven integer digits.
 */
import { UNBALANCED_TOTALS } from '../annual-report.js';
import { daysBefore } from '../dates.js';
import { esc } from '../html.js';
import { DEMO_REGION, maskIdNumber, maskMobile, syntheticIdNumber } from '../personal-data.js';
import { SiteBuilder } from '../site-builder.js';
import { commentPeriod, consultationNotice, hiringList, projectContactList } from '../special-articles.js';
import { trsStyle } from '../trs-style.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '区发展和改革局';
/** The 通知公告 article (by list index) that carries the broken attachment link. */
const BROKEN_ARTICLE_INDEX = 2;
const BROKEN_HREF = '/xxgk/tzgg/fj/gzfa.docx';
const NOTICE_AGES = [4, 12, 25, 40, 60, 90, 120, 150, 200, 260, 300, 350];
/** 通知公告 entries: a consultation that runs 31 days (passes) and a 公示 with masked mobiles. */
const CONSULTATION_INDEX = 4;
const CONSULTATION_DAYS = 31;
const MASKED_MOBILES_INDEX = 6;
/** 工作动态 entry quoting an investment total in 元 (not a phone number). */
const MONEY_INDEX = 4;
/** 人事信息 entry: 拟聘用人员公示 with masked ID numbers. */
const MASKED_IDS_INDEX = 3;

function moneyBody(org: string): string {
  return [
    `近日，${org}召开重点项目推进会，通报全区固定资产投资完成情况。`,
    '截至目前，全区累计完成固定资产投资13575394432.52元，同比增长百分之八点三，其中工业投资占比进一步提高。',
    '会议要求，各项目单位要倒排工期、挂图作战，确保全年目标任务顺利完成。',
  ]
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
}

export const fgjUnit: UnitDefinition = {
  id: 'fgj',
  name: NAME,
  type: 'department',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'fgj',
      unitType: 'department',
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
          tweak: (i) => (i === MONEY_INDEX ? { bodyHtml: moneyBody(NAME) } : undefined),
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          folder: '/xxgk/tzgg/',
          listStyle: 'table',
          ages: NOTICE_AGES,
          tweak: (i) => {
            if (i === BROKEN_ARTICLE_INDEX) return { extraHtml: `<p>附件：<a href="${BROKEN_HREF}">工作方案.docx</a></p>` };
            if (i === CONSULTATION_INDEX) {
              const start = daysBefore(evalDate, NOTICE_AGES[i] ?? 0);
              return consultationNotice(NAME, '区级预算内投资项目管理办法', commentPeriod(start, CONSULTATION_DAYS), '0532-86981001');
            }
            if (i === MASKED_MOBILES_INDEX) {
              return projectContactList(NAME, [
                { project: '新能源汽车零部件产业园项目', company: '青岛某新能源科技有限公司', contact: '王志刚', mobile: maskMobile('13853201234') },
                { project: '海洋生物医药研发中心项目', company: '青岛某海洋生物有限公司', contact: '李晓燕', mobile: maskMobile('13905326677') },
                { project: '智能制造装备生产基地项目', company: '青岛某智能装备有限公司', contact: '赵建华', mobile: maskMobile('15166203321') },
              ]);
            }
            return undefined;
          },
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
        column({
          key: 'rsxx',
          name: '人事信息',
          pool: 'personnel',
          folder: '/xxgk/rsxx/',
          dateStyle: 'cn',
          ages: [30, 120, 200, 330],
          tweak: (i) =>
            i === MASKED_IDS_INDEX
              ? hiringList(NAME, [
                  { name: '孙晓明', sex: '男', id: maskIdNumber(syntheticIdNumber(DEMO_REGION, '19930412', '231')), post: '综合管理岗' },
                  { name: '周静怡', sex: '女', id: maskIdNumber(syntheticIdNumber(DEMO_REGION, '19950827', '482')), post: '经济分析岗' },
                ])
              : undefined,
        }),
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
        latestReportFlaw: 'unbalanced',
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
    const latestReport = site.columns.get('zfxxgknb')?.articles[0];
    if (!broken || !latestReport) throw new Error('fgj: seeded pages missing');
    return {
      site,
      violations: [
        { ruleId: 'link.broken', path: broken.path, href: BROKEN_HREF, data: { status: 404 } },
        // Every demo report has a 表三 (even those about years before 2019), so the rule always reads it.
        { ruleId: 'disclosure.annual-report.consistency', path: latestReport.path, data: { column: '总计', ...UNBALANCED_TOTALS } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};

