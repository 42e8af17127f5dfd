/**
 * Unit 4 — 黄岛街道 (street, TRS-like, UTF-8). Seeded: no disclosure column at all (the word
 * 公开 appears nowhere on the site); one article whose <html> has no lang; an empty 规划计划 column
 * (暂无信息); an article showing an image that answers 404; an article linking a page that answers 500.
 */
import { column, externalLinkIncompletes, externalLinksHtml, identity } from './common.js';
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

export const hdjdUnit: UnitDefinition = {
  id: 'hdjd',
  name: NAME,
  type: 'street',
  build({ evalDate, siteDomain }) {
    const builder = new SiteBuilder({
      unitId: 'hdjd',
      org: '黄岛街道办事处',
      identity: identity('黄岛街道办事处', '黄岛街道办事处网站', siteDomain, '3702110004', '青岛西海岸新区黄岛街道办事处', '0532-86981004'),
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
          ages: [10, 70, 150],
          tweak: (i) =>
            i === SERVER_ERROR_INDEX
              ? { extraHtml: `<p>办理入口：<a href="${SERVER_ERROR_PAGE}">网上办事大厅</a></p>` }
              : undefined,
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

    const dyn = site.columns.get('jddt');
    const notices = site.columns.get('tzgg');
    const empty = site.columns.get('ghjh');
    const noLang = dyn?.articles[NO_LANG_INDEX];
    const brokenImage = dyn?.articles[BROKEN_IMAGE_INDEX];
    const errorLink = notices?.articles[SERVER_ERROR_INDEX];
    if (!noLang || !brokenImage || !errorLink || !empty) throw new Error('hdjd: seeded pages missing');
    return {
      site,
      violations: [
        { ruleId: 'disclosure.column.present', path: '/' },
        { ruleId: 'a11y.html-has-lang', path: noLang.path },
        { ruleId: 'column.empty', path: empty.listPaths[0] ?? '' },
        { ruleId: 'link.broken', path: brokenImage.path, href: BROKEN_IMAGE, data: { status: 404 } },
        { ruleId: 'link.broken', path: errorLink.path, href: SERVER_ERROR_PAGE, data: { status: 500 } },
      ],
      incompletes: externalLinkIncompletes(),
    };
  },
};
