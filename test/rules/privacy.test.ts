/**
 * privacy.id-number and privacy.mobile: the detectors (check character, birth date, region,
 * boundaries, labels), the page rules on fixtures (test/fixtures/rules/privacy.*), and the site
 * rules over attachments of a hand-built site model.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { PRIVACY_PAGE_RULES, PRIVACY_SITE_RULES } from '../../rules/areas/privacy.js';
import { PAGE_RULES, SITE_RULES } from '../../rules/engine.js';
import { findIdNumbers, idCheckChar, isPlausibleId15, isValidId18 } from '../../rules/privacy/id-number.js';
import { maskIdNumber, maskMobile } from '../../rules/privacy/digits.js';
import { maskNumbers } from '../../rules/privacy/evidence.js';
import { scanMobiles } from '../../rules/privacy/scan.js';
import { textSource } from '../../rules/privacy/source.js';
import { idNumberAttachmentRule, idNumberPageRule } from '../../rules/privacy/id-number-rule.js';
import { mobileAttachmentRule, mobilePageRule } from '../../rules/privacy/mobile-rule.js';
import type { AttachmentText, Finding, PageContext, SiteModel } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const EVAL = '2020-11-26';

/** A checksum-valid synthetic ID: region 370211 (黄岛区), birth date, sequence. */
function syntheticId(birth: string, seq = '123'): string {
  const first17 = `370211${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

function pageCtx(html: string, url = 'http://u.test/a.html'): PageContext {
  const dom = cheerioDomView(html, url);
  return { url, snapshot: extractSnapshot(dom, url, { refDate: EVAL }), dom, evalDate: EVAL };
}

function fixture(ruleId: string, file: string): string {
  return readFileSync(join(FIXTURES, ruleId, file), 'utf8');
}

/** No finding may carry a full number anywhere (message, data, snippet). */
function expectNoFullNumbers(findings: Finding[], numbers: string[]): void {
  const json = JSON.stringify(findings);
  for (const n of numbers) expect(json).not.toContain(n);
}

describe('ID number detector', () => {
  it('accepts a checksum-valid ID and rejects a wrong check character, date or region', () => {
    const id = syntheticId('19880512');
    expect(id).toBe('370211198805121230');
    expect(isValidId18(id, EVAL)).toBe(true);
    expect(isValidId18('11010519491231002X', EVAL)).toBe(true); // the GB 11643 example, check X
    expect(isValidId18(`${id.slice(0, 17)}1`, EVAL)).toBe(false);
    const feb30 = '37021120010230123';
    expect(isValidId18(feb30 + idCheckChar(feb30), EVAL)).toBe(false);
    const future = '37021120201127123'; // born the day after the evaluation date
    expect(isValidId18(future + idCheckChar(future), EVAL)).toBe(false);
    const old = '37021118991231123';
    expect(isValidId18(old + idCheckChar(old), EVAL)).toBe(false);
    const badRegion = '99021119880512123';
    expect(isValidId18(badRegion + idCheckChar(badRegion), EVAL)).toBe(false);
    expect(isPlausibleId15('370211880512123', EVAL)).toBe(true);
    expect(isPlausibleId15('370211881312123', EVAL)).toBe(false);
  });

  it('finds IDs only as whole tokens, not in masks, hex, amounts or after other labels', () => {
    const id = syntheticId('19750101', '045');
    expect(findIdNumbers(`身份证：${id}。`, EVAL)).toEqual([id]);
    expect(findIdNumbers('申请人 11010519491231002x 已受理', EVAL)).toEqual(['11010519491231002X']);
    for (const trap of [
      `1${id}`, `${id}1`, `a${id}`, `${id}f`, `${id}.52元`, `${id}*`,
      `统一社会信用代码：${id}`, `银行卡号 ${id}`, `订单号：${id}`, `合同编号${id}`,
      '370211********2317', '3702111988****1230', '370211880512123', '202011261234567890',
    ]) {
      expect(findIdNumbers(trap, EVAL), trap).toEqual([]);
    }
    // A 15-digit legacy ID counts only with an ID label before it.
    expect(findIdNumbers('身份证号：370211880512123', EVAL)).toEqual(['370211880512123']);
  });

  it('masks as the reports show it, never keeping the birth date', () => {
    expect(maskIdNumber('370211198805121230')).toBe('370211********1230');
    expect(maskIdNumber('370211880512123')).toBe('370211*****2123');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskNumbers('<td>370211198805121230</td><td>13812345678</td>')).toBe('<td>370211********1230</td><td>138****5678</td>');
  });
});

describe('privacy.id-number page rule (fixtures)', () => {
  it('reports the hiring table once with a count, masked, pointing at the table', () => {
    const findings = idNumberPageRule.evaluate(pageCtx(fixture('privacy.id-number', 'violation-hiring-table.html')));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'privacy.id-number', outcome: 'violation',
      data: { masked: '370211********1230', count: 2, maskedAll: ['370211********1230', '370211*****2123'] },
    });
    expect(findings[0]!.target?.selector).toMatch(/table/);
    expect(findings[0]!.target?.snippet).toContain('370211********1230');
    expect(findings[0]!.message).toContain('370211********1230');
    expectNoFullNumbers(findings, ['370211198805121230', '370211880512123']);
  });

  it('finds a full-width ID in running text', () => {
    const findings = idNumberPageRule.evaluate(pageCtx(fixture('privacy.id-number', 'violation-inline-text.html')));
    expect(findings).toMatchObject([{ outcome: 'violation', data: { masked: '370211********0457', count: 1 } }]);
  });

  it('reports nothing on the traps page (amounts, hex, credit code, bank card, masks, bad checks, script)', () => {
    expect(idNumberPageRule.evaluate(pageCtx(fixture('privacy.id-number', 'pass-traps.html')))).toEqual([]);
    expect(mobilePageRule.evaluate(pageCtx(fixture('privacy.id-number', 'pass-traps.html')))).toEqual([]);
  });
});

describe('privacy.mobile page rule (fixtures)', () => {
  it('reports a 低保 list with mobiles as one violation with a count, not the 监督电话', () => {
    const findings = mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'violation-subsistence-list.html')));
    expect(findings).toMatchObject([{ ruleId: 'privacy.mobile', outcome: 'violation', data: { masked: '139****1168', count: 3 } }]);
    expect(findings[0]!.data['maskedAll']).not.toContain('138****1111');
    expectNoFullNumbers(findings, ['13912341168', '15812347705', '13712340318']);
  });

  it('asks for review of a 联系人 line in a notice', () => {
    const findings = mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'incomplete-contact-line.html')));
    expect(findings).toMatchObject([{ outcome: 'incomplete', data: { masked: '138****5678', count: 1 } }]);
  });

  it('ignores official hotlines, masked numbers, amounts and numbers inside tokens', () => {
    expect(mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'pass-official-and-masked.html')))).toEqual([]);
  });

  it('a people table with a single number row is only a doubt', () => {
    const html = '<table><tr><th>姓名</th><th>电话</th></tr><tr><td>李某</td><td>13912341168</td></tr><tr><td>孙某</td><td>无</td></tr></table>';
    expect(mobilePageRule.evaluate(pageCtx(`<html><body>${html}</body></html>`))).toMatchObject([{ outcome: 'incomplete' }]);
  });
});

describe('every privacy fixture behaves as its file name says', () => {
  for (const ruleId of ['privacy.id-number', 'privacy.mobile']) {
    const rule = ruleId === 'privacy.id-number' ? idNumberPageRule : mobilePageRule;
    for (const file of readdirSync(join(FIXTURES, ruleId)).filter((f) => f.endsWith('.html'))) {
      it(`${ruleId}/${file}`, () => {
        const outcomes = rule.evaluate(pageCtx(fixture(ruleId, file))).map((f) => f.outcome);
        const expected = file.startsWith('violation-') ? ['violation'] : file.startsWith('incomplete-') ? ['incomplete'] : [];
        expect(outcomes).toEqual(expected);
      });
    }
  }
});

const HOME = 'http://u.test/';

function attachment(over: Partial<AttachmentText>): AttachmentText {
  return { url: `${HOME}fj/a.xlsx`, fromUrl: `${HOME}tzgg/a.html`, fromText: '附件', type: 'xlsx', text: '', truncated: false, error: null, ...over };
}

function site(attachments: AttachmentText[]): SiteModel {
  return {
    unit: { id: 'u', name: '测试单位', type: 'department', url: HOME, scope: [] }, evalDate: EVAL, home: null, homeError: null,
    columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
    annualReports: [], attachments, probes: { https: null, ipv6: null }, page: () => null,
  };
}

describe('privacy site rules over attachments', () => {
  const id = syntheticId('19960315', '452');
  const sheet = ['临时救助对象名单', '', '序号\t姓名\t身份证号\t联系电话', `1\t张某\t${id}\t13912341168`, '2\t李某\t370211********2317\t15812347705', ''].join('\n');

  it('reports a workbook leak at the attachment URL with the linking page', () => {
    const findings = idNumberAttachmentRule.evaluate(site([attachment({ text: sheet, fromText: '临时救助对象名单.xlsx' })]));
    expect(findings).toMatchObject([{
      outcome: 'violation', url: `${HOME}fj/a.xlsx`,
      data: { masked: maskIdNumber(id), count: 1, fromUrl: `${HOME}tzgg/a.html`, type: 'xlsx' },
    }]);
    expect(findings[0]!.message).toContain('临时救助对象名单.xlsx');
    const mobiles = mobileAttachmentRule.evaluate(site([attachment({ text: sheet })]));
    expect(mobiles).toMatchObject([{ outcome: 'violation', data: { masked: '139****1168', count: 2 } }]);
    expectNoFullNumbers([...findings, ...mobiles], [id, '13912341168', '15812347705']);
  });

  it('passes when every readable attachment is clean, and says how many were read', () => {
    const masked = sheet.replace(id, '370211********1234').replace(/13912341168|15812347705/g, '139****0000');
    expect(idNumberAttachmentRule.evaluate(site([attachment({ text: masked })]))).toMatchObject([{ outcome: 'pass', data: { checked: 1 } }]);
    expect(mobileAttachmentRule.evaluate(site([attachment({ text: masked })]))).toMatchObject([{ outcome: 'pass', data: { checked: 1 } }]);
    expect(idNumberAttachmentRule.evaluate(site([]))).toMatchObject([{ outcome: 'inapplicable', data: { checked: 0 } }]);
  });

  it('an unreadable attachment matters only when it is named as a list of people', () => {
    const unreadable = (fromText: string, url: string) => attachment({ text: null, error: '附件文件已损坏', fromText, url });
    const findings = idNumberAttachmentRule.evaluate(site([
      unreadable('低保对象名单', `${HOME}fj/1.xls`),
      unreadable('工作方案', `${HOME}fj/2.pdf`),
      attachment({ text: null, error: '附件地址返回 HTTP 404', fromText: '实施方案', url: `${HOME}fj/3.pdf` }), // gone: link.broken's business
      unreadable('附件', `${HOME}fj/%E8%A1%A5%E8%B4%B4%E5%8F%91%E6%94%BE%E6%98%8E%E7%BB%86.xls`),
    ]));
    expect(findings.map((f) => [f.outcome, f.url])).toEqual([
      ['incomplete', `${HOME}fj/1.xls`],
      ['incomplete', `${HOME}fj/%E8%A1%A5%E8%B4%B4%E5%8F%91%E6%94%BE%E6%98%8E%E7%BB%86.xls`],
      // The other unreadable files: one unit-level doubt that says how many.
      ['incomplete', HOME],
    ]);
    expect(findings[2]!.data).toEqual({ unread: 1, examples: [{ url: `${HOME}fj/2.pdf`, fromUrl: `${HOME}tzgg/a.html`, error: '附件文件已损坏' }] });
    expect(findings[2]!.message).toContain('1 个附件无法读取');
    expect(mobileAttachmentRule.evaluate(site([unreadable('低保对象名单', `${HOME}fj/1.xls`)]))).toEqual([]);
    // A list that is gone (404) is not published any more: no doubt.
    expect(idNumberAttachmentRule.evaluate(site([attachment({ text: null, error: '附件地址返回 HTTP 404', fromText: '低保对象名单', url: `${HOME}fj/4.xls` })]))).toEqual([]);
  });

  it('reads a flattened list (PDF text) as a list only with 姓名, a list word and several numbers', () => {
    const list = '补贴发放名单\n序号 姓名 联系电话\n1 张某 13912341168\n2 李某 15812347705\n3 王某 13712340318\n';
    expect(scanMobiles(textSource(list)).listed).toHaveLength(3);
    expect(scanMobiles(textSource(list.replace('补贴发放名单', '会议安排'))).listed).toEqual([]);
    expect(scanMobiles(textSource(list.replace('补贴发放名单', '会议安排'))).loose).toHaveLength(3);
  });
});

describe('registration', () => {
  it('registers the page and site rules with the engine', () => {
    for (const r of PRIVACY_PAGE_RULES) expect(PAGE_RULES).toContain(r);
    for (const r of PRIVACY_SITE_RULES) expect(SITE_RULES).toContain(r);
    expect(PRIVACY_PAGE_RULES.map((r) => r.id)).toEqual(['privacy.id-number', 'privacy.mobile']);
  });
});

describe('review 3: case numbers, PDF header rows, separated mobiles, staff lists', () => {
  it('a 受理号 column and a 办件号 label are not ID numbers, even where one passes the checksum', () => {
    // 370211202011200008 and …016 pass the checksum by chance (1 in 11); area code + date + sequence.
    expect(idNumberPageRule.evaluate(pageCtx(fixture('privacy.id-number', 'pass-case-numbers.html')))).toEqual([]);
    for (const label of ['受理号', '办件号', '申请号', '业务号', '回执号', '案号', '流水号', '编号']) {
      expect(findIdNumbers(`${label}：370211198001010009`, EVAL), label).toEqual([]);
    }
  });

  it('judges an unlabelled column as a whole: mostly failing checksums make it a column of codes', () => {
    const rows = ['0001', '0002', '0003', '0009'].map((s, i) => `<tr><td>${i + 1}</td><td>37021119800101${s}</td><td>已办结</td></tr>`).join('');
    const html = `<html><body><table><tr><th>序号</th><th>编码</th><th>状态</th></tr>${rows}</table></body></html>`;
    expect(idNumberPageRule.evaluate(pageCtx(html))).toEqual([]);
    const plain = html.replace('<th>编码</th>', '<th>号码</th>');
    expect(idNumberPageRule.evaluate(pageCtx(plain))).toEqual([]);
    // A lone valid number in an unlabelled column is still reported.
    const lone = `<html><body><table><tr><th>序号</th><th>号码</th></tr><tr><td>1</td><td>370211198001010009</td></tr></table></body></html>`;
    expect(idNumberPageRule.evaluate(pageCtx(lone))).toMatchObject([{ outcome: 'violation' }]);
  });

  it('an unlabelled number "born" within the last year is a doubt, not a violation', () => {
    const recent = '<html><body><p>370211202011200008 已办结。</p></body></html>';
    expect(idNumberPageRule.evaluate(pageCtx(recent))).toMatchObject([{ outcome: 'incomplete', data: { masked: '370211********0008', count: 1 } }]);
    const labelled = '<html><body><p>身份证号：370211202011200008</p></body></html>';
    expect(idNumberPageRule.evaluate(pageCtx(labelled))).toMatchObject([{ outcome: 'violation' }]);
  });

  it('reads the ID in the row after a PDF header line that also names a bank account', () => {
    const id = '370211198001012311';
    expect(isValidId18(id, EVAL)).toBe(true);
    const pdf = `2020年低保名单公示\n序号 姓名 身份证号码 银行账号 补贴金额\n1 张三 ${id} 6222021234567890123 500.00\n`;
    expect(idNumberAttachmentRule.evaluate(site([attachment({ text: pdf, type: 'pdf', url: `${HOME}fj/a.pdf` })])))
      .toMatchObject([{ outcome: 'violation', data: { masked: '370211********2311', count: 1 } }]);
    // On one line the nearest label decides: the ID after 身份证号, not the one after 银行卡号.
    const idB = syntheticId('19750101', '045');
    expect(findIdNumbers(`银行卡号：6222021234567890123 身份证号：${id}`, EVAL)).toEqual([id]);
    expect(findIdNumbers(`身份证号：${id} 银行卡号：${idB}`, EVAL)).toEqual([id]);
  });

  it('sees mobiles written with one space or dash separator or a +86 prefix, and keeps the traps', () => {
    const found = (s: string) => scanMobiles(textSource(s)).loose;
    expect(found('联系人：张三 138 1234 5678')).toEqual(['13812345678']);
    expect(found('联系人：张三 139-1234-5678')).toEqual(['13912345678']);
    expect(found('联系人：张三 +8613712345678')).toEqual(['13712345678']);
    expect(found('联系人：张三 +86 137 1234 5678')).toEqual(['13712345678']);
    for (const trap of ['金额 138 1234 5678.50元', '1381 2345 678', '统计 12 138 1234 5678', '138 1234 5678 9', '13812345678.52元', '813812345678', '138-1234 5678']) {
      expect(found(trap), trap).toEqual([]);
    }
  });

  it('reports a 低保 list with separated mobiles as a violation, without the full numbers', () => {
    const findings = mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'violation-separated-mobiles.html')));
    expect(findings).toMatchObject([{ outcome: 'violation', data: { count: 2, maskedAll: ['138****5678', '139****5678'] } }]);
    expectNoFullNumbers(findings, ['138 1234 5678', '139-1234-5678', '13812345678', '13912345678']);
    expect(findings[0]!.target?.snippet).not.toMatch(/1234/);
  });

  it('a notice with separated and +86 numbers asks for review of each, not the 举报电话', () => {
    const findings = mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'incomplete-separated-loose.html')));
    expect(findings).toMatchObject([{ outcome: 'incomplete' }]);
    expect([...(findings[0]!.data['maskedAll'] as string[])].sort()).toEqual(['137****5678', '138****1234', '139****5678']);
  });

  it('a staff contact list (单位, 职务 columns, or 联络员 in the heading) is a doubt, not a leak', () => {
    expect(mobilePageRule.evaluate(pageCtx(fixture('privacy.mobile', 'incomplete-staff-contacts.html')))).toMatchObject([{ outcome: 'incomplete', data: { count: 2 } }]);
    const heading = '<html><head><title>联络员名单</title></head><body><h1>政务公开联络员名单</h1><table><tr><th>姓名</th><th>手机</th></tr><tr><td>张三</td><td>13812345678</td></tr><tr><td>李四</td><td>13912345678</td></tr></table></body></html>';
    expect(mobilePageRule.evaluate(pageCtx(heading))).toMatchObject([{ outcome: 'incomplete' }]);
    const flat = '政务公开工作联络员名单\n序号 单位 姓名 职务 手机\n1 区民政局 张三 科长 13812345678\n2 区财政局 李四 科员 13912345678\n3 区教体局 王五 科员 13712345678\n';
    expect(scanMobiles(textSource(flat)).listed).toEqual([]);
  });
});
