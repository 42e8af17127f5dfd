/**
 * A fast, deterministic server for the large generated site (layout.ts, pages.ts): every unit under
 * its own path prefix on one 127.0.0.1 origin (port 0). It counts the requests it answers, per method
 * and path, so tests can prove that no page was fetched twice; it can slow down one kind of resource
 * (so a test can stop a crawl in the middle of a phase) or stall every request (a hung site).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { largeSiteLayout, type ColumnLayout, type LargeSiteLayout, type UnitLayout, ATTACHMENT_EVERY } from './layout.js';
import { articlePage, attachmentText, homePage, listPage, PNG_1x1 } from './pages.js';

export type ResourceKind = 'page' | 'image' | 'file' | 'robots' | 'missing';

export interface LargeSite {
  /** Base URL without a trailing slash. */
  url: string;
  layout: LargeSiteLayout;
  /** Unit entries for a Gongkai config. */
  units: { id: string; name: string; type: 'department'; url: string }[];
  /** Requests answered (or stalled), keyed `METHOD path`. */
  counts: Map<string, number>;
  /** Extra wait before answering one kind of resource, in ms (0: none). */
  setDelay(kind: ResourceKind, ms: number): void;
  /** true: every new request is held open and never answered. */
  setStalled(stalled: boolean): void;
  close(): Promise<void>;
}

interface Resolved {
  kind: ResourceKind;
  status: number;
  contentType: string;
  body: Buffer;
}

const ROBOTS = 'User-agent: *\nAllow: /\n';

export async function startLargeSite(opts: { units: number; pagesPerUnit: number; columns?: number }): Promise<LargeSite> {
  const layout = largeSiteLayout(opts);
  const byId = new Map(layout.units.map((u) => [u.id, u]));
  const counts = new Map<string, number>();
  const delays = new Map<ResourceKind, number>();
  let stalled = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const key = `${method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    req.resume();
    if (stalled) return; // held open: closeAllConnections() ends it
    const r = resolve(byId, path);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(r.status, { 'Content-Type': r.contentType, 'Content-Length': r.body.length });
      res.end(method === 'HEAD' ? undefined : r.body);
    };
    const wait = delays.get(r.kind) ?? 0;
    if (wait > 0) setTimeout(send, wait);
    else send();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    layout,
    units: layout.units.map((u) => ({ id: u.id, name: u.name, type: 'department' as const, url: `${url}/${u.id}/` })),
    counts,
    setDelay: (kind, ms) => void delays.set(kind, ms),
    setStalled: (s) => void (stalled = s),
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

const html = (body: string): Resolved => ({ kind: 'page', status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(body, 'utf8') });
const missing = (): Resolved => ({ kind: 'missing', status: 404, contentType: 'text/html; charset=utf-8', body: Buffer.from('<!DOCTYPE html><title>404</title><p>页面不存在</p>') });

function resolve(units: Map<string, UnitLayout>, path: string): Resolved {
  if (path === '/robots.txt') return { kind: 'robots', status: 200, contentType: 'text/plain', body: Buffer.from(ROBOTS) };
  const m = /^\/(u\d+)\/(?:c(\d+)\/(.*))?$/.exec(path);
  const unit = m ? units.get(m[1]!) : undefined;
  if (!m || !unit) return missing();
  if (m[2] === undefined) return html(homePage(unit));
  const column = unit.columns.find((c) => c.n === Number(m[2]));
  if (!column) return missing();
  return resolveInColumn(unit, column, m[3] ?? '');
}

function resolveInColumn(unit: UnitLayout, column: ColumnLayout, rest: string): Resolved {
  if (rest === 'index.html') return html(listPage(unit, column, 0));
  let m = /^index_(\d+)\.html$/.exec(rest);
  if (m) {
    const page = Number(m[1]);
    return page >= 1 && page < column.listPages ? html(listPage(unit, column, page)) : missing();
  }
  m = /^(img\/|files\/)?art_(\d+)\.(html|png|txt)$/.exec(rest);
  const article = m ? Number(m[2]) : 0;
  if (!m || article < 1 || article > column.articles) return missing();
  if (m[1] === undefined && m[3] === 'html') return html(articlePage(unit, column, article));
  if (m[1] === 'img/' && m[3] === 'png') return { kind: 'image', status: 200, contentType: 'image/png', body: PNG_1x1 };
  if (m[1] === 'files/' && m[3] === 'txt' && article % ATTACHMENT_EVERY === 0) {
    return { kind: 'file', status: 200, contentType: 'text/plain; charset=utf-8', body: Buffer.from(attachmentText(unit, column, article), 'utf8') };
  }
  return missing();
}
