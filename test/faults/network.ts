import type { IncomingMessage, ServerResponse } from 'node:http';
import { unitPage } from './page.js';
import { writeStream, type StreamRecord } from './streams.js';

/**
 * Faults of the connection and the protocol: answers that never come or stop halfway, connections
 * cut mid-body, server errors that pass or stay, rate limits, redirect loops and long chains, and
 * bodies too big to hold. State (how often a URL was asked, what a stream sent) lives in the
 * instance, so every server starts fresh.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export const HUGE_BYTES = 50 * 1024 * 1024;
/**
 * Requests answered 503 before the burst URL recovers. The crawler retries twice by default; one retry
 * is left spare so a slow machine (a page parse holding the event loop past a timeout) cannot turn a
 * recovered burst into a failure.
 */
export const BURST_FAILURES = 1;

export class NetworkFaults {
  /** Requests per path (query included), GET and HEAD alike. */
  readonly hits = new Map<string, number>();
  readonly streams: StreamRecord[] = [];

  private count(req: IncomingMessage): number {
    const key = req.url ?? '/';
    const n = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, n);
    return n;
  }

  routes(): Record<string, Handler> {
    const ok = (res: ServerResponse, title: string): void => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(unitPage(title, '<p>本页正常。</p>'));
    };
    return {
      // No status line, ever: the socket stays open until the client gives up.
      '/f/timeout.html': () => undefined,
      // Headers and the start of the page, then silence.
      '/f/stall.html': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write('<!doctype html><html><head><title>卡住的页面</title></head><body><p>开头');
      },
      // Part of the body, then a TCP reset.
      '/f/reset.html': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': '5000' });
        res.write('<!doctype html><html><head><title>中断</title></head><body>', () => res.socket?.resetAndDestroy());
      },
      // 503 a few times, then the page: a server restarting.
      '/f/burst.html': (req, res) => {
        if (this.count(req) <= BURST_FAILURES) {
          res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
          res.end('<html><body>服务暂时不可用</body></html>');
          return;
        }
        ok(res, '恢复后的页面');
      },
      // 500 for good: the one fault the rules may call a broken link.
      '/f/down.html': (req, res) => {
        this.count(req);
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body>服务器内部错误</body></html>');
      },
      // Rate limited once, with Retry-After, then served.
      '/f/busy.html': (req, res) => {
        if (this.count(req) === 1) {
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' });
          res.end('访问过于频繁');
          return;
        }
        ok(res, '限流后的页面');
      },
      // Rate limited every time: a bot block, never a broken link.
      '/f/limited.html': (req, res) => {
        this.count(req);
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' });
        res.end('访问过于频繁');
      },
      '/f/loop-a.html': (_req, res) => {
        res.writeHead(302, { location: '/f/loop-b.html' });
        res.end();
      },
      '/f/loop-b.html': (_req, res) => {
        res.writeHead(302, { location: '/f/loop-a.html' });
        res.end();
      },
      // /f/chain?n=1 → n=2 → … → n=12: longer than any crawler should follow.
      '/f/chain': (req, res) => {
        const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? '1');
        if (n >= 12) {
          ok(res, '重定向终点');
          return;
        }
        res.writeHead(301, { location: `/f/chain?n=${n + 1}` });
        res.end();
      },
      '/f/huge.html': (req, res) => this.stream(req, res, HUGE_BYTES),
      '/f/endless.html': (req, res) => this.stream(req, res, null),
    };
  }

  private stream(req: IncomingMessage, res: ServerResponse, total: number | null): Promise<void> {
    const record: StreamRecord = { path: req.url ?? '', sent: 0, clientClosed: false, finished: false };
    this.streams.push(record);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(total !== null ? { 'content-length': String(total) } : {}) });
    const head = Buffer.from('<!doctype html><html lang="zh-CN"><head><title>超大页面</title></head><body>');
    // Long paragraphs: a big page, not a million tiny elements (see the report on dense pages).
    const chunk = Buffer.from(`<p>${'这是一段很长很长的填充文字，用来把页面撑大。'.repeat(100)}</p>\n`.repeat(16));
    return writeStream(req, res, { total, head, chunk, record });
  }
}
