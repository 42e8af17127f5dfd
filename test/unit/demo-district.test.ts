/**
 * The demo district, checked over real HTTP: every unit's site is walked link by link (as a crawler
 * would, datastore records and the Hanweb data proxy included) and what the walk sees is compared
 * with the answer key: broken targets, pages without lang/title, images without alt, stale and
 * empty columns, the disclosure column's parts. So the key is verified by an independent reading
 * of the sites, not only by the unit files that seed it. The script-built lists of unit zjd are
 * read the way its /js/list.js reads them: from the JSON list API.
 */
import * as cheerio from 'cheerio';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsRendering } from '../../crawler/browser/render-decision.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { expectedIncompletes, expectedViolations, unreachableUnitIds } from '../demo-district/answer-key.js';
import { listedReportYears, requiredReport } from '../demo-district/annual-report-years.js';
import { daysBefore, daysBetween } from '../demo-district/dates.js';
import { idCheckChar, maskIdNumber, maskMobile } from '../demo-district/personal-data.js';
import { startDemoDistrict, type DemoDistrict, type DemoUnit } from '../demo-district/server.js';
import { ZJD_STALE_NOTICE_AGE } from '../demo-district/units/zjd.js';

const EVAL_DATE = '2020-11-26';

interface Fetched {
  status: number;
  contentType: string | null;
  bytes: Buffer;
  text: string;
}

async function get(url: string, init?: RequestInit): Promise<Fetched> {
  const res = await fetch(url, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type');
  return { status: res.status, contentType, bytes, text: decode(bytes, contentType) };
}

/** Header charset, else a <meta> anywhere in the page, else UTF-8. */
function decode(bytes: Buffer, contentType: string | null): string {
  const fromHeader = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1];
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(bytes.toString('latin1'))?.[1];
  const charset = (fromHeader ?? fromMeta ?? 'utf-8').toLowerCase();
  return charset === 'utf-8' || charset === 'utf8' ? bytes.toString('utf8') : iconv.decode(bytes, charset);
}

const DATE_PATTERNS: RegExp[] = [
  /(\d{4})-(\d{1,2})-(\d{1,2})/,
  /(\d{4})\/(\d{1,2})\/(\d{1,2})/,
  /(\d{4})\.(\d{1,2})\.(\d{1,2})/,
  /(\d{4})年(\d{1,2})月(\d{1,2})日/,
];

function readDate(text: string): string | null {
  for (const re of DATE_PATTERNS) {
    const m = re.exec(text);
    if (m) return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  }
  return null;
}

/** The freshness limit of a column name (requirements §4), or null when none applies. */
function limitDays(name: string): number | null {
  if (/历史|专题|归档/.test(name)) return null;
  if (/动态|要闻|新闻/.test(name)) return 14;
  if (/通知|公告|公示|政策|文件|规范性/.test(name)) return 182;
  if (/人事|任免|招聘|规划|计划/.test(name)) return 365;
  return null;
}

interface PageFacts {
  path: string;
  lang: string | undefined;
  title: string | null;
  columnName: string | null;
  isArticle: boolean;
  imagesWithoutAlt: number;
  listDates: string[];
  emptyMarker: boolean;
  /** Entries of an empty `<ul data-col>` that the page script fills from the list API (unit zjd). */
  scriptedEntries: number;
  text: string;
  html: string;
}

interface Walk {
  statuses: Map<string, number>;
  pages: Map<string, PageFacts>;
  /** target path → first page that links it */
  linkedFrom: Map<string, string>;
  external: Set<string>;
  queryLinks: Set<string>;
}

/** Visit every internal link and asset of a unit, breadth first, from the home page. */
async function walkSite(unit: DemoUnit): Promise<Walk> {
  const origin = new URL(unit.url).origin;
  const walk: Walk = { statuses: new Map(), pages: new Map(), linkedFrom: new Map(), external: new Set(), queryLinks: new Set() };
  const queue: string[] = ['/'];
  const seen = new Set<string>(queue);
  const enqueue = (raw: string, from: string): void => {
    const url = new URL(raw, origin + from);
    url.hash = '';
    if (url.origin !== origin) {
      walk.external.add(url.href);
      return;
    }
    // Query variants are the calendar trap: recorded, never followed.
    if (url.search) {
      walk.queryLinks.add(url.pathname + url.search);
      return;
    }
    if (!walk.linkedFrom.has(url.pathname)) walk.linkedFrom.set(url.pathname, from);
    if (!seen.has(url.pathname)) {
      seen.add(url.pathname);
      queue.push(url.pathname);
    }
  };
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const res = await get(origin + path);
    walk.statuses.set(path, res.status);
    if (res.status !== 200 || !(res.contentType ?? '').startsWith('text/html')) continue;
    const $ = cheerio.load(res.text);
    $('a[href], link[href]').each((_, el) => enqueue($(el).attr('href') as string, path));
    $('img[src], script[src]').each((_, el) => enqueue($(el).attr('src') as string, path));
    const datastore = $('script[type="text/xml"]').text();
    const records = [...datastore.matchAll(/<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g)].map((m) => m[1] ?? '');
    for (const record of records) for (const m of record.matchAll(/href="([^"]+)"/g)) enqueue(m[1] ?? '', path);
    let listDates = [...records.map((r) => readDate(r))];
    const proxy = /totalRecord:(\d+),proxyUrl:'([^']+)',ajaxParam:\{[^}]*columnid:(\d+)/.exec(res.text);
    const perPage = Number(/perPage:(\d+)/.exec(res.text)?.[1] ?? 0);
    if (proxy && Number(proxy[1]) > perPage) {
      const form = new URLSearchParams({ columnid: proxy[3] ?? '', startrecord: String(perPage + 1), endrecord: proxy[1] ?? '', perpage: String(perPage) });
      const xml = await get(origin + (proxy[2] ?? ''), { method: 'POST', body: form });
      const more = [...xml.text.matchAll(/<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g)].map((m) => m[1] ?? '');
      for (const record of more) for (const m of record.matchAll(/href="([^"]+)"/g)) enqueue(m[1] ?? '', path);
      listDates = listDates.concat(more.map((r) => readDate(r)));
    }
    // Script-built lists: what /js/list.js fetches for each empty <ul data-col>.
    let scriptedEntries = 0;
    if ($('script[src="/js/list.js"]').length > 0) {
      for (const key of $('ul[data-col]').map((_, el) => $(el).attr('data-col')).get()) {
        const api = await get(`${origin}/api/list?col=${encodeURIComponent(key)}`);
        const items = (JSON.parse(api.text) as { list: { url: string; pubDate: string }[] }).list;
        for (const item of items) enqueue(item.url, path);
        listDates = listDates.concat(items.map((i) => readDate(i.pubDate)));
        scriptedEntries += items.length;
      }
    }
    const meta = (name: string): string | null => $(`meta[name="${name}"]`).attr('content') ?? null;
    listDates = listDates.concat($('.list-box li span, .list-box td, .gk-right li span').map((_, el) => readDate($(el).text())).get());
    walk.pages.set(path, {
      path,
      lang: $('html').attr('lang'),
      title: $('title').length > 0 ? $('title').text() : null,
      columnName: meta('ColumnName'),
      isArticle: meta('ArticleTitle') !== null,
      imagesWithoutAlt: $('img:not([alt])').length,
      listDates: listDates.filter((d): d is string => d !== null),
      emptyMarker: res.text.includes('暂无信息'),
      scriptedEntries,
      text: $('body').text().replace(/\s+/g, ' '),
      html: res.text,
    });
  }
  return walk;
}

/** Body text with table cells kept apart (as a reader sees them), whitespace collapsed. */
function cellText(html: string): string {
  const $ = cheerio.load(html);
  $('td, th').append(' ');
  return $('body').text().replace(/\s+/g, ' ');
}

/** Whole 18-character ID numbers: valid check character, a real birth date, not inside longer digit runs. */
function fullIdNumbers(text: string): string[] {
  return [...text.matchAll(/(?<![\dA-Za-z*])(\d{17})([\dX])(?![\dA-Za-z])/g)]
    .filter((m) => idCheckChar(m[1] ?? '') === m[2])
    .filter((m) => {
      const birth = (m[1] ?? '').slice(6, 14);
      const d = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10).replaceAll('-', '') === birth && birth >= '19000101';
    })
    .map((m) => `${m[1]}${m[2]}`);
}

/** Unmasked mobile numbers: 1[3-9] and nine digits, not part of a longer number nor of a money amount. */
function unmaskedMobiles(text: string): string[] {
  return [...text.matchAll(/(?<![\d.])1[3-9]\d{9}(?![\d.]|元)/g)].map((m) => m[0]);
}

let district: DemoDistrict;
let reachable: DemoUnit[];
const walks = new Map<string, Walk>();

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const dead = new Set(unreachableUnitIds(district));
  reachable = district.units.filter((u) => !dead.has(u.id));
  for (const unit of reachable) walks.set(unit.id, await walkSite(unit));
});

afterAll(async () => {
  await district?.close();
});

function walkOf(unitId: string): Walk {
  const walk = walks.get(unitId);
  if (!walk) throw new Error(`no walk for ${unitId}`);
  return walk;
}

function violations(ruleId: string) {
  return expectedViolations(district).filter((f) => f.ruleId === ruleId);
}

describe('demo district', () => {
  it('has at least five reachable units on their own origins and one unreachable unit', async () => {
    expect(reachable.length).toBeGreaterThanOrEqual(5);
    expect(new Set(district.units.map((u) => new URL(u.url).origin)).size).toBe(district.units.length);
    expect(new Set(reachable.map((u) => u.type))).toEqual(new Set(['department', 'town', 'street', 'other']));
    const dead = district.units.filter((u) => unreachableUnitIds(district).includes(u.id));
    expect(dead).toHaveLength(1);
    await expect(fetch(dead[0]?.url ?? '')).rejects.toThrow();
    expect(expectedViolations(district).filter((f) => f.unitId === dead[0]?.id)).toEqual([]);
  });

  it('serves home pages with charset, lang, title, site metas, identity and an accessibility entry', async () => {
    for (const unit of reachable) {
      const res = await get(unit.url);
      expect(res.status, unit.id).toBe(200);
      expect(res.contentType, unit.id).toMatch(/^text\/html; charset=/i);
      const $ = cheerio.load(res.text);
      expect($('html').attr('lang'), unit.id).toBe('zh-CN');
      expect($('title').text(), unit.id).not.toBe('');
      const noMeta = violations('meta.site').filter((f) => f.unitId === unit.id).flatMap((f) => f.data?.missing as string[]);
      for (const name of ['SiteName', 'SiteDomain', 'SiteIDCode']) {
        expect(Boolean($(`meta[name="${name}"]`).attr('content')), `${unit.id} ${name}`).toBe(!noMeta.includes(name));
      }
      const noMark = violations('site.identity').filter((f) => f.unitId === unit.id).flatMap((f) => f.data?.missing as string[]);
      const footer = $('.footer').text();
      expect(footer, unit.id).toMatch(/网站标识码：\d{10}/);
      expect(footer, unit.id).toMatch(/鲁ICP备\d{8}号/);
      expect(/鲁公网安备 ?\d{14}号/.test(footer), unit.id).toBe(!noMark.includes('公安机关备案号'));
      for (const word of ['无障碍浏览', '长者模式']) expect(res.text, `${unit.id} ${word}`).toContain(word);
      const robots = await get(new URL('/robots.txt', unit.url).href);
      expect(robots.status).toBe(200);
      expect(robots.text).toMatch(/^User-agent: \*/);
    }
  });

  it('answers every internal link and asset with 200, except exactly the seeded broken targets', () => {
    const seededBroken = new Map(
      violations('link.broken').map((f) => [`${f.unitId} ${new URL(String(f.data?.href)).pathname}`, f]),
    );
    const seen = new Set<string>();
    for (const unit of reachable) {
      const walk = walkOf(unit.id);
      expect(walk.statuses.size, unit.id).toBeGreaterThan(20);
      for (const [path, status] of walk.statuses) {
        const seeded = seededBroken.get(`${unit.id} ${path}`);
        if (seeded) {
          seen.add(`${unit.id} ${path}`);
          expect(status, `${unit.id} ${path}`).toBe(seeded.data?.status);
          // Linked from exactly the page the key names, so "first page that links it" is unambiguous.
          expect(walk.linkedFrom.get(path), `${unit.id} ${path}`).toBe(seeded.path);
          const linkers = [...walk.pages.values()].filter((p) => p.html.includes(`"${path}"`));
          expect(linkers.map((p) => p.path)).toEqual([seeded.path]);
        } else {
          expect(status, `${unit.id} ${path}`).toBe(200);
        }
      }
    }
    expect([...seen].sort()).toEqual([...seededBroken.keys()].sort());
  });

  it('links out only to unresolvable external hosts, listed as seeded incompletes', () => {
    const incompletes = expectedIncompletes(district);
    for (const unit of reachable) {
      const hrefs = incompletes.filter((f) => f.unitId === unit.id && f.ruleId === 'link.broken').map((f) => f.data?.href);
      expect([...walkOf(unit.id).external].sort(), unit.id).toEqual([...hrefs].sort());
      for (const href of hrefs) expect(new URL(String(href)).hostname).toMatch(/\.invalid$/);
    }
  });

  it('breaks lang, title and alt only on the seeded pages', () => {
    for (const [ruleId, broken] of [
      ['a11y.html-has-lang', (p: PageFacts) => p.lang === undefined || p.lang === ''],
      ['a11y.document-title', (p: PageFacts) => p.title === null || p.title.trim() === ''],
      ['a11y.image-alt', (p: PageFacts) => p.imagesWithoutAlt > 0],
    ] as const) {
      const actual = reachable.flatMap((u) => [...walkOf(u.id).pages.values()].filter(broken).map((p) => `${u.id} ${p.path}`));
      const expected = violations(ruleId).map((f) => `${f.unitId} ${f.path}`);
      expect(actual.sort(), ruleId).toEqual(expected.sort());
      expect(expected.length, ruleId).toBeGreaterThan(0);
    }
  });

  it('gives every article its metadata and every policy document an interpretation, except where seeded', () => {
    let articles = 0;
    let policies = 0;
    const noMeta = new Map(violations('meta.article').map((f) => [`${f.unitId} ${f.path}`, f.data?.missing as string[]]));
    const unexplained = new Set(violations('interpretation.linked').map((f) => `${f.unitId} ${f.path}`));
    expect(noMeta.size).toBe(1);
    expect(unexplained.size).toBe(1);
    for (const unit of reachable) {
      for (const page of walkOf(unit.id).pages.values()) {
        const key = `${unit.id} ${page.path}`;
        const $ = cheerio.load(page.html);
        if (page.text.includes('发布时间') || page.isArticle) {
          articles++;
          const missing = ['ArticleTitle', 'PubDate', 'ContentSource'].filter((name) => !$(`meta[name="${name}"]`).attr('content'));
          expect(missing, key).toEqual(noMeta.get(key) ?? []);
        }
        if (page.isArticle && page.columnName === '政策文件') {
          policies++;
          const links = $('a').filter((_, el) => $(el).text().includes('解读')).length;
          expect(links > 0, key).toBe(!unexplained.has(key));
        }
      }
    }
    expect(articles).toBeGreaterThan(100);
    expect(policies).toBe(15);
  });

  it('shows personal numbers unmasked only where a privacy defect is seeded; masked numbers and money elsewhere', () => {
    const seededIds = new Map(violations('privacy.id-number').map((f) => [`${f.unitId} ${f.path}`, f.data?.masked]));
    const seededMobiles = new Map(violations('privacy.mobile').map((f) => [`${f.unitId} ${f.path}`, f.data]));
    const foundIds = new Map<string, unknown>();
    const foundMobiles = new Map<string, unknown>();
    let maskedIds = 0;
    let maskedMobiles = 0;
    let money = 0;
    for (const unit of reachable) {
      for (const page of walkOf(unit.id).pages.values()) {
        const text = cellText(page.html);
        const ids = fullIdNumbers(text);
        if (ids.length > 0) foundIds.set(`${unit.id} ${page.path}`, maskIdNumber(ids[0] ?? ''));
        const mobiles = unmaskedMobiles(text);
        if (mobiles.length > 0) foundMobiles.set(`${unit.id} ${page.path}`, { masked: maskMobile(mobiles[0] ?? ''), count: mobiles.length });
        maskedIds += (text.match(/\d{6}\*{8}\d{3}[\dX]/g) ?? []).length;
        maskedMobiles += (text.match(/1[3-9]\d\*{4}\d{4}/g) ?? []).length;
        money += (text.match(/\d{11}\.\d{2}元/g) ?? []).length;
      }
    }
    // The workbook's leak is found through its own URL; the pages are checked here.
    const pageIds = new Map([...seededIds].filter(([k]) => !k.endsWith('.xlsx')));
    expect(foundIds).toEqual(pageIds);
    expect(foundMobiles).toEqual(seededMobiles);
    expect(foundMobiles.size).toBe(1);
    // The look-alikes a checker must let pass are really there.
    expect(maskedIds).toBeGreaterThanOrEqual(4);
    expect(maskedMobiles).toBeGreaterThanOrEqual(3);
    expect(money).toBe(1);
  });

  it('attaches a real xlsx workbook with one whole, checksum-valid ID number among masked ones', async () => {
    const leaks = violations('privacy.id-number').filter((f) => f.path.endsWith('.xlsx'));
    expect(leaks).toHaveLength(1);
    const leak = leaks[0]!;
    const unit = reachable.find((u) => u.id === leak.unitId) as DemoUnit;
    const res = await get(new URL(leak.path, unit.url).href);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    const text = cells.join(' ');
    expect(fullIdNumbers(text).map(maskIdNumber)).toEqual([leak.data?.masked]);
    expect((text.match(/\d{6}\*{8}\d{3}[\dX]/g) ?? []).length).toBe(2);
    // Linked from exactly one page of its unit, a 公示 article.
    const linkers = [...walkOf(unit.id).pages.values()].filter((p) => p.html.includes(`"${leak.path}"`));
    expect(linkers.map((p) => p.isArticle)).toEqual([true]);
  });

  it('gives 征求意见 notices their comment periods: under 30 days only where seeded', () => {
    const seeded = new Map(violations('consultation.duration').map((f) => [`${f.unitId} ${f.path}`, f.data?.days]));
    const periods = new Map<string, number>();
    for (const unit of reachable) {
      for (const page of walkOf(unit.id).pages.values()) {
        const heading = cheerio.load(page.html)('h1').text();
        if (!page.isArticle || !heading.includes('征求意见')) continue;
        const m = /征求意见时间：(\d{4})年(\d{1,2})月(\d{1,2})日至(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(page.text);
        expect(m, page.path).not.toBeNull();
        const iso = (y?: string, mo?: string, d?: string) => `${y}-${mo?.padStart(2, '0')}-${d?.padStart(2, '0')}`;
        periods.set(`${unit.id} ${page.path}`, daysBetween(iso(m?.[1], m?.[2], m?.[3]), iso(m?.[4], m?.[5], m?.[6])) + 1);
      }
    }
    expect(new Map([...periods].filter(([, days]) => days < 30))).toEqual(seeded);
    expect(seeded.size).toBe(1);
    expect([...periods.values()].some((days) => days >= 30)).toBe(true);
  });

  it('dates every guide, lists the required annual report and keeps reports whole and balanced, except where seeded', () => {
    const undated = new Set(violations('disclosure.guide.dated').map((f) => `${f.unitId} ${f.path}`));
    const current = new Map(violations('disclosure.annual-report.current').map((f) => [f.unitId, f]));
    const structure = new Map(violations('disclosure.annual-report.structure').map((f) => [`${f.unitId} ${f.path}`, f.data?.section]));
    const consistency = new Map(violations('disclosure.annual-report.consistency').map((f) => [`${f.unitId} ${f.path}`, f.data]));
    let guides = 0;
    let reports = 0;
    for (const unit of reachable) {
      const walk = walkOf(unit.id);
      const column = [...walk.pages.values()].find((p) => p.html.includes('class="gk-nav"'));
      if (!column) continue;
      const $ = cheerio.load(column.html);
      const partHref = (re: RegExp) => $('.gk-nav a').filter((_, el) => re.test($(el).text())).attr('href');
      const guide = walk.pages.get(partHref(/指南/) ?? '');
      expect(guide, unit.id).toBeDefined();
      guides++;
      const dated = /更新日期：\d{4}-\d{2}-\d{2}|发布时间：\d{4}-\d{2}-\d{2}/.test(guide?.text ?? '') || (guide?.html ?? '').includes('name="PubDate"');
      expect(dated, `${unit.id} guide`).toBe(!undated.has(`${unit.id} ${guide?.path}`));

      const listPath = partHref(/年报|年度报告/);
      if (!listPath) continue;
      const list = walk.pages.get(listPath);
      const years = [...new Set([...(list?.html ?? '').matchAll(/(\d{4})年政府信息公开工作年度报告/g)].map((m) => Number(m[1])))];
      const seeded = current.get(unit.id);
      expect(seeded === undefined || seeded.path === listPath, unit.id).toBe(true);
      expect(years, unit.id).toEqual(listedReportYears(EVAL_DATE, unit.type, seeded !== undefined));
      expect(years.includes(requiredReport(EVAL_DATE, unit.type).year), unit.id).toBe(seeded === undefined);
      if (seeded) expect(seeded.data).toEqual({ ...requiredReport(EVAL_DATE, unit.type) });

      for (const page of walk.pages.values()) {
        if (!page.isArticle || page.columnName !== '政府信息公开年报') continue;
        reports++;
        const key = `${unit.id} ${page.path}`;
        const r = cheerio.load(page.html);
        const heads = r('h3').map((_, el) => r(el).text()).get();
        const hasFive = heads.some((h) => h.includes('存在的主要问题及改进情况'));
        expect(heads.length, key).toBe(hasFive ? 6 : 5);
        expect(hasFive ? undefined : '五、存在的主要问题及改进情况', key).toBe(structure.get(key));
        const total = (label: string) => Number(r('tr').filter((_, tr) => r(tr).find('td').first().text().startsWith(label)).find('td').last().text());
        const t = { received: total('一、本年新收'), carriedOver: total('二、上年结转'), total: total('（七）总计'), carriedForward: total('四、结转下年度') };
        const balanced = t.received + t.carriedOver === t.total + t.carriedForward;
        expect(balanced, key).toBe(!consistency.has(key));
        if (!balanced) expect({ column: '总计', ...t }).toEqual(consistency.get(key));
      }
    }
    expect(guides).toBe(5);
    expect(reports).toBe(12);
    expect([undated.size, current.size, structure.size, consistency.size]).toEqual([1, 1, 1, 1]);
  });

  it('reaches the 单项否决 on one unit only: its five stale key columns are all in the key', () => {
    const vetoes = violations('freshness.veto');
    expect(vetoes.map((f) => f.unitId)).toEqual(['bsz']);
    const keyTypes = /动态|要闻|新闻|通知|公告|公示|政策|文件|规范性/;
    for (const unit of reachable) {
      const staleKey = violations('freshness.column').filter((f) => {
        if (f.unitId !== unit.id) return false;
        return keyTypes.test(walkOf(unit.id).pages.get(f.path)?.columnName ?? '');
      });
      const veto = vetoes.find((f) => f.unitId === unit.id);
      expect(staleKey.length >= 5, unit.id).toBe(veto !== undefined);
      if (veto) expect(veto.data?.staleKeyColumns).toBe(staleKey.length);
    }
  });

  it('has stale columns and an empty column exactly where the key says', () => {
    const stale: string[] = [];
    const empty: string[] = [];
    const exemptButOld: string[] = [];
    for (const unit of reachable) {
      const walk = walkOf(unit.id);
      for (const page of walk.pages.values()) {
        if (!page.columnName || page.isArticle) continue;
        // Later list pages (index_1.html …) belong to the column of index.html.
        if (/index_\d+\.html$/.test(page.path)) continue;
        const pages = [page, ...[...walk.pages.values()].filter((p) => p.path.startsWith(page.path.replace(/index\.html$/, 'index_')))];
        const dates = pages.flatMap((p) => p.listDates).sort();
        const newest = dates.at(-1);
        if (page.emptyMarker) {
          expect(dates, page.path).toEqual([]);
          empty.push(`${unit.id} ${page.path}`);
          continue;
        }
        expect(newest, `${unit.id} ${page.path} has dated items`).toBeDefined();
        const age = daysBetween(newest as string, EVAL_DATE);
        const limit = limitDays(page.columnName);
        if (limit !== null && age > limit) stale.push(`${unit.id} ${page.path} ${newest} ${age}`);
        if (limit === null && /专题/.test(page.columnName) && age > 365) exemptButOld.push(page.columnName);
      }
    }
    const expectedStale = violations('freshness.column').map((f) => `${f.unitId} ${f.path} ${f.data?.newest} ${f.data?.ageDays}`);
    expect(stale.sort()).toEqual(expectedStale.sort());
    expect(empty).toEqual(violations('column.empty').map((f) => `${f.unitId} ${f.path}`));
    expect(exemptButOld).toEqual(['海岛环境整治专题动态']);
  });

  it('keeps home pages fresh except where freshness.homepage is seeded', () => {
    const seeded = new Map(violations('freshness.homepage').map((f) => [f.unitId, f]));
    expect(seeded.size).toBe(1);
    for (const unit of reachable) {
      const home = walkOf(unit.id).pages.get('/');
      const $ = cheerio.load(home?.html ?? '');
      const dates = $('.block li .date').map((_, el) => readDate($(el).text())).get().filter((d): d is string => d !== null).sort();
      const newest = dates.at(-1) as string;
      const f = seeded.get(unit.id);
      if (f) expect({ newest, ageDays: daysBetween(newest, EVAL_DATE) }).toEqual(f.data);
      else expect(daysBetween(newest, EVAL_DATE), unit.id).toBeLessThanOrEqual(14);
    }
  });

  it('shows the disclosure column and its parts as the key says', () => {
    const parts = ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容'];
    for (const unit of reachable) {
      const walk = walkOf(unit.id);
      const home = cheerio.load(walk.pages.get('/')?.html ?? '');
      const disclosureLink = home('.nav a').filter((_, el) => /信息公开|政务公开/.test(home(el).text())).first();
      if (violations('disclosure.column.present').some((f) => f.unitId === unit.id)) {
        expect(disclosureLink.length).toBe(0);
        // Nothing anywhere on the site could pass for the column.
        for (const page of walk.pages.values()) expect(page.text, page.path).not.toContain('公开');
        continue;
      }
      const path = disclosureLink.attr('href') as string;
      const column = walk.pages.get(path);
      expect(column, unit.id).toBeDefined();
      const named = violations('disclosure.column.name').find((f) => f.unitId === unit.id);
      if (named) expect(named.path).toBe('/');
      expect(disclosureLink.text() === '政府信息公开', unit.id).toBe(named === undefined);
      const $ = cheerio.load(column?.html ?? '');
      const labels = $('.gk-nav a').map((_, el) => $(el).text().replace(/\s+/g, '')).get();
      for (const part of parts) expect(labels, `${unit.id} ${part}`).toContain(part);
      const missingReport = violations('disclosure.parts').find((f) => f.unitId === unit.id);
      const hasReport = labels.some((l) => l === '政府信息公开年报' || l === '政府信息公开工作年度报告');
      expect(hasReport, unit.id).toBe(missingReport === undefined);
      if (missingReport) {
        expect(missingReport).toMatchObject({ path, data: { part: '政府信息公开年报' } });
        expect(column?.text).not.toMatch(/年报|年度报告/);
      }
    }
    // The line-broken label of unit fgj still reads 政府信息公开指南 once markup is removed.
    expect(walkOf('fgj').pages.get('/xxgk/index.html')?.html).toContain('政府信息<br>公开指南');
  });

  it('encodes the town site in GBK: header-only charset on lists, a late <meta> on articles', async () => {
    const town = reachable.find((u) => u.id === 'bsz') as DemoUnit;
    const home = await get(town.url);
    expect(home.contentType).toBe('text/html; charset=GBK');
    expect(home.bytes.toString('utf8')).not.toContain('宝山镇');
    expect(iconv.decode(home.bytes, 'gbk')).toContain('宝山镇人民政府');
    expect(home.bytes.toString('latin1')).not.toMatch(/<meta[^>]+charset/i);

    const articlePath = [...walkOf('bsz').pages.values()].find((p) => p.isArticle)?.path as string;
    const article = await get(new URL(articlePath, town.url).href);
    expect(article.contentType).toBe('text/html');
    const metaAt = article.bytes.indexOf(Buffer.from('charset=gb2312'));
    expect(metaAt).toBeGreaterThan(1024);
    const decoded = iconv.decode(article.bytes, 'gbk');
    expect(decoded).toContain('发布时间：');
    expect(iconv.encode(decoded, 'gbk').equals(article.bytes)).toBe(true);
  });

  it('keeps Hanweb lists only in the datastore and serves the rest through dataproxy.jsp', async () => {
    const unit = reachable.find((u) => u.id === 'jty') as DemoUnit;
    const page = await get(new URL('/col/col1231/index.html', unit.url).href);
    const $ = cheerio.load(page.text);
    $('script').remove();
    expect($('.list-box li').length).toBe(0);
    expect(page.text).toContain('<datastore>');
    expect(page.text.match(/<record>/g)).toHaveLength(15);
    const form = new URLSearchParams({ col: '1', columnid: '1231', startrecord: '16', endrecord: '45', perpage: '15' });
    const proxy = await get(new URL('/module/web/jpage/dataproxy.jsp', unit.url).href, { method: 'POST', body: form });
    expect(proxy.contentType).toMatch(/^text\/xml/);
    expect(proxy.text).toContain('<totalrecord>25</totalrecord>');
    expect(proxy.text.match(/<record>/g)).toHaveLength(10);
    expect(district.requests).toContainEqual({ unitId: 'jty', path: '/module/web/jpage/dataproxy.jsp', method: 'POST' });
  });

  it("builds zjd's 工作动态 and 通知公告 lists only by script: empty containers, dated entries from the list API", async () => {
    const unit = reachable.find((u) => u.id === 'zjd') as DemoUnit;
    const walk = walkOf('zjd');
    const scripted = [...walk.pages.values()].filter((p) => p.scriptedEntries > 0);
    expect(scripted.map((p) => `${p.path} ${p.columnName}`).sort()).toEqual(['/xwdt/gzdt/index.html 工作动态', '/zwgk/tzgg/index.html 通知公告']);
    for (const page of scripted) {
      const $ = cheerio.load(page.html);
      const box = $('ul[data-col]');
      expect(box.length, page.path).toBe(1);
      expect(box.children().length, page.path).toBe(0);
      expect(box.text().trim(), page.path).toBe('');
      // The static page gives nothing away: no entry, no date, and no 暂无信息 (it is not an empty column).
      $('script').remove();
      expect($('.list-box a').length, page.path).toBe(0);
      expect($('.list-box').text(), page.path).not.toMatch(/\d{4}[-/年.]\d{1,2}/);
      expect(page.emptyMarker, page.path).toBe(false);

      const api = await get(new URL(`/api/list?col=${box.attr('data-col')}`, unit.url).href);
      expect(api.status).toBe(200);
      expect(api.contentType).toBe('application/json; charset=utf-8');
      const answer = JSON.parse(api.text) as { total: number; list: { title: string; url: string; pubDate: string }[] };
      expect(answer.list.length, page.path).toBe(page.scriptedEntries);
      expect(answer.total).toBe(answer.list.length);
      const dates = answer.list.map((i) => i.pubDate);
      expect(dates, page.path).toEqual([...dates].sort().reverse());
      // Each entry is a real article with the same title and publication date.
      for (const item of answer.list) {
        const article = walk.pages.get(item.url);
        expect(article?.isArticle, item.url).toBe(true);
        expect(article?.html).toContain(`<meta name="PubDate" content="${item.pubDate} 09:30">`);
        expect(cheerio.load(article?.html ?? '')('h1').text()).toBe(item.title);
      }
    }
    expect(walk.statuses.get('/js/list.js')).toBe(200);
    expect((await get(new URL('/api/list?col=nope', unit.url).href)).status).toBe(404);
    // The one zjd defect is the stale 通知公告, which only a rendering crawl can see.
    expect(expectedViolations(district).filter((f) => f.unitId === 'zjd')).toEqual([
      {
        unitId: 'zjd',
        ruleId: 'freshness.column',
        path: '/zwgk/tzgg/index.html',
        data: { newest: daysBefore(EVAL_DATE, ZJD_STALE_NOTICE_AGE), ageDays: ZJD_STALE_NOTICE_AGE },
        needsBrowser: true,
      },
    ]);
  });

  it('marks exactly the expectations that need a browser, and drops them for a crawl without one', () => {
    const all = expectedViolations(district);
    const withoutBrowser = expectedViolations(district, { browser: false });
    expect(all.filter((f) => f.needsBrowser === true).map((f) => `${f.unitId} ${f.path}`)).toEqual(['zjd /zwgk/tzgg/index.html']);
    expect(withoutBrowser).toEqual(all.filter((f) => f.needsBrowser !== true));
    expect(withoutBrowser.length).toBe(all.length - 1);
    expect(expectedIncompletes(district, { browser: false })).toEqual(expectedIncompletes(district));
  });

  it("asks the crawler's render decision for a browser on exactly the script-built list pages", () => {
    let rendered = 0;
    for (const unit of reachable) {
      for (const page of walkOf(unit.id).pages.values()) {
        const url = new URL(page.path, unit.url).href;
        const snapshot = extractSnapshot(cheerioDomView(page.html, url), url, { refDate: EVAL_DATE });
        const decision = needsRendering(page.html, snapshot, 'auto');
        expect(decision.render, `${unit.id} ${page.path} ${decision.reasons.join(' ')}`).toBe(page.scriptedEntries > 0);
        if (decision.render) rendered++;
      }
    }
    expect(rendered).toBe(2);
  });

  it('has a calendar trap whose ?date= links never end, on clean pages', async () => {
    const unit = reachable.find((u) => u.id === 'lsd') as DemoUnit;
    const trapLinks = [...walkOf('lsd').queryLinks].filter((l) => l.startsWith('/hdrl/'));
    expect(trapLinks.length).toBeGreaterThan(0);
    let next = trapLinks.find((l) => l.includes('date=')) as string;
    const visited = new Set<string>();
    for (let hop = 0; hop < 30; hop++) {
      const res = await get(new URL(next, unit.url).href);
      expect(res.status).toBe(200);
      const $ = cheerio.load(res.text);
      expect($('html').attr('lang')).toBe('zh-CN');
      expect($('title').text()).not.toBe('');
      expect(res.text).not.toContain('暂无信息');
      visited.add(next);
      next = $('a').filter((_, el) => $(el).text() === '下一月').attr('href') as string;
    }
    expect(visited.size).toBe(30);
  });

  it('points the answer key at pages that exist', async () => {
    for (const f of [...expectedViolations(district), ...expectedIncompletes(district)]) {
      const unit = district.units.find((u) => u.id === f.unitId) as DemoUnit;
      const res = await get(new URL(f.path, unit.url).href);
      expect(res.status, `${f.unitId} ${f.path}`).toBe(200);
    }
    expect(new Set(expectedViolations(district).map((f) => f.ruleId))).toEqual(
      new Set(['link.broken', 'disclosure.column.name', 'freshness.column', 'a11y.image-alt', 'disclosure.parts', 'freshness.homepage',
        'disclosure.column.present', 'a11y.html-has-lang', 'column.empty', 'a11y.document-title',
        'meta.site', 'meta.article', 'site.identity', 'disclosure.guide.dated', 'disclosure.annual-report.current',
        'disclosure.annual-report.structure', 'disclosure.annual-report.consistency', 'privacy.id-number', 'privacy.mobile',
        'consultation.duration', 'interpretation.linked', 'freshness.veto', 'wording.typo', 'wording.serious']),
    );
  });
});

describe('demo district on another evaluation date', () => {
  it('moves every date with evalDate, so the key holds on any day', async () => {
    const evalDate = '2024-03-01';
    const other = await startDemoDistrict({ evalDate });
    try {
      const fgj = other.units.find((u) => u.id === 'fgj') as DemoUnit;
      const home = await get(fgj.url);
      expect(home.text).toContain(`<span class="date">${daysBefore(evalDate, 1)}</span>`);
      for (const f of expectedViolations(other).filter((x) => x.ruleId === 'freshness.column' || x.ruleId === 'freshness.homepage')) {
        expect(daysBetween(String(f.data?.newest), evalDate)).toBe(f.data?.ageDays);
      }
      // After 31 January 2024 departments owe the 2023 report; the seeded unit lists only older ones.
      const report = expectedViolations(other).find((f) => f.ruleId === 'disclosure.annual-report.current');
      expect(report?.data).toEqual({ year: 2023, deadline: '2024-01-31' });
      expect(listedReportYears(evalDate, 'department', true)).toEqual([2022, 2021, 2020]);
      expect(listedReportYears(evalDate, 'town')).toEqual([2023, 2022, 2021]);
      const stale = expectedViolations(other).find((f) => f.unitId === 'jty' && f.ruleId === 'freshness.column');
      expect(stale?.data?.newest).toBe(daysBefore(evalDate, 240));
      const link = expectedViolations(other).find((f) => f.unitId === 'fgj' && f.ruleId === 'link.broken');
      expect(link?.path).toMatch(/^\/xxgk\/tzgg\/\d{6}\/t\d{8}_\d+\.html$/);
      expect((await get(new URL(link?.path ?? '/', fgj.url).href)).status).toBe(200);
    } finally {
      await other.close();
    }
    await expect(fetch(other.units[0]?.url ?? '')).rejects.toThrow();
  });

  it('rejects a malformed evaluation date', async () => {
    await expect(startDemoDistrict({ evalDate: '2020-13-01' })).rejects.toThrow(/YYYY-MM-DD|valid/);
  });
});
