import { describe, expect, it } from 'vitest';
import { hostKey, inScope, isIpLiteral, normalizeUrl } from '../../store/url.js';

describe('normalizeUrl', () => {
  const table: [string, string | undefined, string | null][] = [
    ['HTTP://WWW.Example.GOV.cn/A/b.html', undefined, 'http://www.example.gov.cn/A/b.html'],
    ['http://example.gov.cn:80/', undefined, 'http://example.gov.cn/'],
    ['https://example.gov.cn:443/x', undefined, 'https://example.gov.cn/x'],
    ['http://example.gov.cn:8080/x', undefined, 'http://example.gov.cn:8080/x'],
    ['http://example.gov.cn', undefined, 'http://example.gov.cn/'],
    ['http://example.gov.cn/a/b.html#top', undefined, 'http://example.gov.cn/a/b.html'],
    ['http://example.gov.cn/a/./b/../c/index.html', undefined, 'http://example.gov.cn/a/c/index.html'],
    ['../zwgk/index.html', 'http://example.gov.cn/col/col1/index.html', 'http://example.gov.cn/col/zwgk/index.html'],
    ['index_1.html', 'http://example.gov.cn/xxgk/', 'http://example.gov.cn/xxgk/index_1.html'],
    ['//cdn.example.gov.cn/a.js', 'https://example.gov.cn/', 'https://cdn.example.gov.cn/a.js'],
    ['http://example.gov.cn/s?b=2&a=1&c=3', undefined, 'http://example.gov.cn/s?a=1&b=2&c=3'],
    // Repeated keys keep their order: they may mean a list.
    ['http://example.gov.cn/s?x=2&a=1&x=1', undefined, 'http://example.gov.cn/s?a=1&x=2&x=1'],
    ['http://example.gov.cn/a?utm_source=wx&utm_medium=x&id=5', undefined, 'http://example.gov.cn/a?id=5'],
    ['http://example.gov.cn/a?id=5&spm=a.b.c', undefined, 'http://example.gov.cn/a?id=5'],
    ['http://example.gov.cn/a?from=timeline&isappinstalled=0', undefined, 'http://example.gov.cn/a'],
    ['http://example.gov.cn/a?from=zwgk', undefined, 'http://example.gov.cn/a?from=zwgk'],
    ['http://example.gov.cn/a?', undefined, 'http://example.gov.cn/a'],
    ['http://example.gov.cn/a.jsp;jsessionid=0A1B2C3D4E5F?id=1', undefined, 'http://example.gov.cn/a.jsp?id=1'],
    ['http://example.gov.cn/a.php?PHPSESSID=abc123&id=1', undefined, 'http://example.gov.cn/a.php?id=1'],
    ['http://example.gov.cn/a?sid=9f8e7d6c5b4a39281706', undefined, 'http://example.gov.cn/a'],
    // A short sid is a site or column id, not a session.
    ['http://example.gov.cn/a?sid=3', undefined, 'http://example.gov.cn/a?sid=3'],
    // GBK percent-escapes survive untouched (only the hex case is unified).
    ['http://example.gov.cn/search?q=%d6%d0%CE%C4', undefined, 'http://example.gov.cn/search?q=%D6%D0%CE%C4'],
    ['http://example.gov.cn/中文/页面.html', undefined, 'http://example.gov.cn/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2.html'],
    ['  http://example.gov.cn/a  ', undefined, 'http://example.gov.cn/a'],
    ['http://example.gov.cn./a', undefined, 'http://example.gov.cn/a'],
    ['mailto:office@example.gov.cn', undefined, null],
    ['javascript:void(0)', 'http://example.gov.cn/', null],
    ['ftp://example.gov.cn/file', undefined, null],
    ['not a url', undefined, null],
    ['', 'http://example.gov.cn/', null],
    ['http://', undefined, null],
  ];
  it.each(table)('%s (base %s) → %s', (href, base, expected) => {
    expect(normalizeUrl(href, base)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const [href, base] of table) {
      const once = normalizeUrl(href, base);
      if (once !== null) expect(normalizeUrl(once)).toBe(once);
    }
  });
});

describe('inScope', () => {
  it('a root prefix covers the whole host, in either scheme, and nothing else', () => {
    const prefixes = ['http://fgj.example.gov.cn/'];
    expect(inScope('http://fgj.example.gov.cn/a/b.html', prefixes)).toBe(true);
    expect(inScope('https://fgj.example.gov.cn/a', prefixes)).toBe(true);
    expect(inScope('http://FGJ.example.gov.cn:80/', prefixes)).toBe(true);
    expect(inScope('http://www.example.gov.cn/a', prefixes)).toBe(false);
    expect(inScope('http://fgj.example.gov.cn:8080/a', prefixes)).toBe(false);
    expect(inScope('http://evil.cn/http://fgj.example.gov.cn/', prefixes)).toBe(false);
  });

  it('a path prefix covers that path and the path without its slash, on segment boundaries', () => {
    const prefixes = ['http://www.example.gov.cn/dept/'];
    expect(inScope('http://www.example.gov.cn/dept/', prefixes)).toBe(true);
    expect(inScope('http://www.example.gov.cn/dept', prefixes)).toBe(true);
    expect(inScope('http://www.example.gov.cn/dept/zwgk/index.html', prefixes)).toBe(true);
    expect(inScope('http://www.example.gov.cn/department/', prefixes)).toBe(false);
    expect(inScope('http://www.example.gov.cn/', prefixes)).toBe(false);
    expect(inScope('http://www.example.gov.cn/other/dept/', prefixes)).toBe(false);
  });

  it('a prefix without a trailing slash or with a file name stands for its directory', () => {
    expect(inScope('http://h.gov.cn/dept/a.html', ['http://h.gov.cn/dept'])).toBe(true);
    expect(inScope('http://h.gov.cn/deptx/a.html', ['http://h.gov.cn/dept'])).toBe(false);
    expect(inScope('http://h.gov.cn/col/col12/art.html', ['http://h.gov.cn/col/col12/index.html'])).toBe(true);
    expect(inScope('http://h.gov.cn/col/col13/index.html', ['http://h.gov.cn/col/col12/index.html'])).toBe(false);
  });

  it('matches any of several prefixes; bad input is out of scope', () => {
    const prefixes = ['http://a.gov.cn/x/', 'http://b.gov.cn/'];
    expect(inScope('http://b.gov.cn/anything', prefixes)).toBe(true);
    expect(inScope('http://a.gov.cn/y/', prefixes)).toBe(false);
    expect(inScope('mailto:a@b.cn', prefixes)).toBe(false);
    expect(inScope('http://a.gov.cn/x/', [])).toBe(false);
  });
});

describe('hostKey / isIpLiteral', () => {
  it('hostKey ignores port and scheme', () => {
    expect(hostKey('http://Example.gov.cn:8080/a')).toBe('example.gov.cn');
    expect(hostKey('https://example.gov.cn/')).toBe('example.gov.cn');
    expect(hostKey('http://127.0.0.1:3000/')).toBe('127.0.0.1');
    expect(hostKey('http://[::1]:3000/')).toBe('[::1]');
  });

  it('isIpLiteral recognises v4 and v6 literals, with brackets or port, and nothing else', () => {
    for (const yes of ['10.1.2.3', '10.1.2.3:8080', '::1', '[::1]', '[2001:db8::1]:443', '2001:db8::1']) {
      expect(isIpLiteral(yes), yes).toBe(true);
    }
    for (const no of ['example.gov.cn', '10.1.2', '999.1.1.1', 'localhost', '', '[example]']) {
      expect(isIpLiteral(no), no).toBe(false);
    }
  });
});
