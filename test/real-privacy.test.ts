/**
 * Accuracy of the privacy rules on real material: no privacy.* violation on any real government page
 * or text in ../shared/external/gov-pages (amounts such as 13575394432.52元, hex template ids,
 * 网站标识码 and 备案号 that look like numbers), read as pages and as attachment text; and a real
 * xlsx workbook with a checksum-valid synthetic ID fires while its masked twin does not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from './helpers/material.js';
import { readAttachment } from '../crawler/attachments/read-attachment.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runPageRules } from '../rules/engine.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import { PRIVACY_PAGE_RULES, PRIVACY_SITE_RULES } from '../rules/areas/privacy.js';
import { idCheckChar } from '../rules/privacy/id-number.js';
import type { AttachmentText, SiteModel } from '../rules/types.js';
import { makeXlsx } from './fixtures/attachments/make.js';

const GOV = externalPath('gov-pages') ?? '';
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const EVAL = '2025-12-01';

function siteWith(attachments: AttachmentText[]): SiteModel {
  return {
    unit: { id: 'u', name: '测试单位', type: 'department', url: 'http://u.test/', scope: [] }, evalDate: EVAL, home: null, homeError: null,
    columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
    annualReports: [], attachments, probes: { https: null, ipv6: null }, page: () => null,
  };
}

describe.skipIf(SKIP_GOV)('privacy rules on real government pages', () => {
  const htmlFiles = SKIP_GOV ? [] : readdirSync(join(GOV, 'html')).filter((f) => f.endsWith('.html'));
  const textFiles = SKIP_GOV ? [] : readdirSync(join(GOV, 'text'));

  it('has the material', () => {
    expect(htmlFiles.length).toBeGreaterThanOrEqual(14);
    expect(textFiles.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of htmlFiles) {
    it(`no privacy finding on html/${file}`, () => {
      const url = `http://real.gov.cn/${file}`;
      const dom = cheerioDomView(readFileSync(join(GOV, 'html', file), 'utf8'), url);
      const findings = runPageRules({ url, snapshot: extractSnapshot(dom, url, { refDate: EVAL }), dom, evalDate: EVAL }, PRIVACY_PAGE_RULES);
      expect(findings).toEqual([]);
    });
  }

  it('no privacy violation when every real text is read as an attachment', () => {
    const attachments = textFiles.map((f) => ({
      url: `http://real.gov.cn/${f}`, fromUrl: 'http://real.gov.cn/', fromText: f, type: 'txt', truncated: false, error: null,
      text: readFileSync(join(GOV, 'text', f), 'utf8'),
    }));
    const findings = PRIVACY_SITE_RULES.flatMap((r) => r.evaluate(siteWith(attachments)));
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(findings.filter((f) => f.outcome === 'pass')).toHaveLength(2);
  });

  it('the traps really are in the material: a money amount and an 11-digit run in a hex template id', () => {
    expect(readFileSync(join(GOV, 'text', 'pingtan_zfxxgknb_2019_annual_report.page.txt'), 'utf8')).toContain('13575394432.52');
    expect(readFileSync(join(GOV, 'html', 'wanzai_2022_tjgb_article.html'), 'utf8')).toContain('15052884926');
  });
});

describe('an xlsx attachment with a real-format ID', () => {
  const first17 = '37021119880512123';
  const id = first17 + idCheckChar(first17);

  it('fires on the full number and not on its masked form', async () => {
    const header = ['序号', '姓名', '性别', '身份证号', '救助金额（元）'];
    const full = await readAttachment(await makeXlsx([header, [1, '张某', '男', id, 1200]]), 'xlsx');
    const masked = await readAttachment(await makeXlsx([header, [1, '张某', '男', `${id.slice(0, 6)}********${id.slice(-4)}`, 1200]]), 'xlsx');
    const att = (text: string | null, name: string): AttachmentText =>
      ({ url: `http://u.test/fj/${name}.xlsx`, fromUrl: 'http://u.test/tzgg/1.html', fromText: `${name}.xlsx`, type: 'xlsx', text, truncated: false, error: null });
    const [rule] = PRIVACY_SITE_RULES;
    const findings = rule!.evaluate(siteWith([att(full.text, '救助名单'), att(masked.text, '救助名单遮挡版')]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'privacy.id-number', outcome: 'violation', url: 'http://u.test/fj/救助名单.xlsx', data: { masked: '370211********1230', count: 1 } });
    expect(JSON.stringify(findings)).not.toContain(id);
  });
});
