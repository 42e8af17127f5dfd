/**
 * The fast static server of the benchmark: one node:http server per unit, each on its own loopback
 * address (127.0.0.<n>) when the system routes the whole 127/8 block to lo (Linux does), else on its
 * own port of 127.0.0.1. Distinct addresses matter: the crawler's HostLimiter counts the ports of
 * one host name as one host. Pages are generated per request (deterministic, see district-pages.ts):
 * 50k pages held in memory would weigh a gigabyte. Keep-alive, Content-Length, no compression.
 * Like a static web server, it sends validators (ETag, Last-Modified) and answers a request that
 * holds the current ones with 304 Not Modified: that is what an incremental night is measured on.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { articlePath, type BenchColumn, type BenchDistrict, type BenchUnit } from './district-layout.js';
import { articlePage, homePage, listPage } from './district-pages.js';

export interface ServedUnit {
  unit: BenchUnit;
  /** Home page URL, with a trailing slash. */
  url: string;
}

export interface DistrictServer {
  units: ServedUnit[];
  /** True when each unit has its own loopback address. */
  distinctHosts: boolean;
  /** Requests answered so far, by kind ('notModified': 304 answers, of any kind). */
  counts(): Record<Kind | 'notModified', number>;
  /** Bytes written to the crawlers' connections so far (headers and bodies). */
  bytesSent(): number;
  resetCounts(): void;
  close(): Promise<void>;
}

const ROBOTS = Buffer.from('User-agent: *\nDisallow: /search/\n');
const CSS = Buffer.from('body{font:14px/1.8 "Microsoft YaHei",sans-serif;margin:0}.w1200{width:1200px;margin:0 auto}'.repeat(20));
const JS = Buffer.from('(function(){var d=new Date();document.title=document.title;})();\n'.repeat(20));
/** A 1×1 PNG: image targets answer with a real image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const NOT_FOUND = Buffer.from('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404</title></head><body><p>您访问的页面不存在</p></body></html>');

type Kind = 'page' | 'asset' | 'robots' | 'missing';
interface Answer { kind: Kind; status: number; type: string; body: Buffer }

/** Every page of the generated district is as old as this (the district never changes between nights). */
const LAST_MODIFIED = new Date(Date.UTC(2026, 0, 5, 8, 0, 0)).toUTCString();

/** The strong validator of a body: what a static server derives from the file it sends. */
const etagOf = (body: Buffer): string => `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;

/** True when the request's validators match the current body (If-None-Match wins, as RFC 9110 says). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && Date.parse(ims) >= Date.parse(LAST_MODIFIED);
}

const page = (html: string): Answer => ({ kind: 'page', status: 200, type: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8') });
const missing: Answer = { kind: 'missing', status: 404, type: 'text/html; charset=utf-8', body: NOT_FOUND };

function answer(unit: BenchUnit, columns: Map<string, BenchColumn>, path: string): Answer {
  if (path === '/robots.txt') return { kind: 'robots', status: 200, type: 'text/plain', body: ROBOTS };
  if (path === '/' || path === '/index.html') return page(homePage(unit));
  if (path.startsWith('/images/')) return { kind: 'asset', status: 200, type: 'image/png', body: PNG };
  if (path === '/css/style.css') return { kind: 'asset', status: 200, type: 'text/css', body: CSS };
  if (path === '/js/common.js') return { kind: 'asset', status: 200, type: 'application/javascript', body: JS };
  const m = /^\/([a-z]+)\/(?:index(?:_(\d+))?\.html|(\d{6})\/t(\d{8})_(\d+)\.html)$/.exec(path);
  const column = m ? columns.get(m[1]!) : undefined;
  if (!m || !column) return missing;
  if (m[5] === undefined) {
    const n = m[2] === undefined ? 0 : Number(m[2]);
    return n >= 0 && n < column.listPages && (n > 0 || m[2] === undefined) ? page(listPage(unit, column, n)) : missing;
  }
  const article = Number(m[5]);
  // Only the article's own address: a mistyped date in the path is a 404, as on a real site.
  if (article < 1 || article > column.articles || articlePath(column, article) !== path) return missing;
  return page(articlePage(unit, column, article));
}

/** True when 127.0.0.2 can be bound here (then 127.0.0.<n> gives each unit its own host). */
async function loopbackBlockWorks(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '127.0.0.2', () => probe.close(() => resolve(true)));
  });
}

export async function startDistrictServer(district: BenchDistrict): Promise<DistrictServer> {
  const distinctHosts = await loopbackBlockWorks();
  const counts: Record<Kind | 'notModified', number> = { page: 0, asset: 0, robots: 0, missing: 0, notModified: 0 };
  // Bytes on the wire: what closed connections wrote, plus what the open ones have written so far.
  const open = new Set<Socket>();
  let closedBytes = 0;
  const servers: Server[] = [];
  const units: ServedUnit[] = [];
  for (const unit of district.units) {
    const columns = new Map(unit.columns.map((c) => [c.path, c]));
    const server = createServer((req, res) => {
      req.resume();
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const a = answer(unit, columns, path);
      counts[a.kind]++;
      if (a.status === 200) {
        const etag = etagOf(a.body);
        const validators = { ETag: etag, 'Last-Modified': LAST_MODIFIED };
        if (notModified(req, etag)) {
          counts.notModified++;
          res.writeHead(304, validators);
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': a.type, 'Content-Length': a.body.length, ...validators });
      } else {
        res.writeHead(a.status, { 'Content-Type': a.type, 'Content-Length': a.body.length });
      }
      res.end(req.method === 'HEAD' ? undefined : a.body);
    });
    server.on('connection', (socket) => {
      open.add(socket);
      socket.once('close', () => {
        open.delete(socket);
        closedBytes += socket.bytesWritten;
      });
    });
    // Crawlers keep connections open between requests; the default 5 s would close idle ones mid-run.
    server.keepAliveTimeout = 60_000;
    const host = distinctHosts ? `127.0.0.${unit.n}` : '127.0.0.1';
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, host, () => ok());
    });
    servers.push(server);
    units.push({ unit, url: `http://${host}:${(server.address() as AddressInfo).port}/` });
  }
  return {
    units,
    distinctHosts,
    counts: () => ({ ...counts }),
    bytesSent: () => closedBytes + [...open].reduce((n, s) => n + s.bytesWritten, 0),
    resetCounts: () => { for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0; },
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((ok) => {
        s.closeAllConnections();
        s.close(() => ok());
      })));
    },
  };
}
