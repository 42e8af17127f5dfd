import { describe, expect, it } from 'vitest';
import { cleanLabel, emptyMarkerIn, isDisclosureColumnName, isStandardColumnName, partFor } from '../../rules/site/disclosure-names.js';

describe('disclosure names', () => {
  it('cleans whitespace, markup and menu decoration', () => {
    expect(cleanLabel('【 政府信息<br/>公开 】')).toBe('政府信息公开');
    expect(cleanLabel('» 信息公开 >>')).toBe('信息公开');
  });

  it('knows the column under its standard name and variants, never under a part name', () => {
    expect(isStandardColumnName('政府信息\u3000公开')).toBe(true);
    for (const v of ['信息公开', '政务公开', '政府信息公开专栏', '政务信息公开', '信息公开专栏', '政府信息公开目录']) {
      expect(isDisclosureColumnName(v), v).toBe(true);
      expect(isStandardColumnName(v), v).toBe(false);
    }
    for (const part of ['政府信息公开指南', '政府信息公开年报', '依申请公开', '重点领域信息公开']) {
      expect(isDisclosureColumnName(part), part).toBe(false);
    }
  });

  it('maps part labels to their standard names', () => {
    expect(partFor('政府信息<br>公开指南')).toBe('政府信息公开指南');
    expect(partFor('政府信息 公开制度')).toBe('政府信息公开制度');
    expect(partFor('政府信息公开制度文件')).toBe('政府信息公开制度');
    expect(partFor('政府信息公开工作年度报告')).toBe('政府信息公开年报');
    expect(partFor('政府信息公开年度报告')).toBe('政府信息公开年报');
    expect(partFor('法定主动 公开内容')).toBe('法定主动公开内容');
    // One year's report is not the 年报 part; the column name is not a part.
    expect(partFor('2019年政府信息公开工作年度报告')).toBeNull();
    expect(partFor('政府信息公开年报2019')).toBeNull();
    expect(partFor('政府信息公开')).toBeNull();
    expect(partFor('主动公开')).toBeNull();
  });

  it('finds explicit empty-list markers across whitespace', () => {
    expect(emptyMarkerIn('通知公告 暂 无 数 据')).toBe('暂无数据');
    expect(emptyMarkerIn('通知公告 2020-11-20')).toBeNull();
  });
});
