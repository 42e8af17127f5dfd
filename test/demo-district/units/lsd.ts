/**
 * Unit 5 — 灵山岛省级自然保护区管委 (other, TRS-like with table lists). Seeded: one article without
 * <title>; 人事信息 stale (newest 400 days, limit 1 year); the template has no SiteIDCode meta
 * (meta.site); the guide is an undated static page (disclosure.guide.dated); the newest annual
 * report leaves out section 五 (disclosure.annual-report.structure); one 政策文件 document links no
 * interpretation (interpretation.linked). Not findings: a 专题 column that is old but
 * exempt, and a 活动日历 page whose ?date= links go on for ever (a crawl trap: the crawler must stop,
 * and none of its pages breaks a rule).
 */
import { daysBefore, dateParts } from '../dates.js';
import { SiteBuilder } from '../site-builder.js';
import { trsStyle } from '../trs-style.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '灵山岛省级自然保护区管委';
const NO_TITLE_INDEX = 1;
const STALE_PERSONNEL_AGE = 400;
/** 政策文件 entry published without an interpretation. */
const UNEXPLAINED_POLICY_INDEX = 2;
/** 保护区动态 entry that names a state organ wrongly (wording.serious, a veto): 检察 for 监察. */
const SERIOUS_ARTICLE_INDEX = 3;
export const SEEDED_MISSTATEMENT = { wrong: '国家检察委员会', right: '国家监察委员会' } as const;
export const CALENDAR_PATH = '/hdrl/index.html';

const MONTH = /^(\d{4})-(\d{2})$/;

/** The month a calendar request asks for; anything unreadable shows the evaluation month. */
function calendarMonth(param: string | null, evalDate: string): { year: number; month: number } {
  const m = param ? MONTH.exec(param) : null;
  const year = m ? Number(m[1]) : NaN;
  const month = m ? Number(m[2]) : NaN;
  if (year >= 1900 && year <= 2200 && month >= 1 && month <= 12) return { year, month };
  const { year: y, month: mo } = dateParts(evalDate);
  return { year: y, month: mo };
}

function shift(year: number, month: number, by: number): string {
  const index = year * 12 + (month - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function calendarMain(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  // Cells are separated by line breaks so that extracted text never runs the day numbers together
  // into one long digit string (which a privacy rule could mistake for an ID number).
  const cells: string[] = Array.from({ length: first }, () => '<td></td>');
  for (let d = 1; d <= days; d++) cells.push(`<td>${d}</td>`);
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(`<tr>${cells.slice(i, i + 7).join('\n')}</tr>`);
  return `<div class="calendar"><h1>活动日历</h1>
<p><a href="${CALENDAR_PATH}?date=${shift(year, month, -1)}">上一月</a>　<strong>${year}年${month}月</strong>　<a href="${CALENDAR_PATH}?date=${shift(year, month, 1)}">下一月</a></p>
<table class="calendar-table"><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th><th>五</th><th>六</th></tr>
${rows.join('\n')}
</table>
<p>本月无集中开放活动安排，如需预约登岛参观请致电咨询。</p></div>`;
}

export const lsdUnit: UnitDefinition = {
  id: 'lsd',
  name: NAME,
  type: 'other',
  build({ evalDate, siteDomain }) {
    const org = '灵山岛省级自然保护区管理委员会';
    const builder = new SiteBuilder({
      unitId: 'lsd',
      unitType: 'other',
      org,
      // The footer shows the 网站标识码, but the template never got the SiteIDCode meta.
      identity: { ...identity(org, `${org}网站`, siteDomain, '3702110005', '青岛西海岸新区灵山岛', '0532-86981005'), siteIdCodeMeta: false },
      style: trsStyle,
      evalDate,
      charset: () => 'utf8',
      firstArticleId: 901,
      columns: [
        column({
          key: 'bhqdt',
          name: '保护区动态',
          pool: 'dynamic',
          listStyle: 'table',
          dateStyle: 'cn',
          ages: [2, 5, 9, 15, 21, 28, 36],
          tweak: (i) => {
            if (i === NO_TITLE_INDEX) return { omitTitle: true };
            if (i === SERIOUS_ARTICLE_INDEX) return { extraHtml: `<p>会议传达学习了${SEEDED_MISSTATEMENT.wrong}关于加强自然保护地监督工作的通报精神。</p>` };
            return undefined;
          },
        }),
        column({ key: 'tzgg', name: '通知公告', pool: 'notice', listStyle: 'table', ages: [7, 60, 140] }),
        column({
          key: 'rsxx',
          name: '人事信息',
          pool: 'personnel',
          listStyle: 'table',
          dateStyle: 'cn',
          ages: [STALE_PERSONNEL_AGE, 520, 700],
        }),
        column({
          key: 'zcwj',
          name: '政策文件',
          pool: 'policy',
          folder: '/zwgk/zcwj/',
          listStyle: 'table',
          ages: [30, 150, 320],
          interpretation: { key: 'zcjd', name: '政策解读', folder: '/zwgk/zcjd/', hanwebId: 0 },
          tweak: (i) => (i === UNEXPLAINED_POLICY_INDEX ? { noInterpretation: true } : undefined),
        }),
        // A finished 专题: old, but exempt from freshness limits although its name says 动态.
        column({
          key: 'hdzz',
          name: '海岛环境整治专题动态',
          pool: 'topic',
          listStyle: 'table',
          ages: [500, 530, 560, 600, 640, 700],
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
          // The long form of the part's name.
          { labelHtml: '政府信息公开工作年度报告', kind: 'reports' },
        ],
        guideUndated: true,
        latestReportFlaw: 'no-section-5',
      },
      homeBlocks: [
        { heading: '保护区动态', columnKey: 'bhqdt', count: 6, dateStyle: 'cn' },
        { heading: '通知公告', columnKey: 'tzgg', count: 3, dateStyle: 'iso' },
      ],
      homeExtraHtml: `<div class="block"><h3><a href="${CALENDAR_PATH}">活动日历</a></h3><p>查看保护区开放日及志愿活动安排。</p></div>\n${externalLinksHtml()}`,
      navExtra: [],
      robotsTxt: 'User-agent: *\nDisallow: /manage/\n',
    });
    const site = builder.build();
    builder.addDynamic((req) => {
      if (req.path !== CALENDAR_PATH) return null;
      const { year, month } = calendarMonth(req.query.get('date'), evalDate);
      return builder.renderResource('other', `活动日历_${org}网站`, calendarMain(year, month));
    });

    const noTitle = site.columns.get('bhqdt')?.articles[NO_TITLE_INDEX];
    const misstatement = site.columns.get('bhqdt')?.articles[SERIOUS_ARTICLE_INDEX];
    const personnel = site.columns.get('rsxx');
    const unexplained = site.columns.get('zcwj')?.articles[UNEXPLAINED_POLICY_INDEX];
    const latestReport = site.columns.get('zfxxgknb')?.articles[0];
    const guide = site.disclosurePaths?.guide;
    if (!noTitle || !personnel || !unexplained || !latestReport || !guide || !misstatement) throw new Error('lsd: seeded pages missing');
    return {
      site,
      violations: [
        { ruleId: 'a11y.document-title', path: noTitle.path },
        {
          ruleId: 'freshness.column',
          path: personnel.listPaths[0] ?? '',
          data: { newest: daysBefore(evalDate, STALE_PERSONNEL_AGE), ageDays: STALE_PERSONNEL_AGE },
        },
        { ruleId: 'meta.site', path: '/', data: { missing: ['SiteIDCode'] } },
        { ruleId: 'disclosure.guide.dated', path: guide },
        { ruleId: 'disclosure.annual-report.structure', path: latestReport.path, data: { section: '五、存在的主要问题及改进情况' } },
        { ruleId: 'interpretation.linked', path: unexplained.path, data: { column: '政策文件' } },
        { ruleId: 'wording.serious', path: misstatement.path, data: { ...SEEDED_MISSTATEMENT, category: 'organ' } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
