import { describe, expect, it } from 'vitest';
import {
  ExportSchema,
  exportJsonSchema,
  formatIssuePath,
  validateExport,
  type ExportDocument,
} from '../../reports/export-schema.js';

/** A realistic two-unit document, as `gongkai export --format json` writes it. */
function sampleDocument(): ExportDocument {
  return {
    schemaVersion: 1,
    run: {
      id: '7',
      startedAt: '2020-11-26T01:00:00.000Z',
      finishedAt: '2020-11-26T02:13:45.512Z',
      evalDate: '2020-11-26',
      ruleSetVersion: '2020.11-1',
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
          indicators: [
            { id: 'disclosure-column', name: '政府信息公开专栏与四个部分', max: 15, score: 13, ruleIds: ['disclosure.column.name', 'disclosure.parts'] },
            { id: 'links', name: '链接可用性', max: 10, score: 9.5, ruleIds: ['link.broken'] },
          ],
        },
        findings: [
          {
            ruleId: 'disclosure.parts',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/zfxxgk/',
            message: '政府信息公开专栏缺少“政府信息公开年报”部分。',
            data: { part: '政府信息公开年报' },
          },
          {
            ruleId: 'link.broken',
            outcome: 'violation',
            url: 'http://fgj.example.gov.cn/',
            target: { selector: 'div.nav > a:nth-child(3)', snippet: '<a href="/old/">旧栏目</a>' },
            message: '首页链接“旧栏目”无法打开（HTTP 404）。',
            data: { href: 'http://fgj.example.gov.cn/old/', status: 404 },
          },
          {
            ruleId: 'freshness.column',
            outcome: 'incomplete',
            url: 'http://fgj.example.gov.cn/tzgg/',
            message: '栏目“通知公告”的列表没有可识别的日期，需人工复核。',
            data: {},
          },
          { ruleId: 'site.https', outcome: 'pass', url: 'https://fgj.example.gov.cn/', message: '网站支持 HTTPS。', data: {} },
        ],
      },
      {
        id: 'lsd',
        name: '灵山岛省级自然保护区管理委员会',
        type: 'other',
        url: 'https://lsd.example.gov.cn/',
        score: { total: 0, max: 70, vetoed: true, indicators: [] },
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

function issuePaths(input: unknown): string[] {
  const result = ExportSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => formatIssuePath(i.path));
}

describe('ExportSchema', () => {
  it('accepts a realistic document and keeps its content', () => {
    const doc = sampleDocument();
    const parsed = ExportSchema.parse(doc);
    expect(parsed).toEqual(doc);
    // Round trip through JSON text, as a consumer reads the file.
    expect(ExportSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('accepts an unfinished run (finishedAt null) and offsets other than Z', () => {
    const doc = sampleDocument();
    doc.run.finishedAt = null;
    doc.run.startedAt = '2020-11-26T09:00:00+08:00';
    expect(ExportSchema.safeParse(doc).success).toBe(true);
  });

  it('names the path of a missing field', () => {
    const doc = sampleDocument() as unknown as { units: Array<{ score: Record<string, unknown> }> };
    delete doc.units[1]!.score['vetoed'];
    expect(issuePaths(doc)).toEqual(['units[1].score.vetoed']);
  });

  it('names the path of a bad outcome', () => {
    const doc = sampleDocument() as unknown as { units: Array<{ findings: Array<Record<string, unknown>> }> };
    doc.units[0]!.findings[2]!['outcome'] = 'warning';
    const result = validateExport(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatch(/^units\[0\]\.findings\[2\]\.outcome: /);
    }
  });

  it('rejects bad dates and timestamps with their paths', () => {
    const badDate = sampleDocument();
    badDate.run.evalDate = '2020-02-30';
    expect(issuePaths(badDate)).toEqual(['run.evalDate']);

    const slashDate = sampleDocument();
    slashDate.run.evalDate = '2020/11/26';
    expect(issuePaths(slashDate)).toEqual(['run.evalDate']);

    const badTime = sampleDocument();
    badTime.run.startedAt = '2020-11-26 01:00:00';
    expect(issuePaths(badTime)).toEqual(['run.startedAt']);
  });

  it('rejects an unknown unit type, a wrong schemaVersion and non-record data', () => {
    const doc = sampleDocument() as unknown as Record<string, unknown> & {
      units: Array<Record<string, unknown> & { findings: Array<Record<string, unknown>> }>;
    };
    doc['schemaVersion'] = 2;
    doc.units[0]!['type'] = 'bureau';
    doc.units[1]!.findings[0]!['data'] = ['not', 'a', 'record'];
    expect(issuePaths(doc).sort()).toEqual(['schemaVersion', 'units[0].type', 'units[1].findings[0].data']);
  });

  it('rejects scores above their maximum and duplicate ids', () => {
    const doc = sampleDocument();
    doc.units[0]!.score.total = 71;
    doc.units[0]!.score.indicators[1]!.score = 11;
    doc.units[1]!.id = 'fgj';
    expect(issuePaths(doc).sort()).toEqual([
      'units[0].score.indicators[1].score',
      'units[0].score.total',
      'units[1].id',
    ]);
  });

  it('rejects a target without a snippet', () => {
    const doc = sampleDocument() as unknown as { units: Array<{ findings: Array<{ target?: Record<string, unknown> }> }> };
    doc.units[0]!.findings[1]!.target = { selector: 'a' };
    expect(issuePaths(doc)).toEqual(['units[0].findings[1].target.snippet']);
  });
});

describe('exportJsonSchema', () => {
  it('describes the contract as draft 2020-12 JSON Schema', () => {
    const schema = exportJsonSchema() as {
      $schema: string;
      required: string[];
      properties: {
        schemaVersion: { const: number };
        run: { required: string[] };
        units: { items: { properties: { type: { enum: string[] }; findings: { items: { properties: { outcome: { enum: string[] } }; required: string[] } } } } };
      };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required.sort()).toEqual(['run', 'schemaVersion', 'units']);
    expect(schema.properties.schemaVersion.const).toBe(1);
    expect(schema.properties.run.required.sort()).toEqual(['evalDate', 'finishedAt', 'id', 'ruleSetVersion', 'startedAt']);
    const unit = schema.properties.units.items.properties;
    expect(unit.type.enum).toEqual(['department', 'town', 'street', 'other', 'government']);
    expect(unit.findings.items.properties.outcome.enum).toEqual(['violation', 'pass', 'incomplete', 'inapplicable', 'error']);
    // target is optional; the others are required.
    expect(unit.findings.items.required.sort()).toEqual(['data', 'message', 'outcome', 'ruleId', 'url']);
    // Serialisable as it is, for writing next to the export.
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
