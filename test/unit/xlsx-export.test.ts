/**
 * The XLSX workbook, read back with exceljs: a summary sheet that equals the ranking, one data
 * collection sheet per unit with every problem and its evidence, crawled text kept as text.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ExportSchema, type ExportDocument, type ExportFinding } from '../../reports/export-schema.js';
import { rankUnits } from '../../reports/ranking-table.js';
import { MAX_CELL_CHARS, cellText, isWebUrl } from '../../reports/xlsx/cell-text.js';
import { collectionRows } from '../../reports/xlsx/collection-rows.js';
import { renderXlsx, unitSheetNames } from '../../reports/xlsx/render-xlsx.js';
import { MAX_SHEET_NAME, sanitizeSheetName, uniqueSheetNames } from '../../reports/xlsx/sheet-name.js';
import { UNIT_COLUMNS, UNIT_HEADER_ROW } from '../../reports/xlsx/unit-sheet.js';

const INDICATORS = [
  { id: 'disclosure-column', name: '政府信息公开专栏与四个部分', max: 15, ruleIds: ['disclosure.column.present', 'disclosure.column.name', 'disclosure.parts'] },
  { id: 'updates', name: '栏目更新', max: 15, ruleIds: ['freshness.homepage', 'freshness.column', 'column.empty', 'freshness.veto'] },
  { id: 'accessibility', name: '无障碍与适老化', max: 6, ruleIds: ['a11y.toolbar', 'a11y.*'] },
  { id: 'privacy-security', name: '隐私保护与网站安全', max: 6, ruleIds: ['privacy.*', 'site.https'] },
];

function score(total: number, opts: { vetoed?: boolean; assessed?: boolean } = {}) {
  return {
    total, max: 42, vetoed: opts.vetoed ?? false, assessed: opts.assessed ?? true,
    indicators: INDICATORS.map((i, n) => ({ ...i, score: n === 0 ? Math.max(0, i.max - (42 - total)) : i.max })),
  };
}

const FORMULA = '=HYPERLINK("http://evil.example/","点我")';
const LONG = '很长的说明'.repeat(8000); // 40,000 characters: over Excel's cell limit

const violationA: ExportFinding = {
  ruleId: 'disclosure.parts', outcome: 'violation', url: 'http://a.gov.cn/zwgk/index.html', message: '政府信息公开专栏缺少“政府信息公开年报”部分。',
  data: { part: '政府信息公开年报' }, key: 'k1', firstSeen: '2020-10-01', change: 'open',
  mark: { kind: 'fixed', reason: '已补充年报栏目', by: '张三', at: '2020-11-20T08:00:00.000Z' }, reappeared: true,
};
const injected: ExportFinding = {
  ruleId: 'freshness.column', outcome: 'violation', url: 'javascript:alert(1)', message: FORMULA, data: {}, change: 'new',
  target: { selector: '+cmd|calc', snippet: '' }, mark: { kind: 'false-positive', reason: '@SUM(1)', by: '李四', at: '2020-11-21T08:00:00.000Z' },
};
const controlChars: ExportFinding = {
  ruleId: 'freshness.column', outcome: 'violation', url: 'https://a.gov.cn/lm/列表 页.html?q=1&x=<y>', message: `栏目\u0000“动态”\u0008过期\u001F。\uD800`, data: {},
};
const longOne: ExportFinding = { ruleId: 'column.empty', outcome: 'violation', url: 'http://a.gov.cn/kong/', message: LONG, data: {} };
const review: ExportFinding = { ruleId: 'freshness.homepage', outcome: 'incomplete', url: 'http://a.gov.cn/', message: '首页未找到日期，需人工复核。', data: {} };
const passed: ExportFinding = { ruleId: 'disclosure.column.present', outcome: 'pass', url: 'http://a.gov.cn/', message: '首页设有政府信息公开专栏。', data: {} };
const notApplicable: ExportFinding = { ruleId: 'site.https', outcome: 'inapplicable', url: 'http://a.gov.cn/', message: '本项不适用。', data: {} };
const unknownRule: ExportFinding = { ruleId: 'custom.extra', outcome: 'violation', url: 'http://a.gov.cn/x', message: '未列入指标的问题。', data: {} };
const templated: ExportFinding = { ruleId: 'a11y.image-alt', outcome: 'violation', url: 'http://a.gov.cn/p1', message: '图片缺少替代文本。', data: {}, templateGroup: 'g1' };

const officeDoc: ExportDocument = ExportSchema.parse({
  schemaVersion: 1,
  run: { id: '7', startedAt: '2020-11-26T02:00:00.000Z', finishedAt: '2020-11-26T02:10:00.000Z', evalDate: '2020-11-26', ruleSetVersion: '2026.11.1', district: '测试区', previousRunId: '6' },
  units: [
    {
      id: 'a', name: '区发展和改革局[综合]/规划:科*?', type: 'department', url: 'http://a.gov.cn/', score: score(30),
      findings: [violationA, injected, controlChars, longOne, review, passed, notApplicable, unknownRule, templated],
      templateGroups: [{ id: 'g1', ruleId: 'a11y.image-alt', outcome: 'violation', message: '图片缺少替代文本。', count: 12, pages: ['http://a.gov.cn/p1'] }],
      changes: { previousRunId: '6', previousEvalDate: '2020-11-19', previousTotal: 27.5, new: 1, fixed: 1, open: 1, fixedFindings: [{ key: 'k0', ruleId: 'link.broken', url: 'http://a.gov.cn/old', message: '链接无法打开。' }] },
      manual: {
        daily: [{ id: 'd1', name: '政务公开工作机制', max: 10, score: 8 }], dailyMax: 30, dailyTotal: 24,
        deductions: [{ id: 'x1', name: '泄露个人信息', points: 5 }], deductionTotal: 5, predictedTotal: 49, predictedMax: 100, enteredBy: '王五',
      },
    },
    { id: 'b', name: '这是一个名字特别特别长的单位名称用来检查工作表名称的三十一字限制甲', type: 'town', url: 'http://b.gov.cn/', score: score(40), findings: [] },
    { id: 'c', name: '这是一个名字特别特别长的单位名称用来检查工作表名称的三十一字限制乙', type: 'street', url: 'http://c.gov.cn/', score: score(41, { vetoed: true }), findings: [] },
    { id: 'd', name: "'history'", type: 'other', url: 'http://d.gov.cn/', score: score(42, { assessed: false }), findings: [review] },
  ],
});

/** The same run from an older store: none of the office fields. */
const plainDoc: ExportDocument = ExportSchema.parse({
  schemaVersion: 1,
  run: { id: '1', startedAt: '2020-11-26T02:00:00.000Z', finishedAt: null, evalDate: '2020-11-26', ruleSetVersion: '1' },
  units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.gov.cn/', score: score(36), findings: [{ ruleId: 'disclosure.parts', outcome: 'violation', url: 'http://a.gov.cn/z', message: '缺少部分。', data: {} }] }],
});

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

function rowTexts(ws: ExcelJS.Worksheet, row: number, columns: number): string[] {
  return Array.from({ length: columns }, (_, i) => text(ws.getRow(row).getCell(i + 1)));
}

/** The data rows of a unit sheet: from below the header to the first empty row. */
function unitRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = UNIT_HEADER_ROW + 1; text(ws.getRow(r).getCell(1)) !== ''; r += 1) rows.push(ws.getRow(r));
  return rows;
}

const col = (name: (typeof UNIT_COLUMNS)[number]): number => UNIT_COLUMNS.indexOf(name) + 1;

describe('cell text', () => {
  it('prefixes formula starts with an apostrophe and leaves other text alone', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(cellText(s)).toBe(`'${s}`);
    expect(cellText('正常文字 =1')).toBe('正常文字 =1');
    expect(cellText("'already")).toBe("'already");
  });

  it('removes characters XML cannot carry and cuts at the cell limit', () => {
    expect(cellText('a\u0000b\u0007c\u000Bd\uFFFFe\uDC00f')).toBe('abcdef');
    expect(cellText('一\n二\t三')).toBe('一\n二\t三');
    const cut = cellText('字'.repeat(MAX_CELL_CHARS + 10));
    expect(cut.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(cut).toMatch(/已截断）$/);
    // A surrogate pair at the cut is not split.
    const emoji = cellText('😀'.repeat(MAX_CELL_CHARS));
    expect(emoji.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('only http(s) addresses are web links', () => {
    expect(isWebUrl('http://a.gov.cn/x')).toBe(true);
    expect(isWebUrl('HTTPS://a.gov.cn/')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('file:///etc/passwd')).toBe(false);
    expect(isWebUrl('http://')).toBe(false);
  });
});

describe('sheet names', () => {
  it('makes names Excel accepts', () => {
    expect(sanitizeSheetName('区局[综合]/规划:科*?\\')).toBe('区局_综合__规划_科___');
    expect(sanitizeSheetName("'单位'")).toBe('单位');
    expect(sanitizeSheetName('   ')).toBe('单位');
    expect(sanitizeSheetName('History')).toBe('单位');
    expect(sanitizeSheetName('字'.repeat(40))).toHaveLength(MAX_SHEET_NAME);
  });

  it('keeps names unique ignoring case, within 31 characters', () => {
    const long = '甲'.repeat(40);
    const names = uniqueSheetNames([long, long, 'Abc', 'aBC', '汇总'], ['汇总']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(5);
    expect(names).not.toContain('汇总');
    for (const n of names) expect(n.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
    expect(names[1]).toMatch(/\(2\)$/);
    expect(names[3]).toBe('aBC(2)');
  });
});

describe('collection rows', () => {
  it('give every check point a row, one per problem, and read 未检查 / 未发现问题 where nothing was recorded', () => {
    const unit = officeDoc.units.find((u) => u.id === 'a')!;
    const rows = collectionRows(unit, '2020-11-26');
    const byRule = (id: string) => rows.filter((r) => r.ruleId === id);
    for (const pattern of INDICATORS.flatMap((i) => i.ruleIds).filter((p) => !p.endsWith('.*'))) expect(byRule(pattern).length).toBeGreaterThan(0);
    expect(byRule('freshness.column').map((r) => r.result)).toEqual(['不达标', '不达标']);
    expect(byRule('disclosure.column.present')).toMatchObject([{ result: '达标', url: 'http://a.gov.cn/' }]);
    expect(byRule('site.https')).toMatchObject([{ result: '不适用' }]);
    expect(byRule('freshness.homepage')).toMatchObject([{ result: '需人工复核', stake: '出现即扣 5 分' }]);
    // A unit rule that records its passes: no result means not checked. A page rule: none found.
    expect(byRule('disclosure.column.name')).toMatchObject([{ result: '未检查' }]);
    expect(byRule('privacy.mobile')).toMatchObject([{ result: '未发现问题' }]);
    // A wildcard expands to the rules it covers; the exact a11y.toolbar is not repeated under it.
    expect(byRule('a11y.toolbar')).toHaveLength(1);
    // A status entry (axe did not finish) has no row of its own when it said nothing.
    expect(byRule('a11y.axe-run')).toEqual([]);
    expect(byRule('a11y.image-alt')).toMatchObject([{ result: '不达标', message: '图片缺少替代文本。（模板问题（共 12 个页面））' }]);
    expect(byRule('custom.extra')).toMatchObject([{ indicator: '其他检查项（不计分）', result: '不达标', stake: '' }]);
    expect(byRule('disclosure.parts')).toMatchObject([{ date: '2020-10-01', change: '仍存在', mark: '整改后再次出现；已整改（待复查）：已补充年报栏目（张三，2020-11-20）' }]);
  });

  it('read 未检查 for every rule without a finding when the unit could not be assessed', () => {
    const rows = collectionRows(officeDoc.units.find((u) => u.id === 'd')!, '2020-11-26');
    expect(rows.filter((r) => r.ruleId === 'privacy.mobile')).toMatchObject([{ result: '未检查' }]);
  });
});

describe('XLSX workbook', () => {
  it('has a summary sheet and one sheet per unit with names Excel accepts', async () => {
    const wb = await load(await renderXlsx(officeDoc));
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('汇总');
    expect(names.slice(1)).toEqual(unitSheetNames(officeDoc).map((s) => s.sheetName));
    expect(names).toHaveLength(officeDoc.units.length + 1);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
      expect(n).not.toMatch(/^'|'$/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it('summary rows equal the ranking, with changes and the hand-entered points labelled 人工录入', async () => {
    const wb = await load(await renderXlsx(officeDoc));
    const ws = wb.getWorksheet('汇总')!;
    expect(text(ws.getCell('A1'))).toContain('测试区');
    expect(rowTexts(ws, 2, 2)).toEqual(['区县', '测试区']);
    expect(rowTexts(ws, 3, 2)).toEqual(['评估日期', '2020-11-26']);
    expect(rowTexts(ws, 4, 2)).toEqual(['运行编号', '7']);
    let headerRow = 1;
    while (text(ws.getCell(headerRow, 1)) !== '排名') headerRow += 1;
    const header = rowTexts(ws, headerRow, 14);
    expect(header).toEqual(['排名', '单位', '类型', '得分', '满分', '单项否决', '问题数', '需人工复核', '较上次得分', '新增', '已消除', '仍存在', '日常工作得分（人工录入）', '预测总分（人工录入）']);
    const ranked = rankUnits(officeDoc);
    ranked.forEach((r, i) => {
      const row = ws.getRow(headerRow + 1 + i);
      expect(row.getCell(1).value).toBe(r.rank);
      expect(text(row.getCell(2))).toBe(cellText(r.unit.name));
      expect(row.getCell(4).value).toBe(r.unit.score.assessed === false ? '未能评分' : r.unit.score.total);
      expect(row.getCell(5).value).toBe(r.unit.score.max);
      expect(text(row.getCell(6))).toBe(r.unit.score.vetoed ? '是' : '否');
      expect(row.getCell(7).value).toBe(r.violations);
      expect(row.getCell(8).value).toBe(r.review);
    });
    const a = ws.getRow(headerRow + 1 + ranked.findIndex((r) => r.unit.id === 'a'));
    expect([a.getCell(9).value, a.getCell(10).value, a.getCell(11).value, a.getCell(12).value, a.getCell(13).value, a.getCell(14).value]).toEqual([2.5, 1, 1, 1, 24, 49]);
    // Frozen at the header, filter on it, styled, columns sized.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getCell(headerRow, 1).font?.bold).toBe(true);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(16);
  });

  it('each unit sheet is a data collection sheet with every problem, its evidence link and date', async () => {
    const wb = await load(await renderXlsx(officeDoc));
    const sheetOf = new Map(unitSheetNames(officeDoc).map((s) => [s.unitId, s.sheetName]));
    for (const unit of officeDoc.units) {
      const ws = wb.getWorksheet(sheetOf.get(unit.id)!)!;
      expect(rowTexts(ws, UNIT_HEADER_ROW, UNIT_COLUMNS.length)).toEqual([...UNIT_COLUMNS]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: UNIT_HEADER_ROW });
      expect(ws.autoFilter).toBeTruthy();
      const rows = unitRows(ws);
      for (const f of unit.findings.filter((x) => x.outcome === 'violation' || x.outcome === 'incomplete')) {
        const match = rows.filter((r) => text(r.getCell(col('证据网址'))) === cellText(f.url) && text(r.getCell(col('结果'))) === (f.outcome === 'violation' ? '不达标' : '需人工复核'));
        expect(match.length, `${unit.id} ${f.ruleId} ${f.url}`).toBeGreaterThan(0);
        expect(text(match[0]!.getCell(col('采集日期')))).toBe(f.firstSeen ?? '2020-11-26');
      }
    }
    const ws = wb.getWorksheet(sheetOf.get('a')!)!;
    const rows = unitRows(ws);
    const find = (url: string) => rows.find((r) => text(r.getCell(col('证据网址'))) === url)!;
    // An http(s) address is a link; anything else is plain text.
    expect(find(violationA.url).getCell(col('证据网址')).value).toEqual({ text: violationA.url, hyperlink: violationA.url });
    expect(find('javascript:alert(1)').getCell(col('证据网址')).value).toBe('javascript:alert(1)');
    const encoded = find(controlChars.url).getCell(col('证据网址')).value as ExcelJS.CellHyperlinkValue;
    expect(encoded.hyperlink).toBe(new URL(controlChars.url).href);
    expect(text(find(controlChars.url).getCell(col('问题说明')))).toBe('栏目“动态”过期。');
    // Marks and changes in words.
    expect(text(find(violationA.url).getCell(col('标记')))).toBe('整改后再次出现；已整改（待复查）：已补充年报栏目（张三，2020-11-20）');
    expect(text(find(violationA.url).getCell(col('变化')))).toBe('仍存在');
    expect(text(find('javascript:alert(1)').getCell(col('变化')))).toBe('新增');
    expect(text(find('javascript:alert(1)').getCell(col('标记')))).toBe('误报：@SUM(1)（李四，2020-11-21）');
    // Over-long text is cut to the cell limit.
    expect(text(find(longOne.url).getCell(col('问题说明'))).length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    // Fixed since last run, and the hand-entered block, below the table.
    const all: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => all.push(text(c))));
    expect(all).toContain('已消除');
    expect(all.some((t) => t.startsWith('人工录入'))).toBe(true);
    expect(all).toContain('预测总分：49 / 100 分');
  });

  it('keeps formula-like crawled text as text, never a formula', async () => {
    const wb = await load(await renderXlsx(officeDoc));
    const ws = wb.getWorksheet(unitSheetNames(officeDoc).find((s) => s.unitId === 'a')!.sheetName)!;
    const row = unitRows(ws).find((r) => text(r.getCell(col('证据网址'))) === 'javascript:alert(1)')!;
    const cell = row.getCell(col('问题说明'));
    expect(cell.value).toBe(`'${FORMULA}`);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    let formulas = 0;
    for (const sheet of wb.worksheets) sheet.eachRow((r) => r.eachCell((c) => { if (c.type === ExcelJS.ValueType.Formula || c.formula) formulas += 1; }));
    expect(formulas).toBe(0);
  });

  it('works without the office fields: no change or hand-entered columns', async () => {
    const wb = await load(await renderXlsx(plainDoc, { districtName: '旧区' }));
    const ws = wb.getWorksheet('汇总')!;
    expect(text(ws.getCell('A1'))).toContain('旧区');
    const all: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => all.push(text(c))));
    expect(all).toContain('排名');
    expect(all.some((t) => t.includes('人工录入') || t === '较上次得分')).toBe(false);
    const unit = wb.getWorksheet('甲局')!;
    const rows = unitRows(unit);
    const parts = rows.find((r) => text(r.getCell(col('证据网址'))) === 'http://a.gov.cn/z')!;
    expect(text(parts.getCell(col('采集日期')))).toBe('2020-11-26');
    expect(text(parts.getCell(col('变化')))).toBe('');
  });
});
