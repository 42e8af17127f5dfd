import { describe, expect, it } from 'vitest';
import { findingKey, keyUrl } from '../../reports/finding-key.js';

const column = (data: Record<string, unknown>, url = 'http://www.example.gov.cn/col/col12/index.html') =>
  ({ ruleId: 'freshness.column', url, data });

describe('findingKey', () => {
  it('is deterministic, short and led by the rule id', () => {
    const k = findingKey(column({ column: '通知公告', newest: '2020-10-01', ageDays: 56, limitDays: 30 }));
    expect(k).toBe(findingKey(column({ column: '通知公告', newest: '2020-10-01', ageDays: 56, limitDays: 30 })));
    expect(k).toMatch(/^freshness\.column:[0-9a-z]{16}$/);
  });

  it('ignores fields that change every night', () => {
    const monday = findingKey(column({ column: '通知公告', newest: '2020-10-01', ageDays: 56, limitDays: 30 }));
    const tuesday = findingKey(column({ column: '通知公告', newest: '2020-10-02', ageDays: 58, limitDays: 31, futureDates: [] }));
    expect(tuesday).toBe(monday);
  });

  it('tells apart what the finding is about', () => {
    const parts = ['政府信息公开指南', '政府信息公开制度'].map((part) =>
      findingKey({ ruleId: 'disclosure.parts', url: 'http://a.gov.cn/xxgk/', data: { part } }));
    expect(parts[0]).not.toBe(parts[1]);
    expect(findingKey(column({ column: '通知公告' }))).not.toBe(findingKey(column({ column: '工作动态' })));
    expect(findingKey({ ruleId: 'a11y.image-alt', url: 'http://a.gov.cn/', target: { selector: 'img:nth-child(1)' }, data: {} }))
      .not.toBe(findingKey({ ruleId: 'a11y.image-alt', url: 'http://a.gov.cn/', target: { selector: 'img:nth-child(2)' }, data: {} }));
    expect(findingKey({ ruleId: 'meta.site', url: 'http://a.gov.cn/', data: {} }))
      .not.toBe(findingKey({ ruleId: 'site.identity', url: 'http://a.gov.cn/', data: {} }));
  });

  it('ignores the snippet text and the message', () => {
    const a = { ruleId: 'a11y.image-alt', url: 'http://a.gov.cn/', target: { selector: '#logo', snippet: '<img id="logo" src="a.png">' }, message: 'x', data: { src: 'http://a.gov.cn/a.png' } };
    const b = { ...a, target: { selector: '#logo', snippet: '<img  id="logo" src="a.png" title="新">' }, message: 'y' };
    expect(findingKey(b)).toBe(findingKey(a));
  });

  it('treats the same page reached another way as the same page', () => {
    const a = findingKey(column({ column: '通知公告' }, 'http://WWW.Example.gov.cn:80/col/col12/index.html#top'));
    const b = findingKey(column({ column: '通知公告' }, 'https://www.example.gov.cn/col/col12/'));
    expect(b).toBe(a);
    expect(findingKey(column({ column: '通知公告' }, 'http://www.example.gov.cn/col/col13/'))).not.toBe(a);
  });

  it('keys a broken link by its target, not by the first page that linked it', () => {
    const from = (url: string, href: string) => findingKey({ ruleId: 'link.broken', url, data: { href, text: '旧链接', status: 404, fromHome: true } });
    expect(from('http://a.gov.cn/', 'http://a.gov.cn/old.html')).toBe(from('http://a.gov.cn/news/1.html', 'http://a.gov.cn/old.html'));
    expect(from('http://a.gov.cn/', 'http://a.gov.cn/old.html')).not.toBe(from('http://a.gov.cn/', 'http://a.gov.cn/gone.html'));
  });

  it('normalizes urls for the key, keeping the query', () => {
    expect(keyUrl('https://A.gov.cn/x/index.shtml#f')).toBe('a.gov.cn/x/');
    expect(keyUrl('http://a.gov.cn/list.jsp?id=2')).toBe('a.gov.cn/list.jsp?id=2');
    expect(keyUrl('not a url')).toBe('not a url');
  });
});
