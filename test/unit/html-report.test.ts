import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { renderHtmlReport, safePngDataUri, type HtmlReportOptions, type RuleInfo } from '../../reports/html-report.js';
import type { ExportFinding } from '../../reports/export-schema.js';
import { escapeAttr, escapeHtml, revealInvisible, safeHttpUrl } from '../../rules/escape.js';
import {
  HOSTILE_MESSAGE,
  IMG as HOSTILE_IMG,
  SCREENSHOT_URI,
  SCRIPT as SCRIPT_TAG,
  officeDocument,
} from '../helpers/office-document.js';

const RULES: Record<string, RuleInfo> = {
  'disclosure.parts': {
    title: '政府信息公开专栏四个组成部分',
    fix: '在政府信息公开专栏中补齐缺少的部分。',
    source: '《政府信息公开条例》第十二条',
    threshold: '专栏须包含四个部分',
    indicator: 'disclosure-column',
  },
  'link.broken': {
    title: '链接可用',
    fix: '修正或删除无法打开的链接。',
    source: '政府网站与政务新媒体检查指标',
    threshold: '不得出现无法打开的链接',
    indicator: 'links',
  },
  'freshness.column': { title: '栏目更新及时', fix: '按期更新栏目内容。', threshold: '动态类栏目 14 天内有更新' },
  'site.https': { title: '支持 HTTPS', fix: '为网站配置 HTTPS。' },
  'freshness.veto': { title: '单项否决：信息长期未更新', fix: '立即更新首页和各栏目信息。' },
};

const options: HtmlReportOptions = {
  districtName: '青岛西海岸新区',
  ruleInfo: (id) => RULES[id],
  generatedAt: '2020-11-26T03:00:00.000Z',
};

function baseDocument(): ExportDocument {
  return {
    schemaVersion: 1,
    run: {
      id: 'run-42',
      startedAt: '2020-11-26T01:00:00.000Z',
      finishedAt: '2020-11-26T02:13:45.000Z',
      evalDate: '2020-11-26',
      ruleSetVersion: '2020.11-1',
    },
    units: [
      {
        id: 'zfb',
        name: '珠山街道办事处',
        type: 'street',
        url: 'http://zsjd.example.gov.cn/',
        score: { total: 55, max: 70, vetoed: false, indicators: [{ id: 'links', name: '链接可用性', max: 10, score: 5, ruleIds: ['link.broken'] }] },
        findings: [
          { ruleId: 'site.https', outcome: 'pass', url: 'http://zsjd.example.gov.cn/', message: '网站支持 HTTPS。', data: {} },
        ],
      },
      {
        id: 'fgj',
        name: '区发展和改革局',
        type: 'department',
        url: 'http://fgj.example.gov.cn/',
        score: {
          total: 62.5,
          max: 70,
          vetoed: false,
          indicators: [
            { id: 'disclosure-column', name: '政府信息公开专栏与四个部分', max: 15, score: 13, ruleIds: ['disclosure.parts'] },
            { id: 'links', name: '链接可用性', max: 10, score: 9.5, ruleIds: ['link.broken'] },
          ],
        },
        findings: [
          {
            ruleId: 'link.broken',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/',
            target: { selector: 'div.nav > a:nth-child(3)', snippet: '<a href="/old/">旧栏目</a>' },
            message: '首页链接“旧栏目”无法打开（HTTP 404）。',
            data: { href: 'http://fgj.example.gov.cn/old/', status: 404 },
          },
          {
            ruleId: 'disclosure.parts',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/zfxxgk/',
            message: '政府信息公开专栏缺少“政府信息公开年报”部分。',
            data: { part: '政府信息公开年报' },
          },
          {
            ruleId: 'freshness.column',
            outcome: 'incomplete',
            url: 'http://fgj.example.gov.cn/tzgg/',
            message: '栏目“通知公告”的列表没有可识别的日期。',
            data: {},
          },
          {
            ruleId: 'link.broken',
            outcome: 'error',
            url: 'http://fgj.example.gov.cn/',
            message: '检查链接时连接超时。',
            data: { href: 'http://other.example.org/x', error: 'ETIMEDOUT' },
          },
          { ruleId: 'site.https', outcome: 'pass', url: 'https://fgj.example.gov.cn/', message: '网站支持 HTTPS。', data: {} },
          { ruleId: 'site.https', outcome: 'pass', url: 'https://fgj.example.gov.cn/a', message: '网站支持 HTTPS。', data: {} },
        ],
      },
      {
        id: 'lsd',
        name: '灵山岛省级自然保护区管理委员会',
        type: 'other',
        url: 'https://lsd.example.gov.cn/',
        score: { total: 66, max: 70, vetoed: true, indicators: [] },
        findings: [
          {
            ruleId: 'freshness.veto',
            outcome: 'violation',
            url: 'https://lsd.example.gov.cn/',
            message: '首页超过 14 天未更新，触发单项否决。',
            data: { newest: '2020-09-01', ageDays: 86, limitDays: 14 },
          },
        ],
      },
    ],
  };
}

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const RLO = '\u202E';
const ZWSP = '\u200B';

/** A unit whose every crawled string tries something. */
function hostileDocument(): ExportDocument {
  const doc = baseDocument();
  doc.units.push({
    id: 'evil',
    name: `坏单位${SCRIPT}${IMG}${RLO}gpj.exe${ZWSP}`,
    type: 'town',
    url: 'javascript:alert(1)',
    score: {
      total: 10,
      max: 70,
      vetoed: false,
      indicators: [{ id: 'links', name: `指标${SCRIPT}`, max: 10, score: 1, ruleIds: ['link.broken'] }],
    },
    findings: [
      {
        ruleId: 'link.broken',
        outcome: 'violation',
        url: `JavaScript:alert(document.cookie)//${IMG}`,
        target: { selector: `a[title='${IMG}']`, snippet: `<a href="x">${SCRIPT}${IMG}</a>` },
        message: `消息${SCRIPT}${IMG}${RLO}txt.exe`,
        data: { href: ' javascript:alert(1)', status: `${SCRIPT}`, [`<b onmouseover=alert(1)>`]: IMG },
      },
      {
        ruleId: `x"><script>alert(2)</script>`,
        outcome: 'incomplete',
        url: `http://evil.example.org/"${IMG}`,
        message: `原因${IMG}${ZWSP}`,
        data: { href: `data:text/html,${SCRIPT}` },
      },
      {
        ruleId: 'disclosure.column.name',
        outcome: 'violation',
        url: 'http://evil.example.org/',
        message: '栏目名称不规范。',
        data: {
          name: `栏目${SCRIPT}`,
          columnUrl: `javascript:alert(3)//${IMG}`,
          partUrl: `http://evil.example.org/p"${IMG}`,
          src: `javascript:alert(4)`,
          type: `${SCRIPT}`,
          kind: IMG,
          futureDates: [SCRIPT, `${RLO}2020-12-01`],
          reason: `理由${SCRIPT}${IMG}`,
        },
      },
    ],
  });
  return ExportSchema.parse(doc);
}

describe('renderHtmlReport', () => {
  it('is a self-contained zh-CN document', () => {
    const html = renderHtmlReport(baseDocument(), options);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>青岛西海岸新区政务公开网站检查报告</title>');
    const $ = cheerio.load(html);
    expect($('script').length).toBe(0);
    expect($('link').length).toBe(0);
    expect($('[src]').length).toBe(0);
    expect($('style').length).toBe(1);
    // Header facts.
    const meta = $('.run-meta').text();
    expect(meta).toContain('2020-11-26');
    expect(meta).toContain('run-42');
    expect(meta).toContain('2020-11-26 09:00:00'); // startedAt in Beijing time
    expect(meta).toContain('2020-11-26 10:13:45');
    expect(meta).toContain('2020-11-26 11:00:00'); // generatedAt
  });

  it('summarises the district', () => {
    const $ = cheerio.load(renderHtmlReport(baseDocument(), options));
    const tiles = $('.summary .tile')
      .map((_, el) => `${$(el).find('.tile-label').text()}=${$(el).find('.tile-value').text()}`)
      .get();
    // (55 + 62.5 + 66) / 3 = 61.1666…, shown to one decimal like every score.
    expect(tiles).toEqual(['参评单位=3 个', '平均得分=61.2/70', '问题=3 项', '需人工复核=2 项', '单项否决单位=1 个']);
    expect($('.summary .tile-note').length).toBe(0);
  });

  it('ranks units by score, vetoed units last, with types and scores', () => {
    const $ = cheerio.load(renderHtmlReport(baseDocument(), options));
    const rows = $('table.ranking tbody tr')
      .map((_, tr) =>
        $(tr)
          .find('td')
          .map((__, td) => $(td).text())
          .get()
          .join('|'),
      )
      .get();
    expect(rows).toEqual([
      '1|区发展和改革局|部门|62.5/70|2|2|—',
      '2|珠山街道办事处|街道|55/70|0|0|—',
      '3|灵山岛省级自然保护区管理委员会|其他|66/70|1|0|单项否决',
    ]);
    // Unit sections follow the ranking order and each ranking row links to its section.
    expect($('section.unit').map((_, s) => $(s).attr('id')).get()).toEqual(['unit-fgj', 'unit-zfb', 'unit-lsd']);
    expect($('table.ranking tbody a').map((_, a) => $(a).attr('href')).get()).toEqual(['#unit-fgj', '#unit-zfb', '#unit-lsd']);
  });

  it('shows a score card per unit', () => {
    const $ = cheerio.load(renderHtmlReport(baseDocument(), options));
    const card = $('#unit-fgj table.scorecard');
    const rows = card
      .find('tbody tr')
      .map((_, tr) => `${$(tr).find('td').eq(0).text()}=${$(tr).find('td').eq(1).text()}`)
      .get();
    expect(rows).toEqual(['政府信息公开专栏与四个部分=13/15', '链接可用性=9.5/10']);
    expect(card.find('tbody .fill').eq(1).attr('style')).toBe('width:95%');
    expect(card.find('tfoot').text()).toContain('62.5/70');
    expect($('#unit-lsd .veto-note').length).toBe(1);
    expect($('#unit-fgj .veto-note').length).toBe(0);
  });

  it('lists violations with evidence and fix, review items with their reason, passes as counts', () => {
    const $ = cheerio.load(renderHtmlReport(baseDocument(), options));
    const unit = $('#unit-fgj');
    const violations = unit.find('ol.violations > li');
    expect(violations.length).toBe(2);
    // Grouped by rule id: disclosure.parts before link.broken.
    const parts = violations.eq(0);
    expect(parts.find('.rule-title').text()).toBe('政府信息公开专栏四个组成部分');
    expect(parts.find('.rule-title').attr('href')).toBe('#rule-disclosure.parts');
    expect(parts.find('.message').text()).toBe('政府信息公开专栏缺少“政府信息公开年报”部分。');
    expect(parts.find('.evidence').text()).toContain('应设栏目政府信息公开年报');
    expect(parts.find('.fix').text()).toBe('整改建议：在政府信息公开专栏中补齐缺少的部分。');

    const broken = violations.eq(1);
    const links = broken.find('.evidence a');
    expect(links.map((_, a) => $(a).attr('href')).get()).toEqual([
      'http://fgj.example.gov.cn/',
      'http://fgj.example.gov.cn/old/',
    ]);
    links.each((_, a) => {
      expect($(a).attr('rel')).toBe('noopener noreferrer');
    });
    expect(broken.find('.evidence').text()).toContain('HTTP 状态码404');
    expect(broken.find('.evidence code').first().text()).toBe('div.nav > a:nth-child(3)');
    expect(broken.find('.evidence pre code').text()).toBe('<a href="/old/">旧栏目</a>');

    const review = unit.find('ol.reviews > li');
    expect(review.length).toBe(2);
    expect(review.eq(0).text()).toContain('原因：栏目“通知公告”的列表没有可识别的日期。');
    expect(review.eq(0).find('.tag').text()).toBe('需人工复核');
    expect(review.eq(1).find('.tag').text()).toBe('检查出错');
    expect(review.eq(1).find('.evidence').text()).toContain('错误ETIMEDOUT');

    const passes = unit.find('details.passes');
    expect(passes.find('summary').text()).toBe('已通过的检查：1 条规则，共 2 项结果');
    expect(passes.find('li').text()).toContain('支持 HTTPS');
    expect(passes.find('li .count').text()).toBe('2 次');
    expect($('#unit-zfb').text()).toContain('未发现问题。');
  });

  it('shows nested data (the columns behind a veto) as readable zh-CN text, escaped', () => {
    const doc = baseDocument();
    doc.units[1]!.findings.push({
      ruleId: 'freshness.veto', outcome: 'violation', url: 'http://fgj.example.gov.cn/', message: '栏目更新触发单项否决。',
      data: {
        reasons: ['stale-key-columns'],
        columns: [{ name: '工作动态<script>alert(1)</script>', url: 'http://fgj.example.gov.cn/gzdt/', newest: '2020-10-27', ageDays: 30 }],
      },
    });
    const html = renderHtmlReport(doc, options);
    expect(html).not.toContain('<script>alert(1)</script>');
    const text = cheerio.load(html)('#unit-fgj').text();
    expect(text).toContain('动态要闻、通知公告、政策文件类栏目超期未更新 5 个及以上');
    expect(text).toContain('（栏目名称 工作动态<script>alert(1)</script>，地址 http://fgj.example.gov.cn/gzdt/，最新信息日期 2020-10-27，距评估日天数 30）');
    expect(text).not.toContain('[object Object]');
  });

  it('counts rules and results separately in the passed and inapplicable summaries', () => {
    const doc = baseDocument();
    const https = (url: string, outcome: 'pass' | 'inapplicable') =>
      ({ ruleId: 'site.https', outcome, url, message: '说明', data: {} }) as const;
    doc.units[1]!.findings.push(
      { ruleId: 'link.broken', outcome: 'pass', url: 'http://fgj.example.gov.cn/', message: '链接均可用。', data: { checked: 12 } },
      https('http://fgj.example.gov.cn/b', 'pass'),
      https('http://fgj.example.gov.cn/c', 'inapplicable'),
      { ruleId: 'freshness.column', outcome: 'inapplicable', url: 'http://fgj.example.gov.cn/c', message: '说明', data: {} },
      { ruleId: 'freshness.column', outcome: 'inapplicable', url: 'http://fgj.example.gov.cn/d', message: '说明', data: {} },
    );
    const $ = cheerio.load(renderHtmlReport(doc, options));
    const unit = $('#unit-fgj');
    // 4 passes from 2 rules (site.https ×3, link.broken ×1); 3 inapplicable from 2 rules.
    expect(unit.find('details.passes summary').text()).toBe('已通过的检查：2 条规则，共 4 项结果');
    expect(unit.find('details.passes li').length).toBe(2);
    expect(unit.find('details.inapplicable summary').text()).toBe('不适用的检查：2 条规则，共 3 项结果');
    expect(unit.find('details.inapplicable li .count').map((_, c) => $(c).text()).get()).toEqual(['2 次', '1 次']);
  });

  describe('a unit whose home page could not be fetched', () => {
    const reason = '首页无法访问：服务器拒绝连接：127.0.0.1:40915';
    function withUnassessed(): ExportDocument {
      const doc = baseDocument();
      doc.units.push({
        id: 'dcz',
        name: '大村镇',
        type: 'town',
        url: 'http://dcz.example.gov.cn/',
        // Nothing was deducted, so the raw total is full marks: it must not count as such.
        score: {
          total: 70,
          max: 70,
          vetoed: false,
          assessed: false,
          indicators: [{ id: 'links', name: '链接可用性', max: 10, score: 10, ruleIds: ['link.broken'] }],
        },
        findings: [
          {
            ruleId: 'disclosure.parts',
            outcome: 'incomplete',
            url: 'http://dcz.example.gov.cn/',
            message: `未能获取网站首页（${reason}），该项需人工核查。`,
            data: { reason },
          },
        ],
      });
      return ExportSchema.parse(doc);
    }

    it('is left out of the district average, and the tile says so', () => {
      const $ = cheerio.load(renderHtmlReport(withUnassessed(), options));
      const average = $('.summary .tile').eq(1);
      expect(average.find('.tile-label').text()).toBe('平均得分');
      // Still (55 + 62.5 + 66) / 3, not (55 + 62.5 + 66 + 70) / 4 = 63.4.
      expect(average.find('.tile-value').text()).toBe('61.2/70');
      expect(average.find('.tile-note').text()).toBe('不含 1 个未能评分的单位');
      expect($('.summary .tile').eq(0).find('.tile-value').text()).toBe('4 个');
    });

    it('shows no average when no unit could be assessed', () => {
      const doc = withUnassessed();
      doc.units = doc.units.filter((u) => u.id === 'dcz');
      const $ = cheerio.load(renderHtmlReport(doc, options));
      expect($('.summary .tile').eq(1).find('.tile-value').text()).toBe('—');
      expect($('.summary .tile').eq(1).find('.tile-note').text()).toBe('不含 1 个未能评分的单位');
    });

    it('shows the note and a plain line instead of a score card with full bars', () => {
      const $ = cheerio.load(renderHtmlReport(withUnassessed(), options));
      const unit = $('#unit-dcz');
      expect(unit.find('h3 .unit-score').text()).toBe('未能评分');
      expect(unit.find('.not-assessed-note').text()).toContain('未能获取该单位网站首页');
      expect(unit.find('table.scorecard').length).toBe(0);
      expect(unit.find('.bar, .fill').length).toBe(0);
      expect(unit.find('.score-line').text()).toBe('分项得分：未能评分（未获取到首页，各项指标均未评估）。');
      expect(unit.text()).not.toContain('70/70');
      expect(unit.text()).not.toContain('未发现问题。');
      // Assessed units keep their card.
      expect($('#unit-fgj table.scorecard').length).toBe(1);
      expect($('#unit-fgj .score-line').length).toBe(0);
    });

    it('reads the reason in the message, not as a key/value row', () => {
      const $ = cheerio.load(renderHtmlReport(withUnassessed(), options));
      const item = $('#unit-dcz ol.reviews > li');
      expect(item.find('.message').text()).toBe(`原因：未能获取网站首页（${reason}），该项需人工核查。`);
      expect(item.find('.evidence dt').map((_, dt) => $(dt).text()).get()).toEqual(['页面']);
      expect(item.find('.reason-detail').length).toBe(0);
      expect(item.text()).not.toContain('reason');
    });
  });

  describe('evidence data', () => {
    function render(data: Record<string, unknown>, outcome: 'violation' | 'incomplete' = 'violation') {
      const doc = baseDocument();
      doc.units[0]!.findings = [
        { ruleId: 'link.broken', outcome, url: 'http://zsjd.example.gov.cn/', message: '说明。', data },
      ];
      const $ = cheerio.load(renderHtmlReport(ExportSchema.parse(doc), options));
      const evidence = $('#unit-zfb .evidence').first();
      const rows = evidence
        .find('dt')
        .map((_, dt) => `${$(dt).text()}=${$(dt).next('dd').text()}`)
        .get();
      return { $, evidence, rows, item: $('#unit-zfb ol.findings > li').first() };
    }

    it('labels link.broken data in zh-CN with booleans and kinds translated', () => {
      const { rows, evidence } = render({
        href: 'http://www.gov.cn.invalid/',
        text: '中国政府网',
        fromHome: true,
        external: false,
        kind: 'asset',
        status: 404,
      });
      expect(rows).toEqual([
        '页面=http://zsjd.example.gov.cn/',
        '链接目标=http://www.gov.cn.invalid/',
        '链接文字=中国政府网',
        '位于首页=是',
        '外部网站=否',
        '链接指向=图片/脚本等资源',
        'HTTP 状态码=404',
      ]);
      expect(evidence.find('a').map((_, a) => a.attribs['href']).get()).toEqual([
        'http://zsjd.example.gov.cn/',
        'http://www.gov.cn.invalid/',
      ]);
      expect(render({ kind: 'page' }).rows).toContain('链接指向=页面');
    });

    it('translates column types and hides internal keys', () => {
      const types: Record<string, string> = {
        dynamic: '动态要闻类',
        notice: '通知公告类',
        policy: '政策文件类',
        personnel: '人事类',
        planning: '规划计划类',
        other: '其他',
      };
      for (const [code, label] of Object.entries(types)) {
        expect(render({ column: '人事信息', type: code }).rows).toEqual([
          '页面=http://zsjd.example.gov.cn/',
          '栏目=人事信息',
          `栏目类型=${label}`,
        ]);
      }
      const empty = render({ column: '通知公告', columnBy: 'meta', emptyMarker: 'datastore:0' }, 'incomplete');
      expect(empty.rows).toEqual(['页面=http://zsjd.example.gov.cn/', '栏目=通知公告', '空栏目提示=栏目数据记录数为 0']);
      expect(empty.evidence.text()).not.toContain('columnBy');
      expect(empty.evidence.text()).not.toContain('meta');
      expect(render({ emptyMarker: '暂无信息' }).rows).toContain('空栏目提示=暂无信息');
      // An unknown code is shown as it is, not dropped.
      expect(render({ type: 'weekly' }).rows).toContain('栏目类型=weekly');
    });

    it('labels every key the rules emit, with no raw English key left', () => {
      const { rows } = render({
        name: '信息公开',
        columnUrl: 'http://zsjd.example.gov.cn/xxgk/',
        part: '政府信息公开年报',
        label: '年度报告',
        partUrl: 'http://zsjd.example.gov.cn/xxgk/nb/',
        entryCount: 0,
        exempt: true,
        newest: '2020-11-01',
        ageDays: 25,
        limitDays: 14,
        futureDates: ['2020-12-01', '2021-01-05'],
        ignoredFutureDates: 2,
        error: '连接超时',
        checked: 33,
        src: '/picture/0/a.png',
        lang: 'zh',
      });
      expect(rows).toEqual([
        '页面=http://zsjd.example.gov.cn/',
        '栏目名称=信息公开',
        '栏目地址=http://zsjd.example.gov.cn/xxgk/',
        '应设栏目=政府信息公开年报',
        '页面上的名称=年度报告',
        '栏目地址=http://zsjd.example.gov.cn/xxgk/nb/',
        '信息条数=0',
        '免于更新要求=是',
        '最新信息日期=2020-11-01',
        '距评估日天数=25',
        '更新期限（天）=14',
        '晚于评估日的日期=2020-12-01、2021-01-05',
        '未计入的晚于评估日的日期（条）=2',
        '错误=连接超时',
        '已检查链接数=33',
        '图片地址=/picture/0/a.png',
        '语言声明=zh',
      ]);
    });

    it('links an absolute http src, shows a relative one as plain text', () => {
      const absolute = render({ src: 'http://zsjd.example.gov.cn/a.png' });
      expect(absolute.evidence.find('a').last().attr('href')).toBe('http://zsjd.example.gov.cn/a.png');
      const relative = render({ src: '/a.png' });
      expect(relative.evidence.find('a').length).toBe(1); // the page link only
      expect(relative.evidence.find('.not-link').length).toBe(0);
      expect(relative.rows).toContain('图片地址=/a.png');
    });

    it('keeps unknown keys, escaped, under their own name', () => {
      const { rows } = render({ weirdKey: 'x', constructor: 'y', toString: 'z' });
      expect(rows).toEqual(['页面=http://zsjd.example.gov.cn/', 'weirdKey=x', 'constructor=y', 'toString=z']);
      // A value that collides with Object.prototype is not looked up there.
      expect(render({ type: 'constructor' }).rows).toContain('栏目类型=constructor');
    });

    it('shows a reason the message does not already give as a sentence', () => {
      const { item, rows } = render({ reason: '服务器拒绝连接' }, 'incomplete');
      expect(item.find('.reason-detail').text()).toBe('具体原因：服务器拒绝连接');
      expect(rows).toEqual(['页面=http://zsjd.example.gov.cn/']);
    });
  });

  it('anchors every rule link to a rule reference section', () => {
    const $ = cheerio.load(renderHtmlReport(baseDocument(), options));
    const targets = new Set(
      $('a[href^="#rule-"]')
        .map((_, a) => $(a).attr('href')!.slice(1))
        .get(),
    );
    expect([...targets].sort()).toEqual([
      'rule-disclosure.parts',
      'rule-freshness.column',
      'rule-freshness.veto',
      'rule-link.broken',
      'rule-site.https',
    ]);
    for (const id of targets) expect($(`section.rule[id="${id}"]`).length).toBe(1);
    const ref = $('section.rule[id="rule-disclosure.parts"]');
    expect(ref.find('h3').text()).toBe('政府信息公开专栏四个组成部分');
    const refText = ref.text();
    expect(refText).toContain('《政府信息公开条例》第十二条');
    expect(refText).toContain('专栏须包含四个部分');
    expect(refText).toContain('在政府信息公开专栏中补齐缺少的部分。');
    // The indicator is named as the score cards name it.
    expect(refText).toContain('政府信息公开专栏与四个部分');
  });

  it('renders an empty run and an unknown rule without failing', () => {
    const empty = baseDocument();
    empty.units = [];
    empty.run.finishedAt = null;
    const $ = cheerio.load(renderHtmlReport(empty, { districtName: '测试区', ruleInfo: () => undefined }));
    expect($('.ranking-section').text()).toContain('本次运行没有单位结果。');
    expect($('.run-meta').text()).toContain('未完成');
    expect($('.run-meta').text()).not.toContain('报告生成时间');

    const unknown = cheerio.load(renderHtmlReport(baseDocument(), { districtName: '测试区', ruleInfo: () => undefined }));
    expect(unknown('section.rule[id="rule-link.broken"] h3').text()).toBe('link.broken');
    expect(unknown('section.rule[id="rule-link.broken"]').text()).toContain('暂无该规则的说明。');
  });

  describe('hostile strings', () => {
    const html = renderHtmlReport(hostileDocument(), {
      ...options,
      districtName: `恶意区${SCRIPT}`,
      ruleInfo: (id) => RULES[id] ?? { title: `规则${IMG}`, fix: SCRIPT, source: IMG },
    });
    const $ = cheerio.load(html);

    it('never emits markup from crawled strings', () => {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<b onmouseover/i);
      // `onerror=` only ever appears right after an escaped tag opener: HTML-escaped in text,
      // percent-encoded inside a normalised href.
      const onerror = [...html.matchAll(/onerror=/g)].map((m) => html.slice(Math.max(0, m.index - 20), m.index));
      expect(onerror.length).toBeGreaterThan(0);
      for (const before of onerror) expect(before).toMatch(/(&lt;img src=x |%3Cimg%20src=x%20)$/);
      // The parser agrees: no script or img element, and no event-handler attribute anywhere.
      expect($('script, img').length).toBe(0);
      $('*').each((_, el) => {
        for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) {
          expect(name.startsWith('on')).toBe(false);
        }
      });
    });

    it('links only to http(s) URLs, with rel="noopener noreferrer"', () => {
      expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
      expect(html).not.toMatch(/href\s*=\s*["']?\s*data:/i);
      $('a[href]').each((_, a) => {
        const href = $(a).attr('href')!;
        expect(href.startsWith('#') || /^https?:\/\//.test(href)).toBe(true);
        if (!href.startsWith('#')) expect($(a).attr('rel')).toBe('noopener noreferrer');
      });
      // The script URLs are still shown, as text.
      const unit = $('#unit-evil');
      expect(unit.find('.unit-url').text()).toContain('javascript:alert(1)');
      expect(unit.find('.unit-url a').length).toBe(0);
      expect(unit.find('ol.violations .evidence').text()).toContain('JavaScript:alert(document.cookie)');
      // Script URLs in data values (columnUrl, src) stay text; the http partUrl is a safe link.
      const data = unit.find('ol.violations > li').filter((_, li) => $(li).find('.rule-id').text() === 'disclosure.column.name');
      expect(data.find('.evidence').text()).toContain(`javascript:alert(3)//${IMG}`);
      expect(data.find('.evidence').text()).toContain('javascript:alert(4)');
      expect(data.find('.evidence a').map((_, a) => $(a).attr('href')).get()).toEqual([
        'http://evil.example.org/',
        safeHttpUrl(`http://evil.example.org/p"${IMG}`),
      ]);
      // The http URL with a quote in it is a link whose attribute could not be broken out of.
      const evilLink = unit.find('ol.reviews .evidence a').first();
      expect(evilLink.attr('href')).toBe(safeHttpUrl(`http://evil.example.org/"${IMG}`));
      expect(evilLink.text()).toBe(`http://evil.example.org/"${IMG}`);
    });

    it('shows the hostile text escaped, with invisible characters made visible', () => {
      expect(html).not.toContain(RLO);
      expect(html).not.toContain(ZWSP);
      const unit = $('#unit-evil');
      expect(unit.find('h3').text()).toContain(`坏单位${SCRIPT}${IMG}[U+202E]gpj.exe[U+200B]`);
      expect(unit.find('ol.violations .message').last().text()).toBe(`消息${SCRIPT}${IMG}[U+202E]txt.exe`);
      expect(unit.find('ol.violations pre code').text()).toBe(`<a href="x">${SCRIPT}${IMG}</a>`);
      expect(unit.find('ol.violations .evidence code').first().text()).toBe(`a[title='${IMG}']`);
      expect(unit.find('ol.violations .evidence').text()).toContain(`<b onmouseover=alert(1)>${IMG}`);
      expect(unit.find('ol.reviews .message').text()).toBe(`原因：原因${IMG}[U+200B]`);
      expect($('title').text()).toBe(`恶意区${SCRIPT}政务公开网站检查报告`);
      expect($('table.ranking').text()).toContain(`坏单位${SCRIPT}`);
      expect(unit.find('table.scorecard').text()).toContain(`指标${SCRIPT}`);
      const data = unit.find('ol.violations > li').filter((_, li) => $(li).find('.rule-id').text() === 'disclosure.column.name');
      const rows = data
        .find('.evidence dt')
        .map((_, dt) => `${$(dt).text()}=${$(dt).next('dd').text()}`)
        .get();
      expect(rows).toContain(`栏目名称=栏目${SCRIPT}`);
      expect(rows).toContain(`栏目类型=${SCRIPT}`);
      expect(rows).toContain(`链接指向=${IMG}`);
      expect(rows).toContain(`晚于评估日的日期=${SCRIPT}、[U+202E]2020-12-01`);
      expect(data.find('.reason-detail').text()).toBe(`具体原因：理由${SCRIPT}${IMG}`);
    });

    it('keeps hostile rule ids inside their anchors', () => {
      const hostileRuleId = `x"><script>alert(2)</script>`;
      const link = $('#unit-evil ol.reviews .rule-title');
      const target = link.attr('href')!;
      expect(target).toMatch(/^#rule-[A-Za-z0-9._-]+$/);
      expect($(`section.rule[id="${target.slice(1)}"]`).length).toBe(1);
      expect($('#unit-evil ol.reviews .rule-id').text()).toBe(hostileRuleId);
    });
  });
});

describe('screenshots as evidence', () => {
  /** A real 1×1 PNG. */
  const PNG_URI =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const PNG_BASE64 = PNG_URI.slice('data:image/png;base64,'.length);

  /** fgj has a targeted violation (link.broken), an untargeted one and two review items. */
  function renderWith(screenshot: (unitId: string, finding: ExportFinding) => string | null) {
    const asked: string[] = [];
    const html = renderHtmlReport(baseDocument(), {
      ...options,
      screenshot: (unitId, finding) => {
        asked.push(`${unitId}|${finding.ruleId}|${finding.outcome}`);
        return screenshot(unitId, finding);
      },
    });
    return { html, $: cheerio.load(html), asked };
  }

  it('shows the screenshot in the evidence of a violation with a target', () => {
    const { $, asked } = renderWith(() => PNG_URI);
    // Asked only for the one violation that has a target (not disclosure.parts, not review items).
    expect(asked).toEqual(['fgj|link.broken|violation']);
    const imgs = $('img');
    expect(imgs.length).toBe(1);
    const item = $('#unit-fgj ol.violations > li').filter((_, li) => $(li).find('.rule-id').text() === 'link.broken');
    const img = item.find('.evidence figure.screenshot img');
    expect(img.length).toBe(1);
    expect(img.attr('src')).toBe(PNG_URI);
    expect(img.attr('alt')).toBe('问题元素截图（红框处）');
    expect(item.find('.evidence figcaption').text()).toBe('红框标出问题所在的页面元素（检查时截取）。');
    // Under its own label, after the element and the snippet.
    expect(item.find('.evidence dt').map((_, dt) => $(dt).text()).get().slice(-3)).toEqual(['页面元素', '代码片段', '截图']);
    expect($('#unit-fgj ol.reviews img').length).toBe(0);
    // The report stays self-contained: its CSP allows data: images and nothing remote.
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toContain('img-src data:');
    expect($('style').text()).toMatch(/\.screenshot img \{[^}]*max-width: 100%/);
  });

  it('leaves the evidence as it was when there is no screenshot', () => {
    const none = renderWith(() => null);
    expect(none.$('img, figure').length).toBe(0);
    expect(none.$('.evidence dt').map((_, dt) => none.$(dt).text()).get()).not.toContain('截图');
    const without = renderHtmlReport(baseDocument(), options);
    expect(none.html).toBe(without);
  });

  it('drops anything that is not a base64 PNG data URI', () => {
    const hostile = [
      'javascript:alert(1)',
      'http://evil.example.org/x.png',
      '//evil.example.org/x.png',
      `data:image/svg+xml;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`,
      `data:text/html;base64,${PNG_BASE64}`,
      `${PNG_URI}" onerror="alert(1)`,
      `${PNG_URI}#x`,
      `data:image/png;charset=utf-8;base64,${PNG_BASE64}`,
      `DATA:image/png;base64,${PNG_BASE64}`,
      ` ${PNG_URI}`,
      `data:image/png;base64,${PNG_BASE64.slice(0, 40)}\n${PNG_BASE64.slice(40)}`,
      `data:image/png;base64,${Buffer.from('<script>alert(1)</script>').toString('base64')}`,
      `data:image/png;base64,${PNG_BASE64.slice(0, -1)}`,
      'data:image/png;base64,',
      `data:image/png;base64,iVBORw0KGgoA${'A'.repeat(12_000_000)}`, // well-formed but too large
      42 as unknown as string,
    ];
    for (const value of hostile) {
      const { html, $ } = renderWith(() => value);
      expect($('img, figure').length, String(value).slice(0, 60)).toBe(0);
      expect(html).not.toContain('onerror');
      expect(html).not.toContain('evil.example.org');
    }
  });

  it('validates PNG data URIs', () => {
    expect(safePngDataUri(PNG_URI)).toBe(PNG_URI);
    expect(safePngDataUri(null)).toBeNull();
    expect(safePngDataUri(undefined)).toBeNull();
    expect(safePngDataUri(`data:image/jpeg;base64,${PNG_BASE64}`)).toBeNull();
    expect(safePngDataUri(`data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`)).toBeNull();
  });
});

describe('escape helpers', () => {
  it('escape the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeAttr('"onload=x')).toBe('&quot;onload=x');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(404)).toBe('404');
    expect(escapeHtml('\u0007\u001b[31m')).toBe('[U+0007][U+001B][31m');
  });

  it('accept only absolute http(s) URLs as links', () => {
    expect(safeHttpUrl('http://a.gov.cn/x?y=1')).toBe('http://a.gov.cn/x?y=1');
    expect(safeHttpUrl('HTTPS://A.gov.cn')).toBe('https://a.gov.cn/');
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', '\tjava\nscript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '/relative', '', 'vbscript:x']) {
      expect(safeHttpUrl(bad)).toBeNull();
    }
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});

describe('office fields (export schema 0.5.0)', () => {
  const html = renderHtmlReport(officeDocument(), { ...options, screenshot: (_u, f) => (f.target ? SCREENSHOT_URI : null) });
  const $ = cheerio.load(html);
  const fgj = $('#unit-fgj');
  const items = fgj.find('ol.violations > li');
  const itemWith = (needle: string) => items.filter((_, li) => $(li).text().includes(needle));

  it('badges each finding 新增 or 仍存在 and shows when it was first seen', () => {
    const fresh = itemWith('旧栏目');
    expect(fresh.find('.badge.change-new').text()).toBe('新增');
    expect(fresh.find('.badge.change-open').length).toBe(0);
    const rows = fresh.find('.evidence dt').map((_, dt) => `${$(dt).text()}=${$(dt).next('dd').text()}`).get();
    expect(rows).toContain('首次发现=2020-11-26');
    expect(itemWith('政府信息公开年报').find('.badge.change-open').text()).toBe('仍存在');
  });

  it('shows a 误报 struck through and de-emphasised, with who marked it and why', () => {
    const fp = itemWith('政府信息公开年报');
    expect(fp.hasClass('marked-false-positive')).toBe(true);
    expect(fp.find('.badge.mark-false-positive').text()).toBe('误报');
    expect(fp.find('.mark-detail').first().text()).toBe('误报：李明 于 2020-11-25 10:00:00 标记；说明：年报在“法定主动公开内容”下，已人工核实。');
    expect($('style').text()).toMatch(/\.finding\.marked-false-positive \.message \{ text-decoration: line-through; \}/);
    expect($('style').text()).toMatch(/\.finding\.marked-false-positive \{ opacity: \.65;/);
  });

  it('highlights a finding marked 已整改（待复查） that reappeared', () => {
    const back = itemWith('“更多”');
    expect(back.hasClass('reappeared')).toBe(true);
    expect(back.hasClass('marked-fixed')).toBe(true);
    expect(back.find('.badge').map((_, b) => $(b).text()).get()).toEqual(['仍存在', '整改后再次出现', '已整改（待复查）']);
    expect(back.find('.reappeared-note').text()).toBe('该问题曾标记为已整改，本次检查再次发现，整改未生效。');
    expect(fgj.find('li.reappeared').length).toBe(1);
  });

  it('shows a template group once, with its page count and an expandable page list', () => {
    const group = fgj.find('li.template-group');
    expect(group.length).toBe(1);
    expect(group.find('.badge.template').text()).toBe('模板问题（共 12 个页面）');
    expect(group.find('details.template-pages summary').text()).toBe('涉及页面（12 个）');
    expect(group.find('details.template-pages li a').map((_, a) => $(a).attr('href')).get()).toHaveLength(12);
    expect(fgj.text().split('页脚链接“旧友情链接”无法打开。').length - 1).toBe(1);
    // The heading still counts the violations found; the list shows the group as one entry.
    expect(fgj.find('.violations-heading').text()).toBe('问题（6 项）');
    expect(items.length).toBe(4);
    // The group's screenshot is asked for with a real member finding.
    expect(group.find('img').attr('src')).toBe(SCREENSHOT_URI);
  });

  it('lists what changed since the previous run, with the 已消除 list', () => {
    const changes = fgj.find('.changes');
    expect(changes.find('.changes-since').text()).toBe('上次检查：运行编号 6，评估日期 2020-11-19');
    expect(changes.find('.changes-score').text()).toBe('上次得分：60/70 → 62.5/70（+2.5）');
    expect(changes.find('.changes-counts').text()).toBe('新增问题 1 项，已消除 1 项，仍存在 5 项');
    expect(changes.find('details.fixed-list summary').text()).toBe('已消除的问题（1 项）');
    expect(changes.find('details.fixed-list li').text()).toContain('已消除 column.empty 栏目“机构概况”为空栏目。');
    expect($('#unit-evil .changes-score').text()).toBe('上次得分：上次未能评分 → 50/70');
    // District tiles and ranking columns appear because units carry the data.
    const tiles = $('.tile').map((_, t) => `${$(t).find('.tile-label').text()}=${$(t).find('.tile-value').text()}`).get();
    expect(tiles).toContain('新增问题=2 项');
    expect(tiles).toContain('已消除问题=1 项');
    expect($('table.ranking thead th').map((_, th) => $(th).text()).get()).toEqual([
      '排名', '单位', '类型', '得分', '较上次', '预测总分（含人工录入）', '问题数', '待复核', '单项否决',
    ]);
    expect($('table.ranking tbody tr').first().find('td').map((_, td) => $(td).text()).get().slice(4, 6)).toEqual(['+2.5', '86.5/100']);
  });

  it('shows the hand-entered points and the predicted total, labelled 人工录入', () => {
    const manual = fgj.find('.manual');
    expect(manual.find('h4').first().text()).toBe('日常工作与重大扣分（人工录入） 人工录入');
    expect(manual.find('.manual-note').text()).toBe('以下分值由工作人员人工录入，不是网站检查的结果。 录入人：张伟，录入时间：2020-11-25');
    expect(manual.find('table.manual-daily tbody tr').map((_, tr) => $(tr).text()).get()).toEqual(['政策解读与回应关切8/10按季度报送材料', '依申请公开办理18/20']);
    expect(manual.find('table.manual-deductions tbody tr').text()).toBe('被上级通报−22020 年第三季度通报');
    expect(manual.find('.predicted').text()).toBe('人工录入 预测总分（网站检查得分 + 人工录入得分 − 重大扣分）：86.5/100');
    expect($('#unit-evil .manual').length).toBe(0);
  });

  it('lists 先改这些 from the fix list: points recoverable, 误报 left out', () => {
    const fixFirst = fgj.find('.fix-first');
    expect(fixFirst.find('h4').text()).toBe('先改这些');
    const lines = fixFirst.find('li strong').map((_, s) => $(s).text()).get();
    expect(lines).toEqual([expect.stringMatching(/^可挽回 \d+(\.\d)? 分：/)]);
    expect(lines.join('')).not.toContain('政府信息公开专栏四个组成部分');
    // The vetoed hostile unit: the veto comes first.
    expect($('#unit-evil .fix-first li strong').first().text()).toMatch(/^单项否决项，须优先整改：/);
  });

  it('shows hostile marks, groups and pages as text, and links only http(s)', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toContain('\u202E');
    expect(html).not.toContain('\u200B');
    const evil = $('#unit-evil');
    expect(evil.find('.mark-detail').text()).toBe(`已整改（待复查）：<b>某人</b>[U+202E] 于 2020-11-25 10:00:00 标记；说明：理由${SCRIPT_TAG}`);
    expect(evil.find('.message').map((_, m) => $(m).text()).get()).toContain(revealInvisible(HOSTILE_MESSAGE));
    const pages = evil.find('li.template-group details.template-pages li');
    expect(pages.map((_, li) => $(li).text()).get()).toEqual([`http://evil.example.org/"${HOSTILE_IMG}`, 'javascript:alert(5)']);
    expect(pages.find('a').length).toBe(1);
    $('a[href]').each((_, a) => {
      const href = $(a).attr('href')!;
      expect(href.startsWith('#') || /^https?:\/\//.test(href)).toBe(true);
    });
    $('*').each((_, el) => {
      for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) expect(name.startsWith('on')).toBe(false);
    });
  });

  it('leaves every office part out when the fields are absent', () => {
    const plain = cheerio.load(renderHtmlReport(baseDocument(), options));
    expect(plain('.changes, .manual, .badge, .template-group, .mark-detail, .reappeared-note').length).toBe(0);
    // 先改这些 needs only the findings: it is there for any document with violations that cost points.
    expect(plain('#unit-fgj .fix-first li').length).toBe(2);
    expect(plain('#unit-zfb .fix-first').length).toBe(0);
    expect(plain('table.ranking thead th').length).toBe(7);
  });
});
