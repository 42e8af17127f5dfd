import { describe, expect, it } from 'vitest';
import { diffUnitRuns, type KeyedFinding } from '../../reports/run-diff.js';

const f = (key: string, outcome: KeyedFinding['outcome'] = 'violation'): KeyedFinding =>
  ({ key, ruleId: key.split(':')[0]!, outcome, url: `http://a.gov.cn/${key}`, message: `问题 ${key}` });

describe('diffUnitRuns', () => {
  const previous = { runId: '1', evalDate: '2020-11-26', total: 60, findings: [f('a:1'), f('b:2'), f('c:3'), f('d:4'), f('e:5', 'incomplete'), f('p:6', 'pass')] };

  it('counts new, fixed and still-open violations by key', () => {
    const current = [f('a:1'), f('x:9'), f('c:3', 'pass'), f('e:5', 'incomplete'), f('p:6', 'violation')];
    const { changes, change } = diffUnitRuns(previous, current);
    expect(changes).toMatchObject({ previousRunId: '1', previousEvalDate: '2020-11-26', previousTotal: 60, new: 2, open: 1, fixed: 3 });
    expect(changes.fixedFindings.map((x) => x.key).sort()).toEqual(['b:2', 'c:3', 'd:4']);
    expect(changes.fixedFindings.find((x) => x.key === 'b:2')).toEqual({ key: 'b:2', ruleId: 'b', url: 'http://a.gov.cn/b:2', message: '问题 b:2' });
    expect(change).toEqual(['open', 'new', 'new', 'open', 'new']);
  });

  it('does not call a violation fixed when the crawl now could not decide', () => {
    const { changes } = diffUnitRuns(previous, [f('a:1'), f('b:2', 'incomplete'), f('c:3', 'error'), f('d:4')]);
    expect(changes.fixed).toBe(0);
    expect(changes.open).toBe(2);
  });

  it('treats everything as new against a run without the unit', () => {
    const { changes, change } = diffUnitRuns({ runId: '3', evalDate: '2020-12-01', total: null, findings: [] }, [f('a:1'), f('b:2', 'pass')]);
    expect(changes).toMatchObject({ new: 1, open: 0, fixed: 0, previousTotal: null, fixedFindings: [] });
    expect(change).toEqual(['new', 'new']);
  });

  it('counts a violation repeated under one key once', () => {
    const { changes } = diffUnitRuns({ ...previous, findings: [f('a:1'), f('a:1')] }, [f('a:1'), f('a:1'), f('z:0'), f('z:0')]);
    expect(changes).toMatchObject({ new: 1, open: 1, fixed: 0 });
  });
});
