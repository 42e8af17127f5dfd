/**
 * The body of a 政府信息公开工作年度报告 in the statutory format (国办公开办函〔2019〕60号): six numbered
 * sections and the four tables. 表三 balances (本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理)
 * unless a flaw is seeded on purpose (disclosure.annual-report.structure / .consistency).
 */
import { esc } from './html.js';

/** Columns of 表三: 自然人, five kinds of 法人或其他组织, 总计. */
type Row = [number, number, number, number, number, number, number];

function row(values: readonly number[]): Row {
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = values;
  const naturalPerson = a;
  const total = naturalPerson + b + c + d + e;
  return [naturalPerson, b, c, d, e, 0, total];
}

function cells(r: Row): string {
  return r.map((v) => `<td>${v}</td>`).join('');
}

function sum(rows: Row[]): Row {
  const out: Row = [0, 0, 0, 0, 0, 0, 0];
  for (const r of rows) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (r[i] ?? 0);
  return out;
}

/** A defect seeded in one report: section 五 left out, or 表三's 结转下年度 off by one. */
export type ReportFlaw = 'no-section-5' | 'unbalanced';

/** 表三's 总计 column as the unbalanced report prints it (the consistency rule's data). */
export const UNBALANCED_TOTALS = { received: 9, carriedOver: 1, total: 9, carriedForward: 2 } as const;

export function annualReportBody(org: string, year: number, flaw?: ReportFlaw): string {
  const received = row([6, 2, 0, 0, 1]);
  const carried = row([1, 0, 0, 0, 0]);
  // Results: 予以公开, 部分公开, 不予公开(已移交), 无法提供(本机关不掌握), 不予处理, 其他处理.
  const disclosed = row([4, 1, 0, 0, 1]);
  const partly = row([1, 0, 0, 0, 0]);
  const notHeld = row([1, 1, 0, 0, 0]);
  const results = sum([disclosed, partly, notHeld]);
  // The unbalanced report carries one request too many forward: 9 + 1 ≠ 9 + 2.
  const carryOver = flaw === 'unbalanced' ? row([2, 0, 0, 0, 0]) : row([1, 0, 0, 0, 0]);
  // Balance check, kept in code so a change to the numbers cannot silently break it.
  const lhs = sum([received, carried]);
  const rhs = sum([results, carryOver]);
  const balanced = lhs.join() === rhs.join();
  if (balanced !== (flaw !== 'unbalanced')) throw new Error('annual report table 3 balance is not as planned');
  if (flaw === 'unbalanced') {
    const t = UNBALANCED_TOTALS;
    if ([received[6], carried[6], results[6], carryOver[6]].join() !== [t.received, t.carriedOver, t.total, t.carriedForward].join()) {
      throw new Error('UNBALANCED_TOTALS out of date');
    }
  }
  const noFive = flaw === 'no-section-5';
  // A report that leaves section 五 out does not announce it in its preamble either.
  const contents = noFive
    ? '总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、其他需要报告的事项'
    : '总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项';
  const five = noFive
    ? ''
    : `<h3>五、存在的主要问题及改进情况</h3>
<p>${esc(org)}政府信息公开工作仍存在政策解读形式不够丰富、部分栏目更新不够及时等问题。下一步将加强业务培训，完善信息发布审核机制，提高公开质量。</p>
`;
  const six = noFive ? '五、其他需要报告的事项' : '六、其他需要报告的事项';

  const o = esc(org);
  return `
<p>本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。全文包括${contents}。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。</p>
<h3>一、总体情况</h3>
<p>${year}年，${o}认真贯彻落实《条例》，围绕中心工作做好主动公开、依申请公开、政策解读和平台建设等各项工作，政府信息公开工作制度化、规范化水平进一步提升。</p>
<h3>二、主动公开政府信息情况</h3>
<table class="report-table" border="1">
<tr><th colspan="4">第二十条第（一）项</th></tr>
<tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>2</td><td>0</td><td>5</td></tr>
<tr><th colspan="4">第二十条第（五）项</th></tr>
<tr><th>信息内容</th><th colspan="3">本年处理决定数量</th></tr>
<tr><td>行政许可</td><td colspan="3">36</td></tr>
</table>
<h3>三、收到和处理政府信息公开申请情况</h3>
<table class="report-table" border="1">
<tr><th colspan="2" rowspan="2">本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和</th><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td>${cells(received)}</tr>
<tr><td colspan="2">二、上年结转政府信息公开申请数量</td>${cells(carried)}</tr>
<tr><td rowspan="3">三、本年度办理结果</td><td>（一）予以公开</td>${cells(disclosed)}</tr>
<tr><td>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>${cells(partly)}</tr>
<tr><td>（四）无法提供——本机关不掌握相关政府信息</td>${cells(notHeld)}</tr>
<tr><td colspan="2">（七）总计</td>${cells(results)}</tr>
<tr><td colspan="2">四、结转下年度继续办理</td>${cells(carryOver)}</tr>
</table>
<h3>四、政府信息公开行政复议、行政诉讼情况</h3>
<table class="report-table" border="1">
<tr><th colspan="5">行政复议</th><th colspan="5">行政诉讼</th></tr>
<tr><th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th><th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th></tr>
<tr><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
${five}<h3>${six}</h3>
<p>本年度未收取信息处理费。</p>`;
}
