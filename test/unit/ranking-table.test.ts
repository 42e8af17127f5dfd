import { describe, expect, it } from 'vitest';
import type { ExportDocument, ExportFinding, ExportUnit } from '../../reports/export-schema.js';
import { displayWidth, rankUnits, renderRankingTable } from '../../reports/ranking-table.js';

function finding(outcome: ExportFinding['outcome'], ruleId = 'link.broken'): ExportFinding {
  return { ruleId, outcome, url: 'http://a.example.gov.cn/', message: '说明', data: {} };
}

function unit(id: string, name: string, total: number, vetoed: boolean, findings: ExportFinding[] = []): ExportUnit {
  return {
    id,
    name,
    type: 'department',
    url: `http://${id}.example.gov.cn/`,
    score: { total, max: 70, vetoed, indicators: [] },
    findings,
  };
}

function doc(units: ExportUnit[]): ExportDocument {
  return {
    schemaVersion: 1,
    run: { id: '1', startedAt: '2020-11-26T01:00:00Z', finishedAt: null, evalDate: '2020-11-26', ruleSetVersion: 'v1' },
    units,
  };
}

const district = doc([
  unit('zsjd', '珠山街道办事处', 55, false, [finding('violation'), finding('incomplete')]),
  unit('fgj', '区发展和改革局', 62.5, false, [
    finding('violation'),
    finding('violation'),
    finding('incomplete'),
    finding('error'),
    finding('pass'),
    finding('inapplicable'),
  ]),
  unit('lsd', '灵山岛省级自然保护区管理委员会', 68, true, [finding('violation', 'freshness.veto')]),
  unit('ajj', '区应急管理局', 62.5, false),
  unit('x1', 'Bureau of Data (数据局)', 40, false),
]);

describe('displayWidth', () => {
  it('counts CJK characters and fullwidth punctuation as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('区发展和改革局')).toBe(14);
    expect(displayWidth('（数据）')).toBe(8);
    expect(displayWidth('62.5/70')).toBe(7);
    expect(displayWidth('e\u0301')).toBe(1); // combining accent takes no column
    expect(displayWidth('—')).toBe(1);
  });
});

describe('rankUnits', () => {
  it('orders by score, vetoed units last, ties by id with a shared rank', () => {
    const ranked = rankUnits(district);
    expect(ranked.map((r) => `${r.rank}:${r.unit.id}`)).toEqual(['1:ajj', '1:fgj', '3:zsjd', '4:x1', '5:lsd']);
    const fgj = ranked.find((r) => r.unit.id === 'fgj')!;
    expect(fgj.violations).toBe(2);
    expect(fgj.review).toBe(2);
  });
});

describe('renderRankingTable', () => {
  const table = renderRankingTable(district);
  const lines = table.split('\n');

  it('has a header, a rule line and one row per unit in ranking order', () => {
    expect(lines).toHaveLength(2 + 5);
    expect(lines[0]).toMatch(/^排名\s+单位\s+得分\s+问题数\s+待复核\s+单项否决$/);
    expect(lines[1]).toMatch(/^[- ]+$/);
    const names = lines.slice(2).map((l) => l.split(/\s{2,}/).filter(Boolean)[1]);
    expect(names).toEqual(['区应急管理局', '区发展和改革局', '珠山街道办事处', 'Bureau of Data (数据局)', '灵山岛省级自然保护区管理委员会']);
  });

  it('shows score out of max, counts and the veto flag', () => {
    const fgj = lines.find((l) => l.includes('区发展和改革局'))!;
    expect(fgj.trim().split(/\s{2,}/)).toEqual(['1', '区发展和改革局', '62.5/70', '2', '2', '—']);
    const lsd = lines.find((l) => l.includes('灵山岛'))!;
    expect(lsd.trim().split(/\s{2,}/)).toEqual(['5', '灵山岛省级自然保护区管理委员会', '68/70', '1', '0', '是']);
  });

  it('lines up: every line has the same display width and columns start at the same offset', () => {
    const widths = lines.map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    // The score column starts at the same display column on every row.
    const scoreColumn = (line: string): number => {
      const at = line.search(/\d+(\.\d+)?\/70/);
      return displayWidth(line.slice(0, at));
    };
    const rows = lines.slice(2);
    // Right-aligned scores end at the same column, whatever the width of the CJK name before them.
    const ends = rows.map((l) => {
      const m = /\d+(\.\d+)?\/70/.exec(l)!;
      return scoreColumn(l) + m[0].length;
    });
    expect(new Set(ends).size).toBe(1);
  });

  it('keeps terminal control sequences out of the table', () => {
    const hostile = renderRankingTable(doc([unit('evil', '恶意\u001b[2J\u202E单位\n第二行', 1, false)]));
    expect(hostile).not.toContain('\u001b');
    expect(hostile).not.toContain('\u202E');
    expect(hostile.split('\n')).toHaveLength(3);
    expect(hostile).toContain('恶意[U+001B][2J[U+202E]单位 第二行');
    expect(new Set(hostile.split('\n').map(displayWidth)).size).toBe(1);
  });

  it('renders just the header for a run without units', () => {
    expect(renderRankingTable(doc([])).split('\n')).toHaveLength(2);
  });
});
