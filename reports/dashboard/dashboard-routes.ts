/**
 * The dashboard's routes: server-rendered pages (GET) and the three actions (POST) that change
 * anything — start a crawl, mark a finding, enter the manual points. Every action needs the token
 * (form field `token` or `Authorization: Bearer`), is refused when the request comes from another
 * site, reads at most MAX_FORM_BYTES, and answers 303 to the page it came from.
 */
import type { IncomingMessage } from 'node:http';
import type { Db } from '../../store/db.js';
import { html, redirect, type Reply } from '../api/reply.js';
import type { RunView, RunViewCache } from '../api/run-view.js';
import type { ExportUnit } from '../export-schema.js';
import { bearerToken, tokenMatches } from './action-token.js';
import type { CrawlRunner } from './crawl-runner.js';
import { parseFindingFilter } from './finding-filter.js';
import { renderFindingsPage } from './findings-page.js';
import { MAX_FORM_BYTES, readFormBody } from './form-body.js';
import { applyManualForm } from './manual-action.js';
import { applyMarkForm, type ActionResult } from './mark-action.js';
import { renderMessagePage } from './message-page.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { renderRankingPage, unitHref } from './ranking-page.js';
import { listRuns } from './run-list.js';
import { renderRunsPage } from './runs-page.js';
import { scoreHistory } from './score-history.js';
import { renderUnitPage } from './unit-page.js';

export interface DashboardContext {
  db: Db;
  runs: RunViewCache;
  /** null: no action is allowed (every POST is refused with 403). */
  token: string | null;
  crawl: CrawlRunner;
  /** Whether a request's Origin names this server (same check as the Host header). */
  originAllowed: (origin: string) => boolean;
}

export type DashboardRoute =
  | { page: 'ranking' | 'findings' | 'runs'; method: 'GET' }
  | { page: 'unit'; method: 'GET'; unitId: string }
  | { page: 'crawl'; method: 'POST' }
  | { page: 'mark' | 'manual'; method: 'POST'; unitId: string };

const UNIT_PATH = /^\/units\/([^/]+)(?:\/(mark|manual))?$/;

/** The dashboard route of a (decoded) path, or null when the path is none of the dashboard's. */
export function matchDashboardRoute(path: string): DashboardRoute | null {
  if (path === '/') return { page: 'ranking', method: 'GET' };
  if (path === '/findings') return { page: 'findings', method: 'GET' };
  if (path === '/runs') return { page: 'runs', method: 'GET' };
  if (path === '/crawl') return { page: 'crawl', method: 'POST' };
  const m = UNIT_PATH.exec(path);
  if (!m) return null;
  const unitId = m[1]!;
  if (m[2] === 'mark' || m[2] === 'manual') return { page: m[2], method: 'POST', unitId };
  return { page: 'unit', method: 'GET', unitId };
}

const DAY_MS = 86_400_000;

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The forecast horizon: the config's next evaluation date, else 30 days after this evaluation. */
export function forecastUntil(view: RunView): string {
  const next = (view.run.config as { nextEvaluation?: unknown }).nextEvaluation;
  if (typeof next === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(next) && next >= view.run.evalDate) return next;
  return addDays(view.run.evalDate, 30);
}

function unitOf(view: RunView | null, unitId: string): ExportUnit | undefined {
  return view?.doc.units.find((u) => u.id === unitId);
}

function unitNotFound(view: RunView | null, unitId: string): Reply {
  return html(404, renderMessagePage(T.notFoundTitle, view ? T.unitNotFound(unitId) : T.noRun));
}

const NOTICES: Record<string, string> = { mark: T.saved, manual: T.saved };

export type DashboardGetRoute = Extract<DashboardRoute, { method: 'GET' }>;
export type DashboardPostRoute = Extract<DashboardRoute, { method: 'POST' }>;

export function dashboardGet(ctx: DashboardContext, route: DashboardGetRoute, query: ReadonlyMap<string, string>): Reply {
  const view = ctx.runs.latest();
  switch (route.page) {
    case 'ranking':
      return html(200, renderRankingPage({ view, crawl: { enabled: ctx.crawl.enabled, state: ctx.crawl.state() } }));
    case 'findings':
      return html(200, renderFindingsPage(view, parseFindingFilter(query)));
    case 'runs':
      return html(200, renderRunsPage(listRuns(ctx.db)));
    case 'unit': {
      const unit = unitOf(view, route.unitId);
      const ranked = view?.ranked.find((r) => r.unit.id === route.unitId);
      if (!view || !unit || !ranked) return unitNotFound(view, route.unitId);
      return html(
        200,
        renderUnitPage({
          unit,
          ranked,
          unitCount: view.ranked.length,
          runId: view.doc.run.id,
          evalDate: view.doc.run.evalDate,
          forecastUntil: forecastUntil(view),
          filter: parseFindingFilter(query),
          history: scoreHistory(ctx.db, unit.id),
          screenshot: (f) => view.screenshot(unit.id, f),
          canWrite: !ctx.db.readonly,
          notice: NOTICES[query.get('saved') ?? ''] ?? null,
        }),
      );
    }
  }
}

function refused(status: number, title: string, message: string, back = '/'): Reply {
  return html(status, renderMessagePage(title, message, back));
}

export async function dashboardPost(ctx: DashboardContext, route: DashboardPostRoute, req: IncomingMessage): Promise<Reply> {
  const back = route.page === 'mark' || route.page === 'manual' ? unitHref(route.unitId) : '/';
  // Browsers name the page a form was sent from; a form on another site must not act here even
  // if the person using it knows the token.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && !ctx.originAllowed(origin)) return refused(403, T.forbiddenTitle, T.badOrigin, back);
  if (origin === 'null') return refused(403, T.forbiddenTitle, T.badOrigin, back);
  const body = await readFormBody(req);
  if (!body.ok) {
    if (body.reason === 'too-large') return refused(413, T.tooLargeTitle, T.tooLarge(MAX_FORM_BYTES / 1024), back);
    return refused(400, T.badFormTitle, T.badForm, back);
  }
  const given = body.fields.get('token') ?? bearerToken(req.headers.authorization);
  if (ctx.token === null || !tokenMatches(given, ctx.token)) return refused(403, T.forbiddenTitle, T.forbidden, back);
  if (ctx.db.readonly && route.page !== 'crawl') return refused(409, T.badFormTitle, T.readOnly, back);

  if (route.page === 'crawl') {
    if (!ctx.crawl.enabled) return refused(409, T.crawlTitle, T.crawlDisabled);
    if (!ctx.crawl.start()) return refused(409, T.crawlTitle, T.crawlAlreadyRunning);
    return redirect('/#crawl');
  }
  const view = ctx.runs.latest();
  const unit = unitOf(view, route.unitId);
  if (!view || !unit) return unitNotFound(view, route.unitId);
  const result: ActionResult = route.page === 'mark' ? applyMarkForm(ctx.db, view.run.id, unit, body.fields) : applyManualForm(ctx.db, unit.id, body.fields);
  if (!result.ok) return refused(result.status, T.badFormTitle, result.message, back);
  // The export document now differs (marks, rescored totals, predicted totals): rebuild it.
  ctx.runs.invalidate();
  const anchor = /^[A-Za-z0-9._:-]+$/.test(result.anchor) ? result.anchor : 'findings';
  return redirect(`${unitHref(unit.id)}?saved=${route.page}#${anchor}`);
}
