/**
 * The bundled demo district: one node:http server per unit on 127.0.0.1 (port 0, so every unit has
 * its own origin), serving sites with seeded defects whose expected findings the answer key lists.
 * Used by `gongkai demo` (npm start) and the end-to-end tests.
 */
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
}

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

function send(res: ServerResponse, method: string, resource: Resource): void {
  const headers: Record<string, string | number> = { 'Content-Length': resource.body.length, ...resource.headers };
  if (resource.contentType !== null) headers['Content-Type'] = resource.contentType;
  res.writeHead(resource.status, headers);
  res.end(method === 'HEAD' ? undefined : resource.body);
}

function handler(unitId: string, site: BuiltSite, requests: DemoDistrict['requests'], night: () => DemoNight) {
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
        send(res, method, answer);
        return;
      }
    }
    const before = night() === 'previous' ? previous.get(url.pathname) : undefined;
    send(res, method, before ?? site.routes.get(url.pathname) ?? notFound());
  };
}

export async function startDemoDistrict(opts: { evalDate: string }): Promise<DemoDistrict> {
  assertIsoDate(opts.evalDate);
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
    server.on('request', (req, res) => void handler(def.id, built.site, requests, () => night)(req, res));
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
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map(closeServer));
    },
  };
  seeded.set(district, findings);
  return district;
}
