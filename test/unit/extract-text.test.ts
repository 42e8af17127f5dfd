import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '../../rules/extract/html-text.js';
import { resolveHref, withoutFragment } from '../../rules/extract/urls.js';
import { collapseWhitespace, normalizeName } from '../../rules/text.js';

describe('collapseWhitespace', () => {
  it('collapses ASCII, NBSP, full-width spaces and drops zero-width characters', () => {
    expect(collapseWhitespace('  政府信息\n\t公开\u00a0\u00a0指南\u3000 ')).toBe('政府信息 公开 指南');
    expect(collapseWhitespace('政务\u200b公开\ufeff')).toBe('政务公开');
  });
});

describe('normalizeName', () => {
  it.each([
    '政府信息<br>公开指南',
    '政府信息<br/>公开指南',
    '<span>政府信息<BR />公开指南</span>',
    '政府信息 公开指南',
    '政府信息\u3000公开指南',
    '政府信息\u00a0公开指南',
    '政府信息&nbsp;公开指南',
    '政府信息\u200b公开指南',
    ' 政府信息\n\t公开指南 ',
  ])('%j → 政府信息公开指南', (name) => {
    expect(normalizeName(name)).toBe('政府信息公开指南');
  });

  it('keeps different names different', () => {
    expect(normalizeName('政府信息公开专栏')).not.toBe(normalizeName('政府信息公开'));
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles, noscript and comments, breaks lines at blocks and decodes entities', () => {
    const text = htmlToText('<p>甲&nbsp;乙&amp;丙&#x4E01;&#25098;</p><script>var a="x";</script><style>.a{}</style><noscript>n</noscript><!-- c --><div>下一行</div>');
    expect(text).not.toMatch(/var a|\.a\{|\bn\b| c /);
    expect(collapseWhitespace(text)).toBe('甲 乙&丙丁戊 下一行');
    expect(text.split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['甲\u00a0乙&丙丁戊', '下一行']);
  });

  it('leaves unknown entities as written', () => {
    expect(decodeEntities('a &unknown; b &lt;')).toBe('a &unknown; b <');
  });
});

describe('resolveHref', () => {
  const base = 'http://www.example.gov.cn/zwgk/index.html';
  it('resolves, drops the fragment and skips non-http schemes', () => {
    expect(resolveHref('../a/b.html#x', base)).toBe('http://www.example.gov.cn/a/b.html');
    expect(resolveHref(' ./c.html ', base)).toBe('http://www.example.gov.cn/zwgk/c.html');
    for (const href of ['javascript:void(0)', 'JavaScript:;', 'mailto:a@b.cn', 'tel:0591-1', 'data:text/plain,x', '#top', '', null]) {
      expect(resolveHref(href, base)).toBeNull();
    }
  });
});

describe('withoutFragment', () => {
  it.each([
    'http://a.gov.cn/x/1.html#top', 'http://a.gov.cn/#', 'http://a.gov.cn/b?c=1#d#e', 'http://a.gov.cn/%23?x=%23#y',
    'http://user:p%23w@a.gov.cn/', 'http://a.gov.cn/路径/文件.html?查询=值#锚点', 'HTTP://A.GOV.CN/B/../C#x', 'http://a.gov.cn/b?',
    'https://a.gov.cn:8443/a b/c', 'http://a.gov.cn/?#',
  ])('%s: the same href as setting hash to the empty string', (raw) => {
    const url = new URL(raw);
    const cut = withoutFragment(url.href);
    url.hash = '';
    expect(cut).toBe(url.href);
  });
});
