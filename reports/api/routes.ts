/**
 * Request handling of `gongkai serve`: the JSON API the browser extension reads (/api/findings,
 * /api/units, /health) and the dashboard (server-rendered HTML, reports/dashboard). No route
 * touches the file system, so a traversal attempt is just an unknown path. API errors are zh-CN
 * JSON `{ error }`, dashboard errors zh-CN pages; a stack trace never reaches the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../store/db.js';
import { normalizeUrl } from '../../store/url.js';
import { createCrawlRunner, type CrawlRunner } from '../dashboard/crawl-runner.js';
import { dashboardGet, dashboardPost, matchDashboardRoute, type DashboardContext } from '../dashboard/dashboard-routes.js';
import { renderMessagePage } from '../dashboard/message-page.js';
import { DASHBOARD_TEXT } from '../dashboard/messages.zh-CN.js';
import { SERVE_TEXT as T } from './messages.zh-CN.js';
import { findingsForPage, unitForUrl } from './page-findings.js';
import { html, json, jsonError as error, type Reply } from './reply.js';
import { parseRequestTarget } from './request-target.js';
import { createRunViewCache, finishedRunCount, type RunView } from './run-view.js';

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HandlerOptions {
  host?: string;
  /** The token actions need; absent: every action is refused (read-only dashboard). */
  token?: string | null;
  /** Starts crawls for the dashboard; absent: the crawl button explains how to enable it. */
  crawl?: CrawlRunner;
}

const API_PATHS = new Set(['/health', '/api/units', '/api/findings']);

function hostName(hostHeader: string): string {
  return hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * Host names a request may name. Anything else is refused, so a web page cannot reach this server
 * through a DNS name it controls (DNS rebinding) and read the results.
 */
function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  return name === 'localhost' || name === '127.0.0.1' || name === '::1' || name === hostName(boundHost);
}

/** A form's Origin must be this server under a name it answers to (http only: it serves no TLS). */
function originAllowed(origin: string, boundHost: string): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return u.protocol === 'http:' && hostAllowed(u.host, boundHost);
}

/** Only the browser extension may read the API cross-origin; web pages cannot forge their Origin. */
function extensionOrigin(origin: string | undefined): string | null {
  return origin && /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin) ? origin : null;
}

/** A browser asking for a page gets a page; programs (and the API's clients) get JSON. */
function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? '');
}

export function createApiHandler(db: Db, opts: HandlerOptions = {}): ApiHandler {
  const boundHost = opts.host ?? '127.0.0.1';
  const runs = createRunViewCache(db);
  const ctx: DashboardContext = {
    db,
    runs,
    token: opts.token ?? null,
    crawl: opts.crawl ?? createCrawlRunner({ configFile: null, dbFile: db.name }),
    originAllowed: (origin) => originAllowed(origin, boundHost),
  };

  const notFound = (req: IncomingMessage): Reply =>
    wantsHtml(req) ? html(404, renderMessagePage(DASHBOARD_TEXT.notFoundTitle, DASHBOARD_TEXT.notFound)) : error(404, T.notFound);

  const route = async (req: IncomingMessage): Promise<Reply> => {
    const target = parseRequestTarget(req.url);
    if (!target.ok) return error(target.reason === 'too-long' ? 414 : 400, target.reason === 'too-long' ? T.tooLong : T.badRequest);
    const method = req.method ?? 'GET';
    if (API_PATHS.has(target.path)) {
      if (method !== 'GET') return error(405, T.methodNotAllowed, 'GET');
      return apiGet(target.path, target.query);
    }
    const dashboard = matchDashboardRoute(target.path);
    if (!dashboard) return notFound(req);
    if (dashboard.method === 'GET') {
      if (method !== 'GET' && method !== 'HEAD') return html(405, renderMessagePage(DASHBOARD_TEXT.notFoundTitle, DASHBOARD_TEXT.methodNotAllowed), 'GET');
      return dashboardGet(ctx, dashboard, target.query);
    }
    if (method !== 'POST') return html(405, renderMessagePage(DASHBOARD_TEXT.notFoundTitle, DASHBOARD_TEXT.postOnly), 'POST');
    return dashboardPost(ctx, dashboard, req);
  };

  const apiGet = (path: string, query: ReadonlyMap<string, string>): Reply => {
    switch (path) {
      case '/health':
        return json(200, { ok: true, runs: finishedRunCount(db) });
      case '/api/units': {
        const view = runs.latest();
        return view ? json(200, unitsBody(view)) : error(503, T.noRun);
      }
      default: {
        const raw = query.get('url');
        if (raw === undefined || raw.trim() === '') return error(400, T.missingUrl);
        const url = normalizeUrl(raw);
        if (url === null) return error(400, T.badUrl(raw));
        const view = runs.latest();
        return view ? json(200, findingsBody(view, url)) : error(503, T.noRun);
      }
    }
  };

  return (req, res) => {
    const reply: Promise<Reply> = hostAllowed(req.headers.host, boundHost) ? route(req) : Promise.resolve(error(421, T.badHost));
    reply
      .catch((err: unknown): Reply => {
        // Logged on the server's console for the operator; the client gets a calm message only.
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        return wantsHtml(req) ? html(500, renderMessagePage(DASHBOARD_TEXT.internalTitle, DASHBOARD_TEXT.internal)) : error(500, T.internal);
      })
      .then((r) => send(res, r, extensionOrigin(req.headers.origin), req.method === 'HEAD'))
      .catch(() => res.destroy());
  };
}

/**
 * The dashboard's pages run no script and load nothing: styles inline, screenshots as data URIs,
 * forms only to this server, never framed, no referrer sent to crawled sites.
 */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, reply: Reply, corsOrigin: string | null, headOnly: boolean): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (reply.kind === 'redirect') {
    res.statusCode = 303;
    res.setHeader('Location', reply.location);
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  const isHtml = reply.kind === 'html';
  const text = isHtml ? reply.html : JSON.stringify(reply.body);
  res.statusCode = reply.status;
  res.setHeader('Content-Type', isHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (reply.allow) res.setHeader('Allow', reply.allow);
  if (isHtml) {
    res.setHeader('Content-Security-Policy', HTML_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own forms.
    res.setHeader('Referrer-Policy', 'same-origin');
  } else {
    // The extension's service worker fetches this from its own chrome-extension:// origin. The
    // assessment is not public: only an extension origin is allowed to read it, never a web page.
    res.setHeader('Vary', 'Origin');
    if (corsOrigin) res.setHeader('Access-Control-Allow-Origin', corsOrigin);
  }
  res.end(headOnly ? undefined : text);
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
