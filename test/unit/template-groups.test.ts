import { describe, expect, it } from 'vitest';
import { templateGroups, type GroupableFinding } from '../../reports/template-groups.js';

const axe = (page: string, selector = '#footer > img', snippet = '<img src="/logo.png">'): GroupableFinding => ({
  ruleId: 'a11y.image-alt', outcome: 'violation', url: `http://a.gov.cn/${page}`,
  target: { selector, snippet }, message: '图片缺少替代文字', data: { axeRule: 'image-alt' },
});

describe('templateGroups', () => {
  it('groups the same element on three or more pages into one entry', () => {
    const findings = [axe('1.html'), axe('2.html', '#footer > img', '<img\n   src="/logo.png">'), axe('3.html'), axe('4.html', '#main img')];
    const { groups, groupOf } = templateGroups(findings);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ ruleId: 'a11y.image-alt', outcome: 'violation', count: 3, pages: ['http://a.gov.cn/1.html', 'http://a.gov.cn/2.html', 'http://a.gov.cn/3.html'] });
    expect(groupOf).toEqual([groups[0]!.id, groups[0]!.id, groups[0]!.id, null]);
  });

  it('needs three different pages, not three findings', () => {
    const { groups } = templateGroups([axe('1.html'), axe('1.html'), axe('2.html')]);
    expect(groups).toEqual([]);
  });

  it('never groups across rules, outcomes or different markup', () => {
    const findings = [axe('1.html'), { ...axe('2.html'), outcome: 'incomplete' as const }, axe('3.html', '#footer > img', '<img src="/other.png">')];
    expect(templateGroups(findings).groups).toEqual([]);
  });

  it('never groups findings without a common place', () => {
    const plain = (page: string): GroupableFinding => ({ ruleId: 'consultation.duration', outcome: 'violation', url: `http://a.gov.cn/${page}`, message: '征求意见期限不足 30 日', data: {} });
    expect(templateGroups([plain('1'), plain('2'), plain('3')]).groups).toEqual([]);
  });

  it('groups one broken link target linked from many pages', () => {
    const link = (page: string, href: string): GroupableFinding => ({ ruleId: 'link.broken', outcome: 'violation', url: `http://a.gov.cn/${page}`, message: `链接 ${href} 无法打开`, data: { href, status: 404 } });
    const { groups } = templateGroups([link('1', 'http://a.gov.cn/old'), link('2', 'http://a.gov.cn/old#x'), link('3', 'http://a.gov.cn/old'), link('3', 'http://a.gov.cn/other')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.pages).toHaveLength(3);
  });

  it('groups article pages whose template lacks the same metadata, whatever their titles', () => {
    const meta = (page: string, missing: string[]): GroupableFinding => ({
      ruleId: 'meta.article', outcome: 'violation', url: `http://a.gov.cn/art/${page}.html`,
      target: { selector: 'head', snippet: `<head><title>文章 ${page}</title></head>` }, message: '缺少元数据', data: { missing },
    });
    const { groups } = templateGroups([meta('1', ['PubDate']), meta('2', ['PubDate']), meta('3', ['PubDate']), meta('4', ['ContentSource'])]);
    expect(groups.map((g) => g.count)).toEqual([3]);
  });

  it('gives a group the same id in every run', () => {
    const a = templateGroups([axe('1.html'), axe('2.html'), axe('3.html')]).groups[0]!.id;
    const b = templateGroups([axe('5.html'), axe('1.html'), axe('2.html'), axe('3.html')]).groups[0]!.id;
    expect(b).toBe(a);
  });
});
