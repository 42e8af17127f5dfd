import { describe, expect, it } from 'vitest';
import type { ExportFinding } from '../../reports/export-schema.js';
import { forecastUnit } from '../../reports/forecast.js';

const col = (column: string, newest: string, limitDays: number, outcome: ExportFinding['outcome'] = 'pass'): ExportFinding => ({
  ruleId: 'freshness.column', outcome, url: `http://a.gov.cn/${column}/`, message: '', key: `freshness.column:${column}`,
  data: { column, type: 'notice', newest, ageDays: 0, limitDays },
});

describe('forecastUnit', () => {
  it('lists the columns that go stale by the given day, soonest first', () => {
    const findings: ExportFinding[] = [
      col('通知公告', '2020-11-05', 30), // stale on 2020-12-06
      col('工作动态', '2020-11-20', 14), // stale on 2020-12-05
      col('政策文件', '2020-11-25', 90), // stale in 2021: outside the window
      col('人事信息', '2020-10-01', 30, 'violation'), // already stale: a violation, not a forecast
      { ruleId: 'freshness.homepage', outcome: 'pass', url: 'http://a.gov.cn/', message: '', data: { newest: '2020-11-24', ageDays: 2, limitDays: 14 } },
      { ruleId: 'freshness.column', outcome: 'incomplete', url: 'http://a.gov.cn/z/', message: '', data: { column: '无日期', limitDays: 30 } },
    ];
    const items = forecastUnit({ findings }, '2020-11-26', '2020-12-10');
    expect(items.map((i) => [i.name, i.staleOn, i.daysLeft])).toEqual([
      ['工作动态', '2020-12-05', 9],
      ['通知公告', '2020-12-06', 10],
      ['首页', '2020-12-09', 13],
    ]);
    expect(items[0]!.message).toBe('工作动态 将于 9 天后（2020-12-05）超过更新期限');
    expect(items[0]!.key).toBe('freshness.column:工作动态');
  });

  it('includes a column going stale exactly on the last day, and says 明天 for tomorrow', () => {
    const items = forecastUnit({ findings: [col('通知公告', '2020-10-27', 30)] }, '2020-11-26', '2020-11-27');
    expect(items).toHaveLength(1);
    expect(items[0]!.message).toBe('通知公告 将于 明天（2020-11-27）超过更新期限');
    expect(forecastUnit({ findings: [col('通知公告', '2020-10-27', 30)] }, '2020-11-26', '2020-11-26')).toEqual([]);
  });

  it('ignores bad dates', () => {
    expect(forecastUnit({ findings: [col('通知公告', '2020-02-31', 30)] }, '2020-01-01', '2021-01-01')).toEqual([]);
    expect(forecastUnit({ findings: [col('通知公告', '2020-02-01', 30)] }, 'soon', '2021-01-01')).toEqual([]);
  });
});
