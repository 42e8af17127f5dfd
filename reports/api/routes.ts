/**
 * Request handling of `gongkai serve`: read-only JSON about the latest finished run, plus a small
 * start page. No route touches the file system, so a traversal attempt is just an unknown path.
 * Errors are zh-CN JSON `{ error }`; a stack trace never reaches the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../crawler/store/db.js';
import { normalizeUrl } from '../../crawler/url.js';
import { renderHomePage } from './home-page.js';
import { SERVE_TEXT as T } from './messages.zh-CN.js';
import { findingsForPage, unitForUrl } from './page-findings.js';
import { parseRequestTarget } from './request-target.js';
import { createRunViewCache, finishedRunCount, type RunView } from './run-view.js';

interface Reply {
  status: number;
  body: unknown;
  /** HTML instead of JSON (the start page). */
  html?: string;
}

const json = (status: number, body: unknown): Reply => ({ status, body });
const error = (status: number, message: string): Reply => json(status, { error: message });

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Host names a request may name. Anything else is refused, so a web page cannot reach this server
 * through a DNS name it controls (DNS rebinding) and read the results.
 */
function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '127.0.0.1' || name === '::1' || name === boundHost.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Only the browser extension may read the API cross-origin; web pages cannot forge their Origin. */
function extensionOrigin(origin: string | undefined): string | null {
  return origin && /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin) ? origin : null;
}

export function createApiHandler(db: Db, opts: { host?: string } = {}): ApiHandler {
  const boundHost = opts.host ?? '127.0.0.1';
  const runs = createRunViewCache(db);
  const route = (req: IncomingMessage): Reply => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return error(target.reason === 'too-long' ? 414 : 400, target.reason === 'too-long' ? T.tooLong : T.badRequest);
    const known = target.path === '/' || target.path === '/health' || target.path === '/api/units' || target.path === '/api/findings';
    if (!known) return error(404, T.notFound);
    if (req.method !== 'GET') return error(405, T.methodNotAllowed);
    switch (target.path) {
      case '/health':
        return json(200, { ok: true, runs: finishedRunCount(db) });
      case '/':
        return { status: 200, body: null, html: renderHomePage(runs.latest()) };
      case '/api/units': {
        const view = runs.latest();
        return view ? json(200, unitsBody(view)) : error(503, T.noRun);
      }
      default: {
        const raw = target.query.get('url');
        if (raw === undefined || raw.trim() === '') return error(400, T.missingUrl);
        const url = normalizeUrl(raw);
        if (url === null) return error(400, T.badUrl(raw));
        const view = runs.latest();
        return view ? json(200, findingsBody(view, url)) : error(503, T.noRun);
      }
    }
  };
  return (req, res) => {
    let reply: Reply;
    try {
      reply = hostAllowed(req.headers.host, boundHost) ? route(req) : error(421, T.badHost);
    } catch (err) {
      // Logged on the server's console for the operator; the client gets a calm message only.
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      reply = error(500, T.internal);
    }
    send(res, reply, extensionOrigin(req.headers.origin));
  };
}

function send(res: ServerResponse, reply: Reply, corsOrigin: string | null): void {
  const isHtml = reply.html !== undefined;
  const text = isHtml ? reply.html! : JSON.stringify(reply.body);
  res.statusCode = reply.status;
  res.setHeader('Content-Type', isHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (reply.status === 405) res.setHeader('Allow', 'GET');
  if (isHtml) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  } else {
    // The extension's service worker fetches this from its own chrome-extension:// origin. The
    // assessment is not public: only an extension origin is allowed to read it, never a web page.
    res.setHeader('Vary', 'Origin');
    if (corsOrigin) res.setHeader('Access-Control-Allow-Origin', corsOrigin);
  }
  res.end(text);
}

function scoreOf(view: RunView, unitId: string) {
  const r = view.ranked.find((x) => x.unit.id === unitId);
  if (!r) return null;
  const s = r.unit.score;
  return { score: { total: s.total, max: s.max, vetoed: s.vetoed, assessed: s.assessed !== false }, rank: r.rank, violations: r.violations, review: r.review };
}

function unitsBody(view: RunView) {
  return {
    run: { id: view.doc.run.id, evalDate: view.doc.run.evalDate },
    units: view.ranked.map((r) => ({ id: r.unit.id, name: r.unit.name, ...scoreOf(view, r.unit.id)! })),
  };
}

function findingsBody(view: RunView, url: string) {
  const run = { id: view.doc.run.id, evalDate: view.doc.run.evalDate };
  const info = unitForUrl(view.units, url);
  if (!info) return { url, run, unit: null, findings: [] };
  const exported = view.doc.units.find((u) => u.id === info.id);
  const ranked = scoreOf(view, info.id);
  return {
    url,
    run,
    unit: { id: info.id, name: info.name, score: ranked?.score ?? null, rank: ranked?.rank ?? null },
    findings: findingsForPage(exported?.findings ?? [], url),
  };
}
