import { describe, expect, it } from 'vitest';
import { isLocalAddress } from '../../crawler/browser/render-page.js';

describe('isLocalAddress: what a crawled page may not make the browser reach', () => {
  it.each([
    ['127.0.0.1:8080', true], ['localhost', true], ['a.localhost', true], ['10.1.2.3', true], ['172.16.0.1', true],
    ['172.31.255.255', true], ['192.168.1.1:80', true], ['169.254.169.254', true], ['[::1]:80', true], ['[fd00::1]', true],
    ['[fe80::1]', true], ['0.0.0.0', true],
    ['172.32.0.1', false], ['www.gov.cn', false], ['8.8.8.8', false], ['[2001:db8::1]', false], [null, false],
  ] as const)('%s → %s', (host, local) => {
    expect(isLocalAddress(host)).toBe(local);
  });
});
