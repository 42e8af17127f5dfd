/**
 * Unit 4 — 黄岛街道 (street, TRS-like, UTF-8). Seeded: no disclosure column at all (the word
 * 公开 appears nowhere on the site); one article whose <html> has no lang; an empty 规划计划 column
 * (暂无信息); an article showing an image that answers 404; an article linking a page that answers 500;
 * a footer without 公网安备 number (site.identity); a 低保 公示 listing families' mobile numbers
 * (privacy.mobile); a 临时救助 公示 whose attached workbook shows one whole ID number (privacy.id-number).
 */
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
import { daysBefore } from '../dates.js';
import { DEMO_REGION, maskIdNumber, maskMobile, syntheticIdNumber } from '../personal-data.js';
import { attachmentNotice, subsistenceList } from '../special-articles.js';
import { xlsxResource } from '../xlsx-attachment.js';
import { serverError } from '../resource.js';
import { SiteBuilder } from '../site-builder.js';
import { trsStyle } from '../trs-style.js';
import type { UnitDefinition } from './unit-definition.js';

const NAME = '黄岛街道';
const NO_LANG_INDEX = 1;
const BROKEN_IMAGE_INDEX = 2;
const BROKEN_IMAGE = '/images/jddt/hdxc.png';
const SERVER_ERROR_INDEX = 0;
const SERVER_ERROR_PAGE = '/bsfw/index.html';
const NOTICE_AGES = [10, 70, 150];
const PHONE = '0532-86981004';
/** 通知公告 entries: the 低保 list with mobiles, and the 临时救助 list in a workbook. */
const MOBILE_LIST_INDEX = 1;
const WORKBOOK_INDEX = 2;
const WORKBOOK_HREF = '/tzgg/fj/lsjzdxmd.xlsx';
const LEAKED_ID = syntheticIdNumber(DEMO_REGION, '19580723', '316');
const FAMILIES = [
  { name: '张秀兰', place: '珠山社区', mobile: '13953201168' },
  { name: '李建国', place: '海港社区', mobile: '15863927705' },
  { name: '王桂芝', place: '石油社区', mobile: '13792460318' },
  { name: '刘志强', place: '齐长城路社区', mobile: '18765420935' },
  { name: '陈玉梅', place: '珠山社区', mobile: '13553016642' },
];

export const hdjdUnit: UnitDefinition = {
  id: 'hdjd',
  name: NAME,
  type: 'street',
  async build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'hdjd',
      unitType: 'street',
      org: '黄岛街道办事处',
      // The footer shows 网站标识码 and ICP备案号 but no 公网安备 number.
      identity: { ...identity('黄岛街道办事处', '黄岛街道办事处网站', siteDomain, '3702110004', '青岛西海岸新区黄岛街道办事处', PHONE), police: null },
      style: trsStyle,
      evalDate,
      charset: () => 'utf8',
      firstArticleId: 7101,
      columns: [
        column({
          key: 'jddt',
          name: '街道动态',
          pool: 'dynamic',
          dateStyle: 'slash',
          ages: [1, 6, 11, 16, 22, 29, 35, 43],
          tweak: (i) => {
            if (i === NO_LANG_INDEX) return { omitLang: true };
            if (i === BROKEN_IMAGE_INDEX) {
              return { extraHtml: `<p class="photo"><img src="${BROKEN_IMAGE}" alt="活动现场照片"></p>` };
            }
            return undefined;
          },
        }),
        column({
          key: 'tzgg',
          name: '通知公告',
          pool: 'notice',
          listStyle: 'table',
          dateStyle: 'slash',
          ages: NOTICE_AGES,
          tweak: (i) => {
            if (i === SERVER_ERROR_INDEX) return { extraHtml: `<p>办理入口：<a href="${SERVER_ERROR_PAGE}">网上办事大厅</a></p>` };
            if (i === MOBILE_LIST_INDEX) {
              return subsistenceList('黄岛街道办事处', FAMILIES, FAMILIES.map((f) => f.mobile), PHONE);
            }
            if (i === WORKBOOK_INDEX) {
              return attachmentNotice(
                '关于临时救助对象名单的公示',
                '根据临时救助工作有关规定，经审核，现将临时救助对象名单予以公示，详见附件。公示期为五个工作日。',
                WORKBOOK_HREF,
                '临时救助对象名单.xlsx',
              );
            }
            return undefined;
          },
        }),
        // Never had any content: the list page says 暂无信息.
        column({ key: 'ghjh', name: '规划计划', pool: 'planning', ages: [] }),
      ],
      disclosure: null,
      homeBlocks: [
        { heading: '街道动态', columnKey: 'jddt', count: 6, dateStyle: 'slash' },
        { heading: '通知公告', columnKey: 'tzgg', count: 3, dateStyle: 'slash' },
      ],
      homeExtraHtml: externalLinksHtml(),
      navExtra: [],
      robotsTxt: 'User-agent: *\nDisallow:\n',
    });
    const site = builder.build();
    builder.setRoute(SERVER_ERROR_PAGE, serverError());
    builder.setRoute(
      WORKBOOK_HREF,
      await xlsxResource({
        sheetName: '临时救助对象名单',
        caption: '黄岛街道临时救助对象名单',
        header: ['序号', '姓名', '身份证号', '所在社区', '救助金额（元）'],
        rows: [
          [1, '赵桂英', maskIdNumber(syntheticIdNumber(DEMO_REGION, '19490302', '124')), '珠山社区', 1500],
          [2, '孙德明', LEAKED_ID, '海港社区', 2000],
          [3, '周玉珍', maskIdNumber(syntheticIdNumber(DEMO_REGION, '19620815', '268')), '石油社区', 1200],
        ],
        date: daysBefore(evalDate, NOTICE_AGES[WORKBOOK_INDEX] ?? 0),
      }),
    );

    const dyn = site.columns.get('jddt');
    const notices = site.columns.get('tzgg');
    const empty = site.columns.get('ghjh');
    const noLang = dyn?.articles[NO_LANG_INDEX];
    const brokenImage = dyn?.articles[BROKEN_IMAGE_INDEX];
    const errorLink = notices?.articles[SERVER_ERROR_INDEX];
    const mobileList = notices?.articles[MOBILE_LIST_INDEX];
    const workbookNotice = notices?.articles[WORKBOOK_INDEX];
    if (!noLang || !brokenImage || !errorLink || !empty || !mobileList || !workbookNotice) throw new Error('hdjd: seeded pages missing');
    return {
      site,
      violations: [
        { ruleId: 'disclosure.column.present', path: '/' },
        { ruleId: 'a11y.html-has-lang', path: noLang.path },
        { ruleId: 'column.empty', path: empty.listPaths[0] ?? '' },
        { ruleId: 'link.broken', path: brokenImage.path, href: BROKEN_IMAGE, data: { status: 404 } },
        { ruleId: 'link.broken', path: errorLink.path, href: SERVER_ERROR_PAGE, data: { status: 500 } },
        { ruleId: 'site.identity', path: '/', data: { missing: ['公安机关备案号'] } },
        { ruleId: 'privacy.mobile', path: mobileList.path, data: { masked: maskMobile(FAMILIES[0]?.mobile ?? ''), count: FAMILIES.length } },
        // About the workbook itself (url = the attachment), found through the article that links it.
        { ruleId: 'privacy.id-number', path: WORKBOOK_HREF, data: { masked: maskIdNumber(LEAKED_ID) } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
