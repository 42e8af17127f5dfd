/** Pure reading of annual reports: year from the title, the six sections, 表三 from cells and flattened text. */
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { readReportDocument } from '../../rules/extract/report-document.js';
import { findSections, looksLikeReport, readTable3, reportYear, splitRow, table3Imbalances } from '../../rules/extract/annual-report.js';

describe('reportYear', () => {
  it('reads the year the report is about, not a publication date', () => {
    expect(reportYear('平潭综合实验区2019年度政府信息公开工作年度报告')).toBe(2019);
    expect(reportYear('平潭县人民政府2013年政府信息公开工作年度报告')).toBe(2013);
    expect(reportYear('二〇二〇年度政府信息公开工作年度报告')).toBe(2020);
    expect(reportYear('２０２１年政府信息公开工作年度报告')).toBe(2021);
    // 2020年1月 is a date; the 年度 year wins.
    expect(reportYear('2019年度政府信息公开工作年度报告（2020年1月发布）')).toBe(2019);
    expect(reportYear('政府信息公开工作年度报告')).toBeNull();
    expect(reportYear('2019年政务公开工作要点')).toBeNull();
    expect(reportYear('关于2018年和2019年工作报告的说明')).toBeNull();
    expect(looksLikeReport('政府信息公开年报')).toBe(true);
  });
});

describe('findSections', () => {
  const six = '一、总体情况 …… 二、主动公开政府信息情况 …… 三、收到和处理政府信息公开申请情况 …… 四、政府信息公开行政复议、行政诉讼情况 …… 五、存在的主要问题及改进情况 …… 六、其他需要报告的事项 无。';

  it('finds the six numbered heads of the format', () => {
    expect([...findSections(six)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts real wordings and numbering styles', () => {
    const variant =
      '（一）总体情况 （二）主动公开政府信息情况 （三）收到和处理政府信息公开申请情况 四．因政府信息公开申请行政复议、提起行政诉讼的情况 第五部分 政府信息公开工作存在的主要问题及改进情况 六、其它需要报告的事项';
    expect([...findSections(variant)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads section 5 written as shortcomings and next steps (不足, 打算, 下一步, 整改)', () => {
    for (const head of ['五、存在的不足及下一步工作打算', '五、存在的不足和改进措施', '五、下一步工作打算', '五、存在的差距及整改措施']) {
      expect(findSections(six.replace('五、存在的主要问题及改进情况', head)).has(5), head).toBe(true);
    }
    // Only in the head itself: a body sentence of another section speaking of 不足 is no section 5.
    const bodyMention = six.replace('五、存在的主要问题及改进情况 ……', '').replace('一、总体情况 ……', '一、总体情况 本年度针对上年度工作存在的不足进一步完善');
    expect(findSections(bodyMention).has(5)).toBe(false);
  });

  it('does not count the unnumbered list in the introduction', () => {
    const intro = '本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。一、总体情况 略。';
    expect([...findSections(intro)]).toEqual([1]);
  });

  it('does not take Arabic-numbered table rows for heads', () => {
    const oldTable = '四、政府信息公开工作存在的主要问题及改进情况 略。指标名称 3.否决公开答复数条02行政复议数条00行政诉讼数条00';
    expect([...findSections(oldTable)]).toEqual([5]);
  });

  it('reports a missing section as missing', () => {
    const without5 = six.replace('五、存在的主要问题及改进情况', '');
    expect(findSections(without5).has(5)).toBe(false);
    expect(findSections(without5).size).toBe(5);
  });
});

describe('splitRow', () => {
  it('reads separated cells as they are', () => {
    expect(splitRow('6 2 0 0 1 0 9')).toEqual([6, 2, 0, 0, 1, 0, 9]);
    expect(splitRow(' \t 6 \t 2 \t 0 \t 0 \t 1 \t 0 \t 10 \t ')).toEqual([6, 2, 0, 0, 1, 0, 10]);
  });

  it('splits glued cells when exactly one split adds up to the 总计', () => {
    expect(splitRow('21710000218')).toEqual([217, 1, 0, 0, 0, 0, 218]);
    expect(splitRow('230 000023')).toEqual([23, 0, 0, 0, 0, 0, 23]);
    expect(splitRow('23 0 00 0 023')).toEqual([23, 0, 0, 0, 0, 0, 23]);
    expect(splitRow('0000000')).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives up when no split or several splits fit', () => {
    expect(splitRow('11')).toBeNull(); // too few digits for seven cells
    expect(splitRow('12000003')).toBeNull(); // 12,0,0,0,0,0,3 and 1,20,0,0,0,0,3 do not add up; 03 is no number
    expect(splitRow('1 2 3 4 5 6 7 8')).toBeNull(); // eight cells
    // 11,1,0,0,0,0,12 and 1,11,0,0,0,0,12 both add up: no confident read.
    expect(splitRow('111000012')).toBeNull();
  });
});

function tableHtml(rows: [string, number[]][]): string {
  const tr = rows.map(([label, v]) => `<tr><td colspan="2">${label}</td>${v.map((n) => `<td>${n}</td>`).join('')}</tr>`).join('\n');
  return `<html><body><h3>三、收到和处理政府信息公开申请情况</h3><table border="1">
<tr><th colspan="2" rowspan="2">本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和</th><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
${tr}</table></body></html>`;
}

describe('readTable3', () => {
  it('reads the four rows from HTML table cells and finds them balanced', () => {
    const html = tableHtml([
      ['一、本年新收政府信息公开申请数量', [6, 2, 0, 0, 1, 0, 9]],
      ['二、上年结转政府信息公开申请数量', [1, 0, 0, 0, 0, 0, 1]],
      ['（七）总计', [6, 2, 0, 0, 1, 0, 9]],
      ['四、结转下年度继续办理', [1, 0, 0, 0, 0, 0, 1]],
    ]);
    const table = readTable3(readReportDocument(cheerioDomView(html, 'http://x.gov.cn/r.html')));
    expect(table?.source).toBe('table');
    expect(table?.rows.received).toEqual([6, 2, 0, 0, 1, 0, 9]);
    expect(table && table3Imbalances(table)).toEqual([]);
  });

  it('reports the columns that do not balance, 总计 first', () => {
    const html = tableHtml([
      ['一、本年新收政府信息公开申请数量', [6, 2, 0, 0, 1, 0, 9]],
      ['二、上年结转政府信息公开申请数量', [1, 0, 0, 0, 0, 0, 1]],
      ['（七）总计', [5, 2, 0, 0, 1, 0, 8]],
      ['四、结转下年度继续办理', [1, 0, 0, 0, 0, 0, 1]],
    ]);
    const table = readTable3(readReportDocument(cheerioDomView(html, 'http://x.gov.cn/r.html')))!;
    expect(table3Imbalances(table)).toEqual([
      { column: '总计', received: 9, carriedOver: 1, total: 8, carriedForward: 1 },
      { column: '自然人', received: 6, carriedOver: 1, total: 5, carriedForward: 1 },
    ]);
  });

  it('reads flattened text when there is no table', () => {
    const text = '一、本年新收政府信息公开申请数量21710000218二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开710000071（七）总计21710000218四、结转下年度继续办理0000000四、政府信息公开行政复议';
    const table = readTable3({ text, tables: [] });
    expect(table).toMatchObject({ source: 'text', rows: { received: [217, 1, 0, 0, 0, 0, 218], total: [217, 1, 0, 0, 0, 0, 218] } });
  });

  it('is null when a row is missing or unreadable', () => {
    expect(readTable3({ text: '一、本年新收政府信息公开申请数量 5 二、上年结转政府信息公开申请数量 0', tables: [] })).toBeNull();
    expect(readTable3({ text: '', tables: [] })).toBeNull();
  });

  it('does not trust a label read two different ways', () => {
    const rows = '二、上年结转政府信息公开申请数量0000000（七）总计1000001四、结转下年度继续办理0000000';
    expect(readTable3({ text: `一、本年新收政府信息公开申请数量1000001${rows}`, tables: [] })).not.toBeNull();
    expect(readTable3({ text: `一、本年新收政府信息公开申请数量1000001${rows} 附：本年新收政府信息公开申请数量 2 0 0 0 0 0 2`, tables: [] })).toBeNull();
  });
});
