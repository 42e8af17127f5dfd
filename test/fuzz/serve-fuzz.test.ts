/**
 * `gongkai serve` against hostile requests on a real server: random and traversal paths (raw,
 * encoded, double-encoded, backslashes, NUL), random methods and Host headers, oversized headers and
 * bodies. Nothing outside the routes is ever served, nothing is written without the token, a GET
 * never writes, foreign Host names are refused, and the server listens on loopback only.
 */
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { unitsOf } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { createRun, setRunStatus } from '../../store/runs.js';
import { startApiServer, type ApiServer } from '../../reports/api/server.js';
import { RULE_SET_VERSION } from '../../rules/version.js';
import { createRng, fuzzCount, fuzzSeed, oddText, type Rng } from './prng.js';

const seed = fuzzSeed('serve', 20_240_613);
const TOKEN = 'fuzz-token-0123456789abcdef';

let db: Db;
let api: ApiServer;
let port: number;

/** Writes made through this connection (the server's own): a GET or a refused POST adds none. */
const changes = (): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

interface RawReply {
  status: number;
  head: string;
  body: string;
}

/** Sends bytes exactly as given (no client-side normalisation of `..`, NUL or odd methods). */
function rawRequest(bytes: string | Buffer): Promise<RawReply> {
  return new Promise((resolveReply, rejectReply) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may close a request it refuses mid-send; what it answered before still counts.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') socket.destroy();
      else rejectReply(err);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      resolveReply({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.end(bytes);
  });
}

function request(method: string, target: string, opts: { host?: string | null; headers?: Record<string, string>; body?: string } = {}): Promise<RawReply> {
  const lines = [`${method} ${target} HTTP/1.1`];
  if (opts.host !== null) lines.push(`Host: ${opts.host ?? `127.0.0.1:${port}`}`);
  for (const [k, v] of Object.entries(opts.headers ?? {})) lines.push(`${k}: ${v}`);
  if (opts.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(opts.body)}`);
  lines.push('Connection: close', '', '');
  return rawRequest(lines.join('\r\n') + (opts.body ?? ''));
}

/** Paths the server answers with a page or JSON (GET); everything else must not be 200. */
const GET_ROUTES = new Set(['/', '/findings', '/runs', '/health', '/api/units', '/api/findings', '/units/fgj', '/units/jty']);

/** Anything a file server would leak: the process's files and the system's. */
function expectNothingLeaked(reply: RawReply, context: string): void {
  expect(reply.body, context).not.toMatch(/root:.*:0:0:|"devDependencies"|import \{|SQLite format 3|BEGIN PRIVATE KEY/);
  expect(reply.body, context).not.toMatch(/^\s+at\s/m);
}

beforeAll(async () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'gk-fuzz-serve-')), 'serve.sqlite');
  db = openStore(dbFile);
  const config = validateConfig({
    name: '测试区',
    units: [
      { id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://127.0.0.1:9/fgj/' },
      { id: 'jty', name: '区交通运输局', type: 'department', url: 'http://127.0.0.1:9/jty/' },
    ],
  });
  // A finished run without pages: every route renders, and the unit forms have units to act on.
  const run = createRun(db, config, unitsOf(config), '2020-11-26', RULE_SET_VERSION);
  setRunStatus(db, run.id, 'done');
  api = await startApiServer(db, { port: 0, token: TOKEN });
  port = api.address.port;
});

afterAll(async () => {
  await api?.close();
  db?.close();
});

describe('serve fuzz: paths', () => {
  const TRAVERSALS = [
    '/../../../../etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '/..\\..\\..\\package.json', '/%5c..%5c..%5cpackage.json', '/units/..%2f..%2fpackage.json', '/units/%2e%2e', '/units/fgj/../../package.json',
    '/api/../package.json', '/api/findings/../../cli/main.ts', '/%00', '/index.html%00.json', '/units/fgj%00', '/./health', '//health', '/health/',
    '/HEALTH', '/api//units', '/favicon.ico', '/.git/config', '/node_modules/yaml/package.json', '/serve.sqlite', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/units/', '/units/fgj/mark/x', `/${'a'.repeat(9000)}`, '/?url=%', '/api/findings?url=%zz', '*', 'http://evil.example/', 'health',
  ];

  it('traversal attempts, raw and encoded, are never served (400, 404 or 414)', async () => {
    for (const target of TRAVERSALS) {
      const r = await request('GET', target);
      expect([400, 404, 414], `${target} → ${r.status}`).toContain(r.status);
      expectNothingLeaked(r, target);
    }
  });

  it('a raw NUL byte or a space in the request line is refused by the parser', async () => {
    for (const bytes of [`GET /health\u0000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, `GET /hea lth HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]) {
      const r = await rawRequest(bytes);
      expect(r.status === 400 || r.status === 0, `${JSON.stringify(bytes)} → ${r.status}`).toBe(true);
      expectNothingLeaked(r, bytes);
    }
  });

  it(`random paths get 200 only on a route, and never a 5xx (seed ${seed})`, async () => {
    const rng = createRng(seed);
    const PIECES = ['..', '%2e', '%252e', '%2f', '%5c', '\\', '%00', 'units', 'fgj', 'api', 'findings', 'health', 'mark', 'manual', '%', '%zz', '.', '~', 'runs', '%E4%B8%AD', '中', '?', '&', '=', '#', ';', ':'];
    for (let c = 0; c < fuzzCount(300); c++) {
      let path = '';
      for (let i = 0, n = 1 + rng.int(6); i < n; i++) path += (rng.chance(0.7) ? '/' : '') + (rng.chance(0.8) ? rng.pick(PIECES) : encodeURIComponent(oddText(rng, 3)));
      if (!path.startsWith('/')) path = `/${path}`;
      const r = await request('GET', path);
      const context = `seed ${seed} case ${c}: GET ${path} → ${r.status}`;
      expect(r.status, context).toBeGreaterThanOrEqual(200);
      expect(r.status, context).toBeLessThan(500);
      if (r.status === 200) expect(GET_ROUTES.has(decodeURIComponent(path.split('?')[0]!)), context).toBe(true);
      expectNothingLeaked(r, context);
    }
  });
});

describe('serve fuzz: writes need the token, reads never write', () => {
  const validManual = (token?: string) => `by=${encodeURIComponent('张三')}&daily.policy-interpretation=3${token === undefined ? '' : `&token=${encodeURIComponent(token)}`}`;
  const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

  function wrongTokens(rng: Rng): string[] {
    return [
      '', ' ', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), ` ${TOKEN}`, `${TOKEN}\u200b`, TOKEN.split('').reverse().join(''),
      'undefined', 'null', 'x'.repeat(10_000), oddText(rng).replace(/\0/g, ''), TOKEN.replace('-', '_'),
    ];
  }

  it(`POST without or with a wrong token is 403 and changes nothing (seed ${seed})`, async () => {
    const rng = createRng(seed + 1);
    const before = changes();
    const targets = ['/crawl', '/units/fgj/mark', '/units/fgj/manual', '/units/jty/manual', '/units/nobody/manual'];
    for (const target of targets) {
      const none = await request('POST', target, { headers: FORM, body: validManual() });
      expect(none.status, `${target} without token`).toBe(403);
      for (const wrong of wrongTokens(rng)) {
        const inForm = await request('POST', target, { headers: FORM, body: validManual(wrong) });
        expect(inForm.status, `${target} token ${JSON.stringify(wrong).slice(0, 40)}`).toBe(403);
        // `Bearer  <token>` (extra space) is the right token in header form: only truly wrong ones here.
        if (wrong.trim() === TOKEN) continue;
        const inHeader = await request('POST', target, { headers: { ...FORM, Authorization: `Bearer ${wrong}` }, body: validManual() });
        // Control characters make the header itself invalid: Node's parser answers 400 first.
        const expected = /[\u0000-\u001f\u007f]/.test(wrong) ? [400, 403] : [403];
        expect(expected, `${target} bearer ${JSON.stringify(wrong).slice(0, 40)} → ${inHeader.status}`).toContain(inHeader.status);
      }
      // Right token, but sent from a foreign page: still refused.
      const foreign = await request('POST', target, { headers: { ...FORM, Origin: 'http://evil.example' }, body: validManual(TOKEN) });
      expect(foreign.status, `${target} from a foreign origin`).toBe(403);
    }
    expect(changes()).toBe(before);
  });

  it(`random methods, headers and bodies never write without the token (seed ${seed})`, async () => {
    const rng = createRng(seed + 2);
    const before = changes();
    const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'X-GONGKAI', 'POST '];
    const TARGETS = ['/', '/units/fgj', '/units/fgj/mark', '/units/fgj/manual', '/crawl', '/api/units', '/api/findings?url=http://127.0.0.1:9/fgj/', '/health', '/runs', '/findings'];
    for (let c = 0; c < fuzzCount(300); c++) {
      const method = rng.pick(METHODS);
      const target = rng.pick(TARGETS);
      const headers: Record<string, string> = {};
      if (rng.chance(0.6)) headers['Content-Type'] = rng.pick(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json', oddText(rng, 2).replace(/[\r\n\0]/g, '')]);
      if (rng.chance(0.3)) headers.Authorization = rng.pick(['Bearer', 'Basic dXNlcjpwdw==', `Bearer ${oddText(rng, 3).replace(/[\r\n\0]/g, '')}`, `bearer  ${TOKEN.slice(1)}`]);
      if (rng.chance(0.3)) headers.Origin = rng.pick(['null', 'http://evil.example', `http://127.0.0.1:${port}`, 'chrome-extension://abc']);
      const body = rng.chance(0.7) ? rng.pick([validManual(), validManual(rng.pick(wrongTokens(rng))), 'token=&by=x', '%zz=1', 'a=%00', oddText(rng, 20), 'x'.repeat(70_000)]) : undefined;
      const r = await request(method, target, { headers, ...(body !== undefined ? { body } : {}) });
      const context = `seed ${seed + 2} case ${c}: ${method} ${target} → ${r.status}`;
      expect(r.status === 0 || (r.status >= 200 && r.status < 500), context).toBe(true);
      expect(r.status, context).not.toBe(303);
      expectNothingLeaked(r, context);
    }
    expect(changes()).toBe(before);
  });

  it('oversized bodies and headers are refused before they are read', async () => {
    const before = changes();
    const big = await request('POST', '/units/fgj/manual', { headers: FORM, body: `${validManual(TOKEN)}&pad=${'x'.repeat(200_000)}` });
    expect(big.status).toBe(413);
    // A declared length far beyond the limit is refused without waiting for the body.
    const declared = await rawRequest(`POST /units/fgj/manual HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\ntoken=${TOKEN}`);
    expect(declared.status).toBe(413);
    const hugeHeader = await request('GET', '/health', { headers: { 'X-Pad': 'x'.repeat(64 * 1024) } });
    expect(hugeHeader.status).toBe(431);
    const manyHeaders: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) manyHeaders[`X-H${i}`] = 'v'.repeat(8);
    const many = await request('GET', '/health', { headers: manyHeaders });
    expect([200, 431], `many headers → ${many.status}`).toContain(many.status);
    expect(changes()).toBe(before);
  });

  it('every GET route leaves the database unchanged', async () => {
    const before = changes();
    for (const target of [...GET_ROUTES, '/units/fgj?saved=manual', '/findings?unit=fgj&outcome=violation', '/api/findings?url=http://127.0.0.1:9/fgj/a.html']) {
      const r = await request('GET', target);
      expect(r.status, target).toBeLessThan(500);
      const head = await request('HEAD', target);
      expect(head.body, target).toBe('');
    }
    expect(changes()).toBe(before);
  });

  it('with the right token the same form does write (the checks above can fail)', async () => {
    const before = changes();
    const r = await request('POST', '/units/fgj/manual', { headers: { ...FORM, Origin: `http://127.0.0.1:${port}` }, body: validManual(TOKEN) });
    expect(r.status).toBe(303);
    expect(changes()).toBeGreaterThan(before);
    const viaHeader = await request('POST', '/units/jty/manual', { headers: { ...FORM, Authorization: `Bearer ${TOKEN}` }, body: validManual() });
    expect(viaHeader.status).toBe(303);
  });
});

describe('serve fuzz: Host header and listening address', () => {
  it(`foreign Host names are refused with 421, loopback names answered (seed ${seed})`, async () => {
    const rng = createRng(seed + 3);
    const good = ['127.0.0.1', `127.0.0.1:${port}`, 'localhost', `LOCALHOST:${port}`, '[::1]', `[::1]:${port}`];
    const bad = ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', 'localhost.evil.example', '127.0.0.2', '0.0.0.0', `${'a'.repeat(5000)}.example`, '127.0.0.1@evil.example', 'evil.example#127.0.0.1', '', '[::2]'];
    for (let i = 0; i < fuzzCount(40); i++) bad.push(`${oddText(rng, 4).replace(/[\r\n\0]/g, '')}.example`);
    for (const host of good) expect((await request('GET', '/health', { host })).status, host).toBe(200);
    for (const host of bad) {
      const r = await request('GET', '/health', { host });
      expect([400, 421], `Host ${JSON.stringify(host).slice(0, 60)} → ${r.status}`).toContain(r.status);
    }
    const noHost = await request('GET', '/health', { host: null });
    expect([400, 421]).toContain(noHost.status);
  });

  it('binds 127.0.0.1 by default: not reachable on the machine\'s other addresses', async () => {
    expect(api.address.address).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // No non-loopback interface here: the address check above is what remains.
    const reached = await new Promise<boolean>((resolveTry) => {
      const s = connect(port, external.address);
      s.once('connect', () => (s.destroy(), resolveTry(true)));
      s.once('error', () => resolveTry(false));
    });
    expect(reached, `reachable on ${external.address}`).toBe(false);
  });
});
