/**
 * No finding of any rule holds a full ID or mobile number: the engine masks every finding's message,
 * target and data (review 3, item 2). The page puts the numbers where other rules quote them: the
 * <title>, an image file name, a link text, the <head>.
 */
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { runPageRules, runSiteRules } from '../../rules/engine.js';
import { maskFinding, maskNumbers } from '../../rules/privacy/evidence.js';
import type { AttachmentText, Finding, PageContext, SiteModel } from '../../rules/types.js';

const EVAL = '2020-11-26';
const ID_A = '370211198001012311';
const ID_B = '37021119850212002X';
const MOBILE = '13812345678';
const FULL = [ID_A, ID_B, ID_B.toLowerCase(), MOBILE, '13912345678', '440301199003070019'];

const LEAK = `<!doctype html><html><head><meta charset="utf-8"><title>${ID_A}张三的补贴公示 ${MOBILE}</title>
<meta name="PubDate" content="2020-11-20"></head><body>
<h1>关于张三（身份证号${ID_A}）低保资格的公示</h1>
<p>发布时间：2020-11-20</p>
<img src="/upload/${ID_A}.jpg">
<p><a href="/files/${ID_B}_${MOBILE}.xlsx">${ID_A}名单</a></p>
<table><tr><th>姓名</th><th>身份证号</th><th>电话</th></tr><tr><td>张三</td><td>${ID_A}</td><td>${MOBILE}</td></tr><tr><td>李四</td><td>440301199003070019</td><td>13912345678</td></tr></table>
</body></html>`;

function expectNoFullNumbers(findings: Finding[]): void {
  const json = JSON.stringify(findings);
  for (const n of FULL) expect(json, n).not.toContain(n);
}

describe('masking every finding', () => {
  it('page rules: image-alt, html-has-lang, meta.article and the privacy rules quote no full number', () => {
    const url = 'http://u.test/a/t20201120_1.html';
    const dom = cheerioDomView(LEAK, url);
    const ctx: PageContext = { url, snapshot: extractSnapshot(dom, url, { refDate: EVAL }), dom, evalDate: EVAL };
    const findings = runPageRules(ctx);
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['a11y.image-alt', 'a11y.html-has-lang', 'privacy.id-number', 'privacy.mobile']));
    expectNoFullNumbers(findings);
    const img = findings.find((f) => f.ruleId === 'a11y.image-alt')!;
    expect(img.message).toContain('370211********2311');
    expect(img.data['src']).toBe('/upload/370211********2311.jpg');
  });

  it('site rules: attachment names, link texts and error texts are masked too', () => {
    const home = 'http://u.test/';
    const att = (over: Partial<AttachmentText>): AttachmentText => ({
      url: `${home}fj/a.xlsx`, fromUrl: `${home}tzgg/a.html`, fromText: '附件', type: 'xlsx', text: '', truncated: false, error: null, ...over,
    });
    const site: SiteModel = {
      unit: { id: 'u', name: '测试单位', type: 'department', url: home, scope: [] }, evalDate: EVAL, home: null, homeError: null,
      columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
      annualReports: [], probes: { https: null, ipv6: null }, page: () => null,
      attachments: [
        att({ fromText: `张三${ID_A}审批表`, text: `申请人：张三\n身份证号码：${ID_A}` }),
        att({ url: `${home}fj/b.xls`, fromText: '低保名单', text: null, error: `附件文件已损坏（Invalid ${ID_A} header ${MOBILE}）` }),
        att({ url: `${home}fj/c.pdf`, fromText: `${MOBILE}的材料`, text: null, error: `附件下载失败：${MOBILE}` }),
      ],
    };
    const findings = runSiteRules(site).filter((f) => f.ruleId.startsWith('privacy.'));
    expect(findings.map((f) => f.outcome)).toEqual(expect.arrayContaining(['violation', 'incomplete']));
    expectNoFullNumbers(findings);
    expect(JSON.stringify(findings)).toContain('370211********2311');
  });

  it('masks separated and prefixed mobiles and full-width IDs, keeps other long numbers and the rest of the text', () => {
    expect(maskNumbers('电话 138 1234 5678、139-1234-5678、+8613712345678')).toBe('电话 138****5678、139****5678、137****5678');
    expect(maskNumbers('身份证号：３７０２１１１９８００１０１２３１１。')).toBe('身份证号：370211********2311。');
    // Not IDs or mobiles: a 13-digit timestamp, a failing checksum, a 14-digit record number, an amount's digits kept.
    for (const keep of ['/a/1605772800000.html', '370211198001012312', '鲁公网安备37021102000123号', '订单 2020112612345678901', 'Ｘ全角']) {
      expect(maskNumbers(keep)).toBe(keep);
    }
    const f: Finding = { ruleId: 'x', outcome: 'violation', url: `http://u.test/${ID_A}.html`, message: ID_A,
      target: { selector: `img[src="${ID_A}"]`, snippet: `<img src="${ID_A}">` }, data: { list: [{ src: ID_A }], n: 3, none: null } };
    expect(maskFinding(f)).toEqual({ ...f, message: '370211********2311',
      target: { selector: 'img[src="370211********2311"]', snippet: '<img src="370211********2311">' }, data: { list: [{ src: '370211********2311' }], n: 3, none: null } });
  });
});
