/**
 * The bundled demo district: one node:http server per unit on 127.0.0.1 (port 0, so every unit has
 * its own origin), serving sites with seeded defects whose expected findings the answer key lists.
 * Used by `gongkai demo` (npm start) and the end-to-end tests.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertIsoDate } from './dates.js';
import { previousNightRoutes, type DemoNight } from './previous-night.js';
import { notFound, type Resource } from './resource.js';
import type { BuiltSite } from './site-builder.js';
import { DEMO_UNITS } from './units/index.js';
import type { SeededFinding, UnitDefinition } from './units/unit-definition.js';

export interface DemoUnit {
  id: string;
  name: string;
  type: 'department' | 'town' | 'street' | 'other';
  url: string;
}

export interface DemoDistrict {
  name: string;
  units: DemoUnit[];
  /** The evaluation date every demo date is relative to. */
  evalDate: string;
  close(): Promise<void>;
  /** Requests served, per unit id and path (with query), for tests. */
  requests: { unitId: string; path: string; method: string }[];
  /**
   * Which night the sites answer as: `tonight` (the default; what the answer key describes) or
   * `previous` (the night before, see previous-night.ts), for a two-night demo with changes.
   */
  setNight(night: DemoNight): void;
  /** Body bytes sent so far (all units, every answer; HEAD and 304 answers have none), to measure transfer. */
  responseBytes(): number;
  /**
   * Replaces what one unit answers at `path` (tonight and the night before) until cleared with null:
   * a page edited between two nights.
   */
  setOverride(unitId: string, path: string, resource: Resource | null): void;
}

/**
 * `honoured` (the default): answers carry ETag and Last-Modified, and a GET or HEAD whose
 * If-None-Match (or, without it, If-Modified-Since) matches gets 304 Not Modified with no body.
 * `ignored`: the same validators are sent, but every request gets the full answer — as on the many
 * CMS servers that ignore conditional requests.
 */
export type ConditionalRequests = 'honoured' | 'ignored';

export const DEMO_DISTRICT_NAME = '青岛西海岸新区（演示）';

/** What each unit seeded, kept out of the public object so callers cannot alter the answer key. */
const seeded = new WeakMap<DemoDistrict, Map<string, { violations: SeededFinding[]; incompletes: SeededFinding[] }>>();

/** The findings the units seeded, by unit id (read by answer-key.ts). */
export function seededFindings(district: DemoDistrict): Map<string, { violations: SeededFinding[]; incompletes: SeededFinding[] }> {
  const found = seeded.get(district);
  if (!found) throw new Error('not a district started by startDemoDistrict');
  return found;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Crawlers keep connections alive; without this, close() would wait for them to time out.
    server.closeAllConnections();
  });
}

/** A port that nothing listens on: open a server, note its port, close it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

const MAX_FORM_BYTES = 64 * 1024;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    if (req.method !== 'POST') {
      req.resume();
      resolve(new URLSearchParams());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(new URLSearchParams()));
  });
}

/**
 * Validators derived from the bytes only, so they are stable while the content is and change with
 * it. Last-Modified is a date picked by the hash (not a real modification time): a changed page
 * gets a different one, compared for equality as nginx does by default.
 */
function validators(body: Buffer): { etag: string; lastModified: string } {
  const hash = createHash('sha256').update(body).digest();
  const seconds = hash.readUInt32BE(0) % (366 * 86_400);
  return { etag: `"${hash.subarray(0, 12).toString('hex')}"`, lastModified: new Date(Date.UTC(2020, 0, 1) + seconds * 1000).toUTCString() };
}

/** RFC 9110 §13.1: If-None-Match (weak comparison) decides when present, else If-Modified-Since. */
function notModified(req: IncomingMessage, v: { etag: string; lastModified: string }): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(v.etag);
  }
  return req.headers['if-modified-since'] === v.lastModified;
}

interface Transfer {
  mode: ConditionalRequests;
  bytes: number;
}

function send(req: IncomingMessage, res: ServerResponse, method: string, resource: Resource, transfer: Transfer): void {
  const headers: Record<string, string | number> = { 'Content-Length': resource.body.length, ...resource.headers };
  if (resource.contentType !== null) headers['Content-Type'] = resource.contentType;
  if (resource.status === 200) {
    const v = validators(resource.body);
    headers['ETag'] = v.etag;
    headers['Last-Modified'] = v.lastModified;
    if (transfer.mode === 'honoured' && (method === 'GET' || method === 'HEAD') && notModified(req, v)) {
      res.writeHead(304, { ETag: v.etag, 'Last-Modified': v.lastModified });
      res.end();
      return;
    }
  }
  res.writeHead(resource.status, headers);
  if (method !== 'HEAD') transfer.bytes += resource.body.length;
  res.end(method === 'HEAD' ? undefined : resource.body);
}

function handler(unitId: string, site: BuiltSite, requests: DemoDistrict['requests'], night: () => DemoNight, transfer: Transfer,
  overrides: Map<string, Resource>) {
  const previous = previousNightRoutes(unitId, site);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ unitId, path: url.pathname + url.search, method });
    const form = await readForm(req);
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, HEAD, POST', 'Content-Length': 0 });
      res.end();
      return;
    }
    for (const dynamic of site.dynamic) {
      const answer = dynamic({ method, path: url.pathname, query: url.searchParams, form });
      if (answer) {
        send(req, res, method, answer, transfer);
        return;
      }
    }
    const before = night() === 'previous' ? previous.get(url.pathname) : undefined;
    send(req, res, method, overrides.get(`${unitId} ${url.pathname}`) ?? before ?? site.routes.get(url.pathname) ?? notFound(), transfer);
  };
}

export async function startDemoDistrict(opts: { evalDate: string; conditionalRequests?: ConditionalRequests }): Promise<DemoDistrict> {
  assertIsoDate(opts.evalDate);
  const transfer: Transfer = { mode: opts.conditionalRequests ?? 'honoured', bytes: 0 };
  const overrides = new Map<string, Resource>();
  const servers: Server[] = [];
  const units: DemoUnit[] = [];
  const requests: DemoDistrict['requests'] = [];
  const findings = new Map<string, { violations: SeededFinding[]; incompletes: SeededFinding[] }>();
  let night: DemoNight = 'tonight';

  try {
    for (const def of DEMO_UNITS) units.push(await startUnit(def));
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    throw err;
  }

  async function startUnit(def: UnitDefinition): Promise<DemoUnit> {
    const base = { id: def.id, name: def.name, type: def.type };
    if (!def.build) {
      findings.set(def.id, { violations: [], incompletes: [] });
      return { ...base, url: `http://127.0.0.1:${await deadPort()}/` };
    }
    const server = createServer();
    servers.push(server);
    const port = await listen(server);
    const built = await def.build({ evalDate: opts.evalDate, siteDomain: `127.0.0.1:${port}` });
    server.on('request', (req, res) => void handler(def.id, built.site, requests, () => night, transfer, overrides)(req, res));
    findings.set(def.id, { violations: built.violations, incompletes: built.incompletes });
    return { ...base, url: `http://127.0.0.1:${port}/` };
  }

  let closed = false;
  const district: DemoDistrict = {
    name: DEMO_DISTRICT_NAME,
    units,
    evalDate: opts.evalDate,
    requests,
    setNight(which) {
      night = which;
    },
    responseBytes: () => transfer.bytes,
    setOverride(unitId, path, resource) {
      if (resource) overrides.set(`${unitId} ${path}`, resource);
      else overrides.delete(`${unitId} ${path}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map(closeServer));
    },
  };
  seeded.set(district, findings);
  return district;
}
