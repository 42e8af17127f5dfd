/**
 * The CSV findings file, parsed back with a strict RFC 4180 reader: BOM, CRLF, quoting, one row per
 * finding equal to the export, and crawled text that cannot become a formula.
 */
import { describe, expect, it } from 'vitest';
import { csvField, renderFindingsCsv } from '../../reports/csv-export.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { ruleMeta } from '../../rules/catalogue.js';

/**
 * RFC 4180 reader: records end with CRLF, a field is either bare (no quote, comma, CR or LF) or
 * quoted with doubled inner quotes. Anything else throws, so a malformed file fails the test.
 */
function parseCsv(input: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < input.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (input[i] === '"') {
        i += 1;
        for (;;) {
          if (i >= input.length) throw new Error('unterminated quoted field');
          if (input[i] === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          field += input[i];
          i += 1;
        }
      } else {
        while (i < input.length && !',\r\n"'.includes(input[i]!)) field += input[i++];
        if (input[i] === '"') throw new Error(`bare quote at ${i}`);
      }
      record.push(field);
      if (input[i] === ',') {
        i += 1;
        continue;
      }
      if (input.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      throw new Error(`expected comma or CRLF at ${i}`);
    }
    records.push(record);
  }
  return records;
}

const doc: ExportDocument = ExportSchema.parse({
  schemaVersion: 1,
  run: { id: '3', startedAt: '2020-11-26T02:00:00.000Z', finishedAt: '2020-11-26T02:10:00.000Z', evalDate: '2020-11-26', ruleSetVersion: '1' },
  units: [
    {
      id: 'a', name: '甲局, "综合"', type: 'department', url: 'http://a.gov.cn/',
      score: { total: 60, max: 70, vetoed: false, indicators: [] },
      findings: [
        { ruleId: 'disclosure.parts', outcome: 'violation', url: 'http://a.gov.cn/z?x=1,2', message: '缺少“年报”部分，\r\n第二行', data: {}, firstSeen: '2020-10-01', change: 'open', target: { selector: 'div[class="a,b"]', snippet: '' } },
        { ruleId: 'freshness.column', outcome: 'incomplete', url: 'http://a.gov.cn/l', message: '=cmd|" /C calc"!A0', data: {}, change: 'new', mark: { kind: 'false-positive', reason: '-2+3', by: '张三', at: '2020-11-20T08:00:00.000Z' } },
        { ruleId: 'site.https', outcome: 'error', url: 'http://a.gov.cn/', message: '@SUM(1+1)', data: {} },
        { ruleId: 'disclosure.column.present', outcome: 'pass', url: 'http://a.gov.cn/', message: '设有专栏。', data: {}, reappeared: true, mark: { kind: 'fixed', reason: '已改', by: '李四', at: '2020-11-21T08:00:00.000Z' } },
      ],
    },
    {
      id: 'b', name: '乙镇', type: 'town', url: 'http://b.gov.cn/',
      score: { total: 70, max: 70, vetoed: false, indicators: [] },
      findings: [{ ruleId: 'site.ipv6', outcome: 'inapplicable', url: '\tstart-with-tab', message: '不适用。', data: {} }],
    },
  ],
});

const OUTCOME: Record<string, string> = { violation: '不达标', pass: '达标', incomplete: '需人工复核', error: '检查出错（需人工复核）', inapplicable: '不适用' };
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe('CSV findings export', () => {
  const csv = renderFindingsCsv(doc);

  it('starts with a BOM, ends every record with CRLF and has no bare LF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Line breaks inside a message are inside a quoted field, so the file still parses.
    expect(() => parseCsv(csv.slice(1))).not.toThrow();
  });

  it('has one row per finding equal to the export, with the formula guard', () => {
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual(['单位标识', '单位名称', '规则标识', '检查点', '结果', '网址', '选择器', '问题说明', '首次发现', '变化', '标记', '问题标识']);
    const expected = doc.units.flatMap((u) => u.findings.map((f) => [
      u.id, u.name, f.ruleId, ruleMeta(f.ruleId)?.title ?? f.ruleId, OUTCOME[f.outcome], guard(f.url), f.target?.selector ?? '',
      guard(f.message), f.firstSeen ?? '', f.change === 'new' ? '新增' : f.change === 'open' ? '仍存在' : '',
    ]));
    expect(rows.map((r) => r.slice(0, 10))).toEqual(expected);
    expect(rows.map((r) => r[10])).toEqual(['', '误报：-2+3（张三，2020-11-20）', '', '整改后再次出现；已整改（待复查）：已改（李四，2020-11-21）', '']);
    // The key `gongkai mark --key` takes, exactly as exported.
    expect(rows.map((r) => r[11])).toEqual(doc.units.flatMap((u) => u.findings.map((f) => f.key ?? '')));
    for (const row of rows) for (const field of row) expect(field).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('quotes only the fields that need it', () => {
    expect(csvField('plain 文本')).toBe('plain 文本');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('is just the header for an export without findings', () => {
    const empty = renderFindingsCsv({ ...doc, units: [] });
    expect(parseCsv(empty.slice(1))).toHaveLength(1);
  });
});
