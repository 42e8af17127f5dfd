/**
 * A hand-made export document carrying every office field of schema 0.5.0 (changes, marks,
 * reappeared, template groups, manual points), with hostile strings in unit names, messages and
 * URLs, for the HTML report and PDF tests. Validated by ExportSchema, so it is a document the
 * real export could produce.
 */
import { crc32, deflateSync } from 'node:zlib';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '<img src=x onerror=alert(2)>';
export const RLO = '\u202E';
export const ZWSP = '\u200B';

/** The hostile unit's name, message and URL as the document holds them. */
export const HOSTILE_NAME = `坏单位${SCRIPT}${IMG}${RLO}gpj.exe${ZWSP}`;
export const HOSTILE_MESSAGE = `首页链接${SCRIPT}无法打开${IMG}${ZWSP}。`;
export const HOSTILE_URL = `http://evil.example.org/${RLO}x?q=${IMG}`;

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG: white with a thick red frame, like the crawler's element screenshots. */
export function framedPng(width = 160, height = 90): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xff);
    row[0] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const edge = x < 6 || y < 6 || x >= width - 6 || y >= height - 6;
      if (edge) {
        row[1 + x * 3] = 0xd0;
        row[2 + x * 3] = 0x10;
        row[3 + x * 3] = 0x10;
      }
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const SCREENSHOT_URI = `data:image/png;base64,${framedPng().toString('base64')}`;

const TEMPLATE_PAGES = Array.from({ length: 12 }, (_, i) => `http://fgj.example.gov.cn/col${i + 1}/`);

export function officeDocument(): ExportDocument {
  return ExportSchema.parse({
    schemaVersion: 1,
    run: {
      id: '7',
      startedAt: '2020-11-26T01:00:00.000Z',
      finishedAt: '2020-11-26T02:13:45.000Z',
      evalDate: '2020-11-26',
      ruleSetVersion: '2020.11-1',
      district: '青岛西海岸新区',
      previousRunId: '6',
    },
    units: [
      {
        id: 'fgj',
        name: '区发展和改革局',
        type: 'department',
        url: 'http://fgj.example.gov.cn/',
        score: {
          total: 62.5,
          max: 70,
          vetoed: false,
          assessed: true,
          indicators: [
            { id: 'disclosure-column', name: '政府信息公开专栏与四个部分', max: 15, score: 12, ruleIds: ['disclosure.parts'] },
            { id: 'availability', name: '网站可用性', max: 10, score: 5.5, ruleIds: ['link.broken'] },
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
            key: 'k-new',
            firstSeen: '2020-11-26',
            change: 'new',
          },
          {
            ruleId: 'disclosure.parts',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/zfxxgk/',
            message: '政府信息公开专栏缺少“政府信息公开年报”部分。',
            data: { part: '政府信息公开年报' },
            key: 'k-fp',
            firstSeen: '2020-11-20',
            change: 'open',
            mark: { kind: 'false-positive', reason: '年报在“法定主动公开内容”下，已人工核实。', by: '李明', at: '2020-11-25T02:00:00.000Z' },
          },
          {
            ruleId: 'link.broken',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/tzgg/',
            target: { selector: 'a.more', snippet: '<a class="more" href="/gone">更多</a>' },
            message: '链接“更多”无法打开（HTTP 404）。',
            data: { href: 'http://fgj.example.gov.cn/gone', status: 404 },
            key: 'k-back',
            firstSeen: '2020-11-18',
            change: 'open',
            reappeared: true,
            mark: { kind: 'fixed', reason: '已删除失效链接', by: '王芳', at: '2020-11-24T08:30:00.000Z' },
          },
          ...TEMPLATE_PAGES.slice(0, 3).map((url, i) => ({
            ruleId: 'link.broken',
            outcome: 'violation',
            url,
            target: { selector: 'div.footer > a:nth-child(2)', snippet: '<a href="http://old.example.org/">旧友情链接</a>' },
            message: '页脚链接“旧友情链接”无法打开。',
            data: { href: 'http://old.example.org/', status: 502 },
            key: `k-tpl-${i}`,
            change: 'open',
            templateGroup: 'tpl-footer',
          })),
          {
            ruleId: 'freshness.column',
            outcome: 'incomplete',
            url: 'http://fgj.example.gov.cn/tzgg/',
            message: '栏目“通知公告”的列表没有可识别的日期。',
            data: {},
          },
          { ruleId: 'site.https', outcome: 'pass', url: 'https://fgj.example.gov.cn/', message: '网站支持 HTTPS。', data: {} },
        ],
        templateGroups: [
          {
            id: 'tpl-footer',
            ruleId: 'link.broken',
            outcome: 'violation',
            message: '页脚链接“旧友情链接”无法打开。',
            target: { selector: 'div.footer > a:nth-child(2)', snippet: '<a href="http://old.example.org/">旧友情链接</a>' },
            count: TEMPLATE_PAGES.length,
            pages: TEMPLATE_PAGES,
          },
        ],
        changes: {
          previousRunId: '6',
          previousEvalDate: '2020-11-19',
          previousTotal: 60,
          new: 1,
          fixed: 1,
          open: 5,
          fixedFindings: [{ key: 'k-gone', ruleId: 'column.empty', url: 'http://fgj.example.gov.cn/jggk/', message: '栏目“机构概况”为空栏目。' }],
        },
        manual: {
          daily: [
            { id: 'daily-1', name: '政策解读与回应关切', max: 10, score: 8, note: '按季度报送材料' },
            { id: 'daily-2', name: '依申请公开办理', max: 20, score: 18 },
          ],
          dailyMax: 30,
          dailyTotal: 26,
          deductions: [{ id: 'ded-1', name: '被上级通报', points: 2, note: '2020 年第三季度通报' }],
          deductionTotal: 2,
          predictedTotal: 86.5,
          predictedMax: 100,
          enteredBy: '张伟',
          enteredAt: '2020-11-25',
        },
      },
      {
        id: 'evil',
        name: HOSTILE_NAME,
        type: 'town',
        url: `javascript:alert(3)//${IMG}`,
        score: {
          total: 50,
          max: 70,
          vetoed: true,
          assessed: true,
          indicators: [{ id: 'availability', name: `指标${SCRIPT}`, max: 10, score: 8, ruleIds: ['link.broken'] }],
        },
        findings: [
          {
            ruleId: 'link.broken',
            outcome: 'violation',
            url: HOSTILE_URL,
            target: { selector: `a[title='${IMG}']`, snippet: `<a href="x">${SCRIPT}</a>` },
            message: HOSTILE_MESSAGE,
            data: { href: `javascript:alert(4)`, status: SCRIPT },
            change: 'new',
            mark: { kind: 'fixed', reason: `理由${SCRIPT}`, by: `<b>某人</b>${RLO}`, at: '2020-11-25T02:00:00.000Z' },
          },
          {
            ruleId: 'freshness.veto',
            outcome: 'violation',
            url: 'http://evil.example.org/',
            message: '首页超过 14 天未更新，触发单项否决。',
            data: { newest: '2020-09-01', ageDays: 86, limitDays: 14 },
          },
          {
            ruleId: 'freshness.column',
            outcome: 'error',
            url: `http://evil.example.org/"${IMG}`,
            message: `原因${IMG}${ZWSP}`,
            data: {},
            templateGroup: 'tpl-evil',
          },
        ],
        templateGroups: [
          { id: 'tpl-evil', ruleId: 'freshness.column', outcome: 'error', message: `原因${IMG}${ZWSP}`, count: 2, pages: [`http://evil.example.org/"${IMG}`, `javascript:alert(5)`] },
        ],
        changes: {
          previousRunId: '6',
          previousEvalDate: '2020-11-19',
          previousTotal: null,
          new: 1,
          fixed: 0,
          open: 0,
          fixedFindings: [],
        },
      },
    ],
  });
}
