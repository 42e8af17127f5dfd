import { describe, expect, it } from 'vitest';
import type { ExportDocument, ExportFinding, ExportUnit } from '../../reports/export-schema.js';
import { displayWidth, districtAverage, rankUnits, renderRankingTable } from '../../reports/ranking-table.js';
import { formatScore, formatScoreOf } from '../../reports/messages.zh-CN.js';

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

/** A unit whose home page could not be fetched: nothing deducted, so its raw total is full. */
function unassessed(id: string, name: string): ExportUnit {
  const u = unit(id, name, 70, false, [finding('incomplete'), finding('incomplete', 'disclosure.parts')]);
  u.score.assessed = false;
  return u;
}

describe('districtAverage', () => {
  it('averages only the assessed units and counts the others', () => {
    const result = districtAverage(doc([...district.units, unassessed('dcz', '大村镇')]));
    // (55 + 62.5 + 68 + 62.5 + 40) / 5 = 57.6; with the unassessed 70 it would be 59.67.
    expect(result).toEqual({ average: 57.6, max: 70, excluded: 1 });
    expect(formatScoreOf(result.average!, result.max!)).toBe('57.6/70');
  });

  it('treats a unit without the assessed flag as assessed', () => {
    expect(districtAverage(district)).toEqual({ average: 57.6, max: 70, excluded: 0 });
  });

  it('has no average when nothing could be assessed, and no common max when maxima differ', () => {
    expect(districtAverage(doc([unassessed('a', '甲'), unassessed('b', '乙')]))).toEqual({ average: null, max: undefined, excluded: 2 });
    expect(districtAverage(doc([]))).toEqual({ average: null, max: undefined, excluded: 0 });
    const other = unit('b', '乙', 50, false);
    other.score.max = 100;
    expect(districtAverage(doc([unit('a', '甲', 60, false), other])).max).toBeUndefined();
  });
});

describe('formatScore', () => {
  it('shows at most one decimal, without trailing zeros', () => {
    expect(formatScore(61.6)).toBe('61.6');
    expect(formatScore(61.1666)).toBe('61.2');
    expect(formatScore(62.499999)).toBe('62.5');
    expect(formatScore(70)).toBe('70');
    expect(formatScore(59.96)).toBe('60');
    expect(formatScore(-0.01)).toBe('0');
    expect(formatScore(Number.NaN)).toBe('—');
  });
});

describe('unassessed units in the ranking', () => {
  it('come last and show 未能评分, whatever their raw total', () => {
    const lines = renderRankingTable(doc([unassessed('dcz', '大村镇'), ...district.units])).split('\n');
    const last = lines[lines.length - 1]!.trim().split(/\s{2,}/);
    expect(last).toEqual(['6', '大村镇', '未能评分', '0', '2', '—']);
    expect(rankUnits(doc([unassessed('dcz', '大村镇'), ...district.units])).map((r) => r.unit.id).at(-1)).toBe('dcz');
  });

  it('tie at display precision', () => {
    const ranked = rankUnits(doc([unit('a', '甲', 62.5, false), unit('b', '乙', 62.46, false), unit('c', '丙', 62, false)]));
    expect(ranked.map((r) => `${r.rank}:${r.unit.id}`)).toEqual(['1:a', '1:b', '3:c']);
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
