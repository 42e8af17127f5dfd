/**
 * Unit 2 — 区教育和体育局 (department, Hanweb-like: lists only inside <datastore> CDATA).
 * Articles are linked from the home page and the 最新信息 lists as well as from the datastore;
 * the seeded page defects sit on articles reachable both ways.
 * Seeded: the disclosure column is named 信息公开 (not exactly 政府信息公开); 通知公告 is stale
 * (newest 240 days, limit 6 months); one 工作动态 article has an image without alt; another has
 * no ContentSource meta; the 年报 list lacks the report the 31 January deadline requires (only older
 * ones); a 拟聘用人员公示 shows one full ID number.
 */
import { requiredReport } from '../annual-report-years.js';
import { daysBefore } from '../dates.js';
import { DEMO_REGION, maskIdNumber, syntheticIdNumber } from '../personal-data.js';
import { hiringList } from '../special-articles.js';
import { hanwebStyle } from '../hanweb-style.js';
import { pngResource } from '../resource.js';
import { SiteBuilder } from '../site-builder.js';
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '区教育和体育局';
const NO_ALT_ARTICLE_INDEX = 3;
const PHOTO = '/picture/0/hdxc.png';
const STALE_NOTICE_AGE = 240;
const NO_SOURCE_ARTICLE_INDEX = 5;
/** 工作动态 entry with a misused idiom (wording.typo): 再接再励 for 再接再厉. */
const TYPO_ARTICLE_INDEX = 7;
export const SEEDED_TYPO = { wrong: '再接再励', right: '再接再厉' } as const;
/** 人事信息 entry: a 拟聘用人员公示 where one row shows the whole ID number. */
const ID_LEAK_INDEX = 0;
const LEAKED_ID = syntheticIdNumber(DEMO_REGION, '19960315', '452');

export const jtyUnit: UnitDefinition = {
  id: 'jty',
  name: NAME,
  type: 'department',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'jty',
      unitType: 'department',
      org: NAME,
      identity: identity(NAME, `${NAME}门户网站`, siteDomain, '3702110002', '青岛西海岸新区珠江路 88 号', '0532-86981002'),
      style: hanwebStyle,
      evalDate,
      charset: () => 'utf8',
      firstArticleId: 5601,
      columns: [
        column({
          key: 'gzdt',
          name: '工作动态',
          pool: 'dynamic',
          hanwebId: 1231,
          // 25 records: the first 15 are in the page, the rest only through dataproxy.jsp.
          perPage: 15,
          ages: [2, 4, 6, 9, 11, 14, 16, 19, 23, 26, 30, 33, 37, 41, 45, 49, 53, 58, 62, 67, 71, 76, 80, 85, 90],
          tweak: (i) => {
            if (i === NO_ALT_ARTICLE_INDEX) return { extraHtml: `<p class="photo"><img src="${PHOTO}" width="600"></p>` };
            if (i === NO_SOURCE_ARTICLE_INDEX) return { omitMetas: ['ContentSource'] };
            if (i === TYPO_ARTICLE_INDEX) return { extraHtml: `<p>会议要求，各学校要${SEEDED_TYPO.wrong}，巩固课后服务工作成果。</p>` };
            return undefined;
          },
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          hanwebId: 1232,
          perPage: 15,
          ages: [STALE_NOTICE_AGE, 270, 300, 330, 400, 480],
        }),
        column({
          key: 'zcwj',
          name: '政策文件',
          pool: 'policy',
          hanwebId: 1233,
          perPage: 15,
          ages: [20, 90, 200, 300],
          interpretation: { key: 'zcjd', name: '政策解读', folder: '', hanwebId: 1234 },
        }),
        column({
          key: 'rsxx',
          name: '人事信息',
          pool: 'personnel',
          hanwebId: 1235,
          perPage: 15,
          ages: [15, 100, 180],
          tweak: (i) =>
            i === ID_LEAK_INDEX
              ? hiringList(NAME, [
                  { name: '韩雪', sex: '女', id: maskIdNumber(syntheticIdNumber(DEMO_REGION, '19940921', '128')), post: '小学语文教师' },
                  { name: '刘子涵', sex: '男', id: LEAKED_ID, post: '初中体育教师' },
                  { name: '高敏', sex: '女', id: maskIdNumber(syntheticIdNumber(DEMO_REGION, '19970606', '346')), post: '初中数学教师' },
                ])
              : undefined,
        }),
      ],
      disclosure: {
        name: '信息公开',
        folder: '',
        hanwebId: 1240,
        parts: [
          { labelHtml: '政府信息公开指南', kind: 'guide' },
          { labelHtml: '政府信息公开制度', kind: 'system' },
          { labelHtml: '法定主动公开内容', kind: 'statutory' },
          { labelHtml: '政府信息公开年报', kind: 'reports' },
        ],
        reportsWithoutRequired: true,
      },
      homeBlocks: [
        { heading: '教体要闻', columnKey: 'gzdt', count: 8, dateStyle: 'iso' },
        { heading: '通知公告', columnKey: 'tzgg', count: 5, dateStyle: 'iso' },
      ],
      homeExtraHtml: externalLinksHtml(),
      navExtra: [],
      robotsTxt: 'User-agent: *\nDisallow: /admin/\n',
    });
    const site = builder.build();
    builder.setRoute(PHOTO, pngResource());

    const noAlt = site.columns.get('gzdt')?.articles[NO_ALT_ARTICLE_INDEX];
    const noSource = site.columns.get('gzdt')?.articles[NO_SOURCE_ARTICLE_INDEX];
    const typo = site.columns.get('gzdt')?.articles[TYPO_ARTICLE_INDEX];
    const notices = site.columns.get('tzgg');
    const leak = site.columns.get('rsxx')?.articles[ID_LEAK_INDEX];
    const reports = site.columns.get('zfxxgknb');
    if (!noAlt || !noSource || !notices || !leak || !reports || !typo) throw new Error('jty: seeded pages missing');
    const required = requiredReport(evalDate, 'department');
    return {
      site,
      violations: [
        // About the home page, where the column is linked under its variant name.
        { ruleId: 'disclosure.column.name', path: '/' },
        {
          ruleId: 'freshness.column',
          path: notices.listPaths[0] ?? '',
          data: { newest: daysBefore(evalDate, STALE_NOTICE_AGE), ageDays: STALE_NOTICE_AGE },
        },
        { ruleId: 'a11y.image-alt', path: noAlt.path },
        { ruleId: 'meta.article', path: noSource.path, data: { missing: ['ContentSource'] } },
        { ruleId: 'wording.typo', path: typo.path, data: { ...SEEDED_TYPO } },
        { ruleId: 'privacy.id-number', path: leak.path, data: { masked: maskIdNumber(LEAKED_ID) } },
        // About the 年报 list: the required report is not there (only older ones are).
        { ruleId: 'disclosure.annual-report.current', path: reports.listPaths[0] ?? '', data: { year: required.year, deadline: required.deadline } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
