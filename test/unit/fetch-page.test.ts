import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchPage, parseRetryAfter, USER_AGENT } from '../../crawler/fetch-page.js';
import { messages } from '../../crawler/messages.zh-CN.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Short waits everywhere: retries back off from 5 ms. */
const FAST = { timeoutMs: 5_000, retryBaseDelayMs: 5, retryMaxDelayMs: 20 };

describe('fetchPage', () => {
  it('fetches a page with our User-Agent and reports status, headers and body', async () => {
    server = await startServer({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-test': 'yes' });
        res.end('<html><body>政府信息公开</body></html>');
      },
    });
    const r = await fetchPage(`${server.url}/#frag`, FAST);
    expect(r.status).toBe(200);
    expect(r.error).toBeNull();
    expect(r.finalUrl).toBe(`${server.url}/`);
    expect(r.contentType).toBe('text/html; charset=utf-8');
    expect(r.headers['x-test']).toBe('yes');
    expect(r.body?.toString('utf8')).toBe('<html><body>政府信息公开</body></html>');
    expect(r.truncated).toBe(false);
    expect(r.attempts).toBe(1);
    expect(r.redirects).toEqual([]);
    expect(server.requests[0]?.headers['user-agent']).toBe(USER_AGENT);
    expect(server.requests[0]?.path).toBe('/');
  });

  it('follows a redirect chain and records it in order', async () => {
    server = await startServer({
      '/a': (_req, res) => { res.writeHead(301, { location: '/b' }); res.end(); },
      '/b': (_req, res) => { res.writeHead(302, { location: `${server?.url}/c?x=1` }); res.end('moved'); },
      '/c': (_req, res) => { res.writeHead(307, { location: 'd.html' }); res.end(); },
      '/d.html': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('final'); },
    });
    const r = await fetchPage(`${server.url}/a`, FAST);
    expect(r.error).toBeNull();
    expect(r.status).toBe(200);
    expect(r.finalUrl).toBe(`${server.url}/d.html`);
    expect(r.redirects).toEqual([
      { url: `${server.url}/a`, status: 301 },
      { url: `${server.url}/b`, status: 302 },
      { url: `${server.url}/c?x=1`, status: 307 },
    ]);
    expect(r.body?.toString()).toBe('final');
  });

  it('detects a redirect loop', async () => {
    server = await startServer({
      '/a': (_req, res) => { res.writeHead(302, { location: '/b' }); res.end(); },
      '/b': (_req, res) => { res.writeHead(302, { location: '/a' }); res.end(); },
    });
    const r = await fetchPage(`${server.url}/a`, FAST);
    expect(r.error?.code).toBe('redirect-loop');
    expect(r.error?.message).toMatch(/循环/);
    expect(r.redirects.map((x) => x.url)).toEqual([`${server.url}/a`, `${server.url}/b`]);
    expect(server.requests).toHaveLength(2);
  });

  it('stops after maxRedirects', async () => {
    server = await startServer({
      '/r': (req, res) => {
        const n = Number(new URL(req.url ?? '', 'http://x').searchParams.get('n') ?? '0');
        res.writeHead(302, { location: `/r?n=${n + 1}` });
        res.end();
      },
    });
    const r = await fetchPage(`${server.url}/r?n=0`, { ...FAST, maxRedirects: 3 });
    expect(r.error?.code).toBe('too-many-redirects');
    expect(r.redirects).toHaveLength(4);
    expect(server.requests).toHaveLength(4);
  });

  it('times out on a stalled response (headers sent, body never finishes)', async () => {
    server = await startServer({
      '/stall': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html>'); // and nothing more
      },
    });
    const r = await fetchPage(`${server.url}/stall`, { ...FAST, timeoutMs: 300, retries: 1 });
    expect(r.error?.code).toBe('timeout');
    expect(r.error?.message).toMatch(/超时/);
    expect(r.body).toBeNull();
    // A timeout is worth one more try.
    expect(r.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('times out when no headers ever come', async () => {
    server = await startServer({ '/silent': () => undefined });
    const r = await fetchPage(`${server.url}/silent`, { ...FAST, timeoutMs: 300, retries: 0 });
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('timeout');
  });

  it('caps an endless body at maxBytes', async () => {
    server = await startServer({
      '/endless': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(16 * 1024, 0x61);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) { /* fill the socket buffer */ }
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
    });
    const maxBytes = 100_000;
    const r = await fetchPage(`${server.url}/endless`, { ...FAST, maxBytes });
    expect(r.status).toBe(200);
    expect(r.truncated).toBe(true);
    expect(r.body?.length).toBe(maxBytes);
    expect(r.error?.code).toBe('too-large');
    expect(r.attempts).toBe(1);
  });

  it('does not flag a body of exactly maxBytes as truncated', async () => {
    server = await startServer({
      '/exact': (_req, res) => { res.writeHead(200); res.end(Buffer.alloc(1000, 0x62)); },
    });
    const r = await fetchPage(`${server.url}/exact`, { ...FAST, maxBytes: 1000 });
    expect(r.truncated).toBe(false);
    expect(r.error).toBeNull();
    expect(r.body?.length).toBe(1000);
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    let calls = 0;
    server = await startServer({
      '/busy': (_req, res) => {
        calls += 1;
        if (calls === 1) {
          res.writeHead(429, { 'retry-after': '1' });
          res.end('slow down');
          return;
        }
        res.writeHead(200);
        res.end('ok');
      },
    });
    const r = await fetchPage(`${server.url}/busy`, FAST);
    expect(r.status).toBe(200);
    expect(r.body?.toString()).toBe('ok');
    expect(r.attempts).toBe(2);
    expect(r.retryAfterMs).toBe(1000);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 503 up to the limit and reports the last answer', async () => {
    server = await startServer({ '/down': (_req, res) => { res.writeHead(503); res.end('维护中'); } });
    const r = await fetchPage(`${server.url}/down`, { ...FAST, retries: 2 });
    expect(r.status).toBe(503);
    expect(r.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(r.body?.toString()).toBe('维护中');
  });

  it('does not retry a 404 (nor other 4xx)', async () => {
    server = await startServer({ '/gone': (_req, res) => { res.writeHead(410); res.end(); } });
    const r404 = await fetchPage(`${server.url}/missing`, FAST);
    expect(r404.status).toBe(404);
    expect(r404.error).toBeNull();
    expect(r404.attempts).toBe(1);
    const r410 = await fetchPage(`${server.url}/gone`, FAST);
    expect(r410.status).toBe(410);
    expect(r410.attempts).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused connection', async () => {
    const s = await startServer({});
    const url = `${s.url}/`;
    await s.close();
    const r = await fetchPage(url, { ...FAST, retries: 1 });
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('refused');
    expect(r.error?.message).toMatch(/拒绝连接/);
    expect(r.attempts).toBe(2);
  });

  it('reports an unresolvable host as dns and does not retry it', async () => {
    const r = await fetchPage('http://no-such-host.invalid/', { ...FAST, retries: 2 });
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('dns');
    expect(r.attempts).toBe(1);
  });

  it('reports a connection reset', async () => {
    server = await startServer({
      '/reset': (req) => { req.socket.destroy(); },
      '/mid': (_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('abc', () => res.socket?.destroy());
      },
    });
    const before = await fetchPage(`${server.url}/reset`, { ...FAST, retries: 0 });
    expect(before.status).toBeNull();
    expect(before.error?.code).toBe('reset');
    // Broken off inside the body: the status came, the page did not.
    const mid = await fetchPage(`${server.url}/mid`, { ...FAST, retries: 1 });
    expect(mid.status).toBe(200);
    expect(mid.error?.code).toBe('reset');
    expect(mid.body).toBeNull();
    expect(mid.attempts).toBe(2);
  });

  it('sends HEAD and returns no body', async () => {
    server = await startServer({
      '/file.pdf': (_req, res) => { res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '5' }); res.end('%PDF-'); },
    });
    const r = await fetchPage(`${server.url}/file.pdf`, { ...FAST, method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.body).toBeNull();
    expect(r.contentType).toBe('application/pdf');
    expect(server.requests[0]?.method).toBe('HEAD');
  });

  it('calls the politeness gate before every request, redirects and retries included', async () => {
    let calls = 0;
    server = await startServer({
      '/a': (_req, res) => { res.writeHead(302, { location: '/b' }); res.end(); },
      '/b': (_req, res) => {
        calls += 1;
        res.writeHead(calls === 1 ? 502 : 200);
        res.end();
      },
    });
    const seen: string[] = [];
    const r = await fetchPage(`${server.url}/a`, { ...FAST, beforeAttempt: (u) => { seen.push(new URL(u).pathname); } });
    expect(r.status).toBe(200);
    expect(seen).toEqual(['/a', '/b', '/b']);
    expect(r.attempts).toBe(2);
  });

  it('stops when the caller aborts', async () => {
    server = await startServer({ '/silent': () => undefined });
    const controller = new AbortController();
    const pending = fetchPage(`${server.url}/silent`, { ...FAST, timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await pending;
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('other');
    expect(r.attempts).toBe(1);
  });

  it('retries a 500 like the other server errors', async () => {
    let hits = 0;
    server = await startServer({ '/flaky': (_req, res) => { hits++; res.writeHead(hits === 1 ? 500 : 200, { 'content-type': 'text/html' }); res.end('ok'); } });
    const r = await fetchPage(`${server.url}/flaky`, FAST);
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(2);
  });

  it('does not take a file or binary data labelled text/html for a page', async () => {
    const noise = Buffer.alloc(2048);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 37) & 0xff;
    server = await startServer({
      '/file.jsp': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' }); res.end(Buffer.from('%PDF-1.7\n%\xe2\xe3\n', 'latin1')); },
      '/zip.jsp': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0])); },
      '/noise': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(noise); },
      '/nul.html': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>正文\u0000残片</body></html>'); },
      '/utf16.html': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html>正文</html>', 'utf16le')])); },
    });
    const pdf = await fetchPage(`${server.url}/file.jsp`, FAST);
    expect(pdf).toMatchObject({ status: 200, contentType: 'application/pdf', error: { code: 'not-html' } });
    expect(pdf.error?.message).toBe('服务器声明这是网页（text/html），但内容实际是PDF 文件，未按网页检查');
    expect(pdf.headers['content-type']).toBe('text/html;charset=UTF-8');
    expect(pdf.body?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await fetchPage(`${server.url}/zip.jsp`, FAST)).contentType).toBe('application/zip');
    const bin = await fetchPage(`${server.url}/noise`, FAST);
    expect(bin).toMatchObject({ contentType: 'application/octet-stream', error: { code: 'not-html' } });
    expect(bin.error?.message).toMatch(/二进制数据/);
    // Markup with a stray NUL, and a UTF-16 page, are pages.
    expect(await fetchPage(`${server.url}/nul.html`, FAST)).toMatchObject({ contentType: 'text/html', error: null });
    expect(await fetchPage(`${server.url}/utf16.html`, FAST)).toMatchObject({ contentType: 'text/html', error: null });
  });

  it('decodes gzip, deflate and brotli bodies, caps the decoded size, and leaves an unknown coding alone', async () => {
    const page = Buffer.from(`<html><body>${'政务公开 '.repeat(2000)}</body></html>`);
    let asked = '';
    server = await startServer({
      '/gzip': (req, res) => { asked = String(req.headers['accept-encoding']); res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end(gzipSync(page)); },
      '/deflate': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }); res.end(deflateSync(page)); },
      '/br': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }); res.end(brotliCompressSync(page)); },
      // Cut short: the part that came is kept, as a browser shows it.
      '/cut': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end(gzipSync(page).subarray(0, 200)); },
      '/bomb': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end(gzipSync(Buffer.alloc(5_000_000, 0x61))); },
      '/odd': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'compress' }); res.end('<html>raw</html>'); },
      '/broken': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }); res.end('not gzip at all'); },
      '/cookies': (_req, res) => { res.setHeader('set-cookie', ['a=1', 'b=2']); res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html></html>'); },
    });
    for (const path of ['/gzip', '/deflate', '/br']) {
      const r = await fetchPage(`${server.url}${path}`, FAST);
      expect(r.error, path).toBeNull();
      expect(r.body?.equals(page), path).toBe(true);
    }
    expect(asked).toBe('gzip, deflate');
    const cut = await fetchPage(`${server.url}/cut`, FAST);
    expect(cut.error).toBeNull();
    expect(cut.body!.length).toBeGreaterThan(0);
    expect(page.subarray(0, cut.body!.length).equals(cut.body!)).toBe(true);
    const bomb = await fetchPage(`${server.url}/bomb`, { ...FAST, maxBytes: 100_000 });
    expect(bomb).toMatchObject({ status: 200, truncated: true, error: { code: 'too-large' } });
    expect(bomb.body?.length).toBe(100_000);
    expect((await fetchPage(`${server.url}/odd`, FAST)).body?.toString()).toBe('<html>raw</html>');
    const broken = await fetchPage(`${server.url}/broken`, { ...FAST, retries: 0 });
    expect(broken).toMatchObject({ status: 200, body: null, error: { code: 'other' } });
    expect((await fetchPage(`${server.url}/cookies`, FAST)).headers['set-cookie']).toBe('a=1, b=2');
  });

  it('refuses the ports browsers refuse, without a request', async () => {
    const r = await fetchPage('http://127.0.0.1:6000/', { ...FAST, retries: 0 });
    expect(r.status).toBeNull();
    expect(r.error).toEqual({ code: 'other', message: messages.fetchBadPort('6000') });
  });

  it('says in words which certificate problem a TLS failure is, and a timeout with its real limit', () => {
    expect(messages.fetchTls('CERT_HAS_EXPIRED')).toBe('HTTPS 证书无效：证书已过期，无法安全访问（CERT_HAS_EXPIRED）');
    expect(messages.fetchTls('DEPTH_ZERO_SELF_SIGNED_CERT')).toMatch(/^HTTPS 证书无效：自签名证书/);
    expect(messages.fetchTls('ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/^HTTPS 证书无效：证书与网站域名不符/);
    expect(messages.fetchTls('ERR_SSL_WRONG_VERSION_NUMBER')).toMatch(/^HTTPS 加密连接失败/);
    expect(messages.fetchTimeout(1500)).toBe('请求超时（1.5 秒内未完成）');
    expect(messages.fetchTimeout(15_000)).toBe('请求超时（15 秒内未完成）');
  });

  it('rejects an unparsable URL without a request', async () => {
    const r = await fetchPage('not a url', FAST);
    expect(r.error?.code).toBe('other');
    expect(r.status).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2020-11-26T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 26 Nov 2020 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2020 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
