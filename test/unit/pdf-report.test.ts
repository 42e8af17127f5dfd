/**
 * The pre-inspection PDF's document (HTML laid out for print) and its text-layer repair, without a
 * browser. Printing itself is tested in test/browser/pdf-report.test.ts.
 */
import * as cheerio from 'cheerio';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../store/errors.js';
import { revealInvisible } from '../../rules/escape.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { ideographForRadical, repairCjkTextLayer, repairToUnicodeCMap } from '../../reports/pdf/cjk-text-layer.js';
import { pdfDocumentHtml, pdfFooterTemplate, pdfHeaderTemplate, type PdfDocumentOptions } from '../../reports/pdf/document-html.js';
import { renderPdf } from '../../reports/pdf/render-pdf.js';
import { printingChromium } from '../../crawler/browser/chromium-path.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { ruleStakeText } from '../../rules/scoring.js';
import { HOSTILE_MESSAGE, HOSTILE_NAME, HOSTILE_URL, IMG, SCREENSHOT_URI, SCRIPT, officeDocument } from '../helpers/office-document.js';

const options: PdfDocumentOptions = {
  districtName: '青岛西海岸新区',
  ruleInfo: reportRuleInfo,
  screenshot: (_unitId, finding) => (finding.target ? SCREENSHOT_URI : null),
  generatedAt: new Date('2020-11-26T17:00:00Z'), // 2020-11-27 01:00 in Beijing
};

/** The office document with every office field removed: what an older store exports. */
function plainDocument(): ExportDocument {
  const doc = officeDocument();
  delete doc.run.previousRunId;
  delete doc.run.district;
  for (const unit of doc.units) {
    delete unit.changes;
    delete unit.manual;
    delete unit.templateGroups;
    for (const f of unit.findings) {
      delete f.key;
      delete f.firstSeen;
      delete f.change;
      delete f.mark;
      delete f.reappeared;
      delete f.templateGroup;
    }
  }
  return ExportSchema.parse(doc);
}

type Selection = ReturnType<cheerio.CheerioAPI>;
const text = ($el: Selection) => $el.text().replace(/\s+/g, ' ').trim();

/** `th` label → `td` text of one finding block's rows. */
function rows($: cheerio.CheerioAPI, block: Selection): Map<string, string> {
  const out = new Map<string, string>();
  block.find('tr').each((_, tr) => {
    out.set($(tr).children('th').text(), text($(tr).children('td')));
  });
  return out;
}

describe('pdfDocumentHtml', () => {
  const html = pdfDocumentHtml(officeDocument(), options);
  const $ = cheerio.load(html);

  it('is one self-contained document: no script, no link, images only as PNG data URIs', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect($('html').attr('lang')).toBe('zh-CN');
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect($('script, link, iframe, object, embed').length).toBe(0);
    expect($('a[href]').length).toBe(0);
    const srcs = $('[src]').map((_, el) => $(el).attr('src')).get();
    expect(srcs.length).toBe(4);
    for (const src of srcs) expect(src).toBe(SCREENSHOT_URI);
    $('*').each((_, el) => {
      for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) expect(name.startsWith('on')).toBe(false);
    });
    expect($('style').text()).toContain("'Noto Serif CJK SC','Noto Sans CJK SC'");
    expect($('style').text()).toMatch(/break-inside: avoid/);
  });

  it('opens with the cover: title, district, evaluation date, run, generation date in Beijing time, the note', () => {
    const cover = $('section.cover');
    expect(text(cover.find('h1'))).toBe('政务公开网站检查 · 迎检预评估报告');
    const facts = new Map(cover.find('tr').map((_, tr) => [[$(tr).find('th').text(), $(tr).find('td').text()]]).get() as [string, string][]);
    expect(facts.get('区县')).toBe('青岛西海岸新区');
    expect(facts.get('评估日期')).toBe('2020-11-26');
    expect(facts.get('运行编号')).toBe('7');
    expect(facts.get('对比的上次运行')).toBe('6');
    expect(facts.get('生成日期')).toBe('2020-11-27');
    expect(text(cover.find('.auto-note'))).toBe('本报告由 Gongkai 自动生成，人工录入部分已标明');
  });

  it('summarises the district with the changes since the previous run, then ranks the units', () => {
    const summary = new Map($('table.summary-table tbody tr').map((_, tr) => [[$(tr).find('th').text(), $(tr).find('td').text()]]).get() as [string, string][]);
    expect(summary.get('参评单位')).toBe('2 个');
    expect(summary.get('完成评分的单位')).toBe('2 个');
    expect(summary.get('平均得分（满分 70 分）')).toBe('56.3/70');
    expect(summary.get('触发单项否决的单位')).toBe('1 个');
    expect(summary.get('问题')).toBe('8 项');
    expect(summary.get('需人工复核')).toBe('2 项');
    expect(summary.get('与上次检查（运行编号 6）相比')).toBe('新增 2 项，已消除 1 项，仍存在 5 项');
    const head = $('table.ranking thead th').map((_, th) => $(th).text()).get();
    expect(head).toEqual(['排名', '单位', '类型', '得分', '较上次', '预测总分（含人工录入）', '问题数', '待复核', '单项否决']);
    const first = $('table.ranking tbody tr').first().children('td').map((_, td) => $(td).text()).get();
    expect(first).toEqual(['1', '区发展和改革局', '部门', '62.5/70', '+2.5', '86.5/100', '6', '1', '—']);
  });

  it('gives every unit a chapter with its indicators, and every violation its evidence and stake', () => {
    expect($('section.unit-chapter').length).toBe(2);
    const fgj = $('section.unit-chapter').first();
    expect(text(fgj.find('h2.unit-heading'))).toContain('1. 区发展和改革局');
    expect(fgj.find('table.indicators tbody tr').length).toBe(3); // two indicators and the total
    const blocks = fgj.find('div.finding');
    // Six violations, three of them one template group: four blocks.
    expect(blocks.length).toBe(4);
    const linkBroken = blocks.filter((_, b) => $(b).text().includes('旧栏目'));
    const r = rows($, linkBroken);
    expect(r.get('页面地址')).toBe('http://fgj.example.gov.cn/');
    expect(r.get('首次发现')).toBe('2020-11-26');
    expect(r.get('涉及分值')).toBe(ruleStakeText('link.broken'));
    expect(r.get('代码片段')).toBe('<a href="/old/">旧栏目</a>');
    expect(r.get('页面元素')).toBe('div.nav > a:nth-child(3)');
    expect(r.get('HTTP 状态码')).toBe('404');
    expect(linkBroken.find('img').attr('src')).toBe(SCREENSHOT_URI);
    expect(text(linkBroken.find('caption'))).toBe('问题 2 新增');
  });

  it('shows marks, reappeared findings and the template group once with its page count', () => {
    const fgj = $('section.unit-chapter').first();
    const fp = fgj.find('div.finding.marked-false-positive');
    expect(fp.length).toBe(1);
    expect(rows($, fp).get('人工标记')).toBe(
      '误报：李明 于 2020-11-25 10:00:00 标记说明：年报在“法定主动公开内容”下，已人工核实。已标记为误报，仍按检查结果列出，供核对。',
    );
    const back = fgj.find('div.finding.reappeared');
    expect(back.length).toBe(1);
    expect(text(back.find('caption'))).toBe('问题 3 仍存在 整改后再次出现 已整改（待复查）');
    expect(rows($, back).get('处理状态')).toContain('该问题曾标记为已整改，本次检查再次发现，整改未生效。');
    const group = fgj.find('div.finding.template-group');
    expect(group.length).toBe(1);
    expect(text(group.find('caption'))).toBe('问题 4 模板问题（共 12 个页面） 仍存在');
    expect(group.find('ol.pages li').length).toBe(12);
    expect(rows($, group).get('发现日期')).toBe('2020-11-26'); // no firstSeen: the evaluation date
    expect(fgj.text().split('页脚链接“旧友情链接”无法打开。').length - 1).toBe(1);
  });

  it('lists what was fixed, what needs review, and the hand-entered points with the predicted total', () => {
    const fgj = $('section.unit-chapter').first();
    // 先改这些: fixList's items that win points back (the 误报-marked disclosure.parts is not one).
    const fixFirst = fgj.find('.fix-first li').map((_, li) => $(li).text()).get();
    expect(fixFirst).toEqual([expect.stringMatching(/^可挽回 \d+(\.\d)? 分：网站链接可用（\d 处）$/)]);
    expect(text(fgj.find('.changes'))).toContain('上次得分：60/70 → 62.5/70（得分变化 +2.5）');
    expect(text(fgj.find('table.fixed tbody'))).toBe('column.empty栏目“机构概况”为空栏目。http://fgj.example.gov.cn/jggk/');
    expect(fgj.find('table.review tbody tr').length).toBe(1);
    expect(text(fgj.find('table.review tbody tr'))).toContain('栏目“通知公告”的列表没有可识别的日期。');
    const manual = fgj.find('.manual');
    expect(text(manual.find('h3'))).toBe('日常工作与重大扣分（人工录入） 人工录入');
    expect(text(manual.find('.note-box'))).toContain('以下分值由工作人员人工录入，不是网站检查的结果。');
    expect(manual.find('table.manual-table').first().find('tbody tr').length).toBe(2);
    expect(text(manual.find('.predicted'))).toBe('人工录入 预测总分（网站检查得分 + 人工录入得分 − 重大扣分）：86.5/100');
  });

  it('shows hostile strings as text, with invisible characters made visible', () => {
    expect(html).not.toContain('\u202E');
    expect(html).not.toContain('\u200B');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    const evil = $('section.unit-chapter').last();
    expect(text(evil.find('h2.unit-heading'))).toContain(revealInvisible(HOSTILE_NAME));
    expect(evil.find('.message').map((_, m) => $(m).text()).get()).toContain(revealInvisible(HOSTILE_MESSAGE));
    expect(evil.text()).toContain(revealInvisible(HOSTILE_URL));
    expect(evil.text()).toContain(`javascript:alert(3)//${IMG}`);
    expect(text($('table.ranking'))).toContain(`坏单位${SCRIPT}`);
    expect(pdfHeaderTemplate(`区${SCRIPT}`)).not.toContain('<script');
    expect(pdfHeaderTemplate(`区${SCRIPT}`)).toContain('&lt;script&gt;');
    expect(pdfFooterTemplate()).toMatch(/第 <span class="pageNumber"><\/span> 页 \/ 共 <span class="totalPages"><\/span> 页/);
  });

  it('works without any office field (older stores, first runs)', () => {
    const $p = cheerio.load(pdfDocumentHtml(plainDocument(), options));
    expect($p('table.ranking thead th').map((_, th) => $p(th).text()).get()).toEqual(['排名', '单位', '类型', '得分', '问题数', '待复核', '单项否决']);
    expect($p('.changes, .manual, .template-group, .marked-false-positive, .reappeared').length).toBe(0);
    expect($p('section.unit-chapter').first().find('div.finding').length).toBe(6);
    expect($p('tr').filter((_, tr) => $p(tr).children('th').text() === '首次发现').length).toBe(0);
    expect($p('tr').filter((_, tr) => $p(tr).children('th').text() === '发现日期').first().children('td').text()).toBe('2020-11-26');
    expect($p('.cover').text()).not.toContain('对比的上次运行');
    expect($p('table.summary-table').text()).not.toContain('与上次检查');
  });
});

describe('renderPdf without Chromium', () => {
  it('says how to install it, as a UserError naming npm run setup:browser', async () => {
    const missing = '/nonexistent/gongkai-chromium';
    const err = await renderPdf(officeDocument(), { districtName: '某区', chromium: printingChromium({ GONGKAI_CHROMIUM: missing }), env: { GONGKAI_CHROMIUM: missing } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('npm run setup:browser');
    expect((err as Error).message).toContain(missing);
  });
});

describe('CJK text layer repair', () => {
  it('maps Kangxi and supplement radicals to their ideographs, nothing else', () => {
    expect(ideographForRadical(0x2f79)).toBe('网');
    expect(ideographForRadical(0x2ed8)).toBe('青');
    expect(ideographForRadical(0x2ee8)).toBe('麦');
    expect(ideographForRadical(0x2ea0)).toBe('民');
    expect(ideographForRadical(0x2e80)).toBeNull();
    expect(ideographForRadical(0x7f51)).toBeNull();
    expect(ideographForRadical(0x41)).toBeNull();
  });

  const CMAP = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CMapName /Adobe-Identity-UCS def',
    '1 begincodespacerange',
    '<00> <FF>',
    'endcodespacerange',
    '2 beginbfchar',
    '<01> <2F79>',
    '<02> <0041>',
    'endbfchar',
    '2 beginbfrange',
    '<10> <12> <2ED7>',
    '<20> <22> <4E00>',
    'endbfrange',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');

  it('rewrites radical destinations and splits ranges that reach one, keeping the rest', () => {
    const fixed = repairToUnicodeCMap(CMAP)!;
    expect(fixed).not.toBeNull();
    expect(fixed).toContain('<01> <7F51>'); // 网
    expect(fixed).toContain('<02> <0041>');
    expect(fixed).toContain('<10> <96E8>'); // ⻗ → 雨
    expect(fixed).toContain('<11> <9752>'); // ⻘ → 青
    expect(fixed).toContain('<12> <97E6>'); // ⻙ → 韦
    expect(fixed).toContain('1 beginbfrange\n<20> <22> <4E00>\nendbfrange');
    expect(fixed).toContain('5 beginbfchar');
    expect(fixed.startsWith('/CIDInit')).toBe(true);
    expect(fixed.endsWith('end\nend')).toBe(true);
    expect(repairToUnicodeCMap(CMAP.replace('<2F79>', '<7F51>').replace('<2ED7>', '<4E10>'))).toBeNull();
  });

  /** A minimal classic-xref PDF: catalog, a ToUnicode stream, and the xref pointing at each object. */
  function tinyPdf(cmap: string): Buffer {
    const stream = deflateSync(Buffer.from(cmap, 'latin1'));
    const objects: Buffer[] = [
      Buffer.from('1 0 obj\n<</Type /Catalog>>\nendobj\n', 'latin1'),
      Buffer.concat([Buffer.from(`2 0 obj\n<</Filter /FlateDecode\n/Length ${stream.length}>> stream\n`, 'latin1'), stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]),
      Buffer.from('3 0 obj\n<</Producer (test)>>\nendobj\n', 'latin1'),
    ];
    const header = Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1');
    let offset = header.length;
    let xref = 'xref\n0 4\n0000000000 65535 f \n';
    for (const o of objects) {
      xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
      offset += o.length;
    }
    return Buffer.concat([header, ...objects, Buffer.from(`${xref}trailer\n<</Size 4\n/Root 1 0 R>>\nstartxref\n${offset}\n%%EOF`, 'latin1')]);
  }

  /** Object number → the bytes its xref entry points at, and the startxref target. */
  function followXref(pdf: Buffer): { objects: Map<number, string>; xrefAt: string } {
    const text = pdf.toString('latin1');
    const start = Number(/startxref\n(\d+)/.exec(text)![1]);
    const entries = [...text.slice(start).matchAll(/(\d{10}) (\d{5}) n \n/g)].map((m) => Number(m[1]));
    return { objects: new Map(entries.map((offset, i) => [i + 1, text.slice(offset, offset + 8)])), xrefAt: text.slice(start, start + 4) };
  }

  it('rewrites the PDF with a consistent cross-reference table', () => {
    const before = tinyPdf(CMAP);
    const after = repairCjkTextLayer(before);
    expect(after).not.toBe(before);
    const { objects, xrefAt } = followXref(after);
    expect(xrefAt).toBe('xref');
    expect(objects.get(1)).toBe('1 0 obj\n');
    expect(objects.get(2)).toBe('2 0 obj\n');
    expect(objects.get(3)).toBe('3 0 obj\n');
    const text = after.toString('latin1');
    const length = Number(/2 0 obj\n<<\/Filter \/FlateDecode\n\/Length (\d+)>> stream\n/.exec(text)![1]);
    const dataStart = text.indexOf('stream\n', text.indexOf('2 0 obj')) + 'stream\n'.length;
    const cmap = inflateSync(after.subarray(dataStart, dataStart + length)).toString('latin1');
    expect(cmap).toContain('<01> <7F51>');
    expect(text.slice(dataStart + length, dataStart + length + 10)).toBe('\nendstream');
    expect(text).toContain('trailer\n<</Size 4\n/Root 1 0 R>>\nstartxref\n');
  });

  it('returns the same bytes when there is nothing to repair or the PDF is not one it understands', () => {
    const clean = tinyPdf(CMAP.replace('<2F79>', '<7F51>').replace('<2ED7>', '<4E10>'));
    expect(repairCjkTextLayer(clean)).toBe(clean);
    const notPdf = Buffer.from('not a pdf');
    expect(repairCjkTextLayer(notPdf)).toBe(notPdf);
    const broken = Buffer.from(tinyPdf(CMAP).toString('latin1').replace(/startxref\n\d+/, 'startxref\n3'), 'latin1');
    expect(repairCjkTextLayer(broken)).toBe(broken);
  });
});
