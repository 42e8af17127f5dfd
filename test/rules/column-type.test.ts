import { describe, expect, it } from 'vitest';
import { columnType, freshnessLimit, limitLabel } from '../../rules/column-type.js';

describe('columnType', () => {
  it.each([
    ['工作动态', 'dynamic'],
    ['新闻要闻', 'dynamic'],
    ['通知公告', 'notice'],
    ['公示　公告', 'notice'],
    ['政策文件', 'policy'],
    ['规范性文件', 'policy'],
    ['人事信息', 'personnel'],
    ['招聘信息', 'personnel'],
    ['规划计划', 'planning'],
    ['领导信息', 'other'],
    ['', 'other'],
  ])('%s → %s', (name, type) => {
    expect(columnType(name).type).toBe(type);
  });

  it('takes the most lenient type when several match', () => {
    // 人事任免公示: personnel (1 year) rather than notice (6 months).
    expect(columnType('人事任免公示').type).toBe('personnel');
  });

  it('marks historical and 专题 columns exempt', () => {
    expect(columnType('疫情防控专题')).toEqual({ type: 'other', exempt: true });
    expect(columnType('历史 动态')).toEqual({ type: 'dynamic', exempt: true });
    expect(columnType('工作动态').exempt).toBe(false);
  });

  it('has the limits of requirements §4', () => {
    expect(freshnessLimit('dynamic')).toEqual({ days: 14 });
    expect(freshnessLimit('notice')).toEqual({ months: 6 });
    expect(freshnessLimit('policy')).toEqual({ months: 6 });
    expect(freshnessLimit('personnel')).toEqual({ months: 12 });
    expect(freshnessLimit('planning')).toEqual({ months: 12 });
    expect(freshnessLimit('other')).toBeNull();
    expect([limitLabel({ days: 14 }), limitLabel({ months: 6 }), limitLabel({ months: 12 })]).toEqual(['14 天', '6 个月', '1 年']);
  });

  it('reads a custom table', () => {
    const table = { types: [{ type: 'notice' as const, label: '公告', keywords: ['通报'], limit: { days: 30 } }], exemptKeywords: [] };
    expect(columnType('情况通报', table)).toEqual({ type: 'notice', exempt: false });
    expect(freshnessLimit('notice', table)).toEqual({ days: 30 });
  });
});
