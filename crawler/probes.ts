/**
 * Network probes of each unit's site that no page shows: HTTPS and IPv6. Run once per unit after the
 * pages and links, stored per run (resumable: a probed unit is not probed again).
 *
 * Every probe ends in a ProbeResult and never throws: what cannot be decided is `unknown` with a zh-CN
 * detail, because the rules turn `no` into a violation and a false one would cost the unit points.
 * A unit whose home page was not fetched is not probed (its results stay null: the rules then say
 * "needs review"), and an interrupted probe is not stored, so a resumed crawl probes it again.
 */
import { promises as dnsPromises } from 'node:dns';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { ProbeResult, UnitInfo, UnitProbes } from '../rules/types.js';
import { USER_AGENT } from './fetch-page.js';
import type { HostLimiter } from './host-limiter.js';
import { probeText as T } from './messages-probes.zh-CN.js';
import type { Db } from '../store/db.js';
import { hasProbe, saveProbe, type ProbeName } from '../store/probes.js';
import { normalizeUrl } from '../store/url.js';

export interface ProbeOptions {
  /** Upper bound of one network attempt (TLS connect + first answer, one DNS query). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** DNS access (tests inject one; default: the system resolver). */
  resolver?: DnsResolver;
  /** Port of the HTTPS check (default 443; tests use a local server). */
  httpsPort?: number;
  /** Extra trusted CA for the HTTPS check (tests trust their own certificate). */
  ca?: string | Buffer;
  /** Units probed at the same time (default 4). */
  concurrency?: number;
  /**
   * The crawl's limiter: the HTTPS probe is a request to the unit's host like any other and takes a
   * slot there. (The IPv6 probe only asks DNS, never the site.)
   */
  limiter?: HostLimiter;
}

// --- Hosts -------------------------------------------------------------------------------------

/** The host name of a URL without IPv6 brackets, or null when the URL does not parse. */
function hostOf(url: string): string | null {
  try {
    const h = new URL(url).hostname;
    return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  } catch {
    return null;
  }
}

/**
 * A stable code for an error. Node reports TLS protocol failures as `EPROTO` with OpenSSL's reason
 * only in the message (`…:SSL routines:ssl3_get_record:wrong version number:…`): that reason becomes
 * `ERR_SSL_WRONG_VERSION_NUMBER`, the name Node uses elsewhere for the same OpenSSL error.
 */
function errorCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    const reason = error.code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+):/.exec(message)?.[1] : undefined;
    return reason ? `ERR_SSL_${reason.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_')}` : error.code;
  }
  return message;
}

class ProbeTimeout extends Error {
  readonly code = 'ETIMEOUT';
}

class ProbeAborted extends Error {
  readonly code = 'EABORTED';
}

/** Runs `work` with a deadline and the caller's signal: a DNS lookup has no timeout of its own. */
function withDeadline<T>(work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProbeAborted('aborted'));
      return;
    }
    const onAbort = (): void => finish(() => reject(new ProbeAborted('aborted')));
    const timer = setTimeout(() => finish(() => reject(new ProbeTimeout('timeout'))), timeoutMs);
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

// --- HTTPS ---------------------------------------------------------------------------------------

const CERT_PROBLEMS: Record<string, () => string> = {
  CERT_HAS_EXPIRED: T.certExpired,
  CERT_NOT_YET_VALID: T.certNotYetValid,
  DEPTH_ZERO_SELF_SIGNED_CERT: T.certSelfSigned,
  SELF_SIGNED_CERT_IN_CHAIN: T.certSelfSigned,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: T.certUntrustedChain,
  UNABLE_TO_GET_ISSUER_CERT: T.certUntrustedChain,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: T.certUntrustedChain,
  CERT_UNTRUSTED: T.certUntrustedChain,
  CERT_CHAIN_TOO_LONG: T.certUntrustedChain,
  ERR_TLS_CERT_ALTNAME_INVALID: T.certWrongName,
  HOSTNAME_MISMATCH: T.certWrongName,
  CERT_REVOKED: T.certRevoked,
};

/** OpenSSL's answer when the other side does not speak TLS at all (e.g. plain HTTP on 443). */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_UNKNOWN_PROTOCOL']);
/** The server speaks TLS, but only versions or ciphers modern clients refuse. */
const OLD_TLS = new Set([
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_NO_SHARED_CIPHER',
  'ERR_SSL_DH_KEY_TOO_SMALL',
  'ERR_SSL_EE_KEY_TOO_SMALL',
  'ERR_SSL_CA_MD_TOO_WEAK',
]);

/**
 * What an error of an HTTPS attempt says about HTTPS support. Refused and not-TLS are proof of "no";
 * certificate trouble means HTTPS is there but broken (a separate problem); the rest is doubt.
 */
export function classifyHttpsError(code: string, origin: string, timeoutMs: number): ProbeResult {
  const cert = CERT_PROBLEMS[code];
  if (cert) return { outcome: 'unknown', detail: T.httpsCertificate(origin, cert()) };
  if (code.startsWith('ERR_TLS_CERT') || code.startsWith('CERT_')) return { outcome: 'unknown', detail: T.httpsCertificate(origin, T.certOther(code)) };
  if (code === 'ECONNREFUSED') return { outcome: 'no', detail: T.httpsRefused(origin) };
  if (NOT_TLS.has(code)) return { outcome: 'no', detail: T.httpsNotTls(origin) };
  if (OLD_TLS.has(code)) return { outcome: 'unknown', detail: T.httpsOldProtocol(origin) };
  if (code.startsWith('ERR_SSL_')) return { outcome: 'unknown', detail: T.httpsHandshakeFailed(origin, code) };
  if (code === 'ETIMEOUT' || code === 'ETIMEDOUT') return { outcome: 'unknown', detail: T.httpsTimeout(origin, Math.round(timeoutMs / 100) / 10) };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { outcome: 'unknown', detail: T.httpsReset(origin) };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return { outcome: 'unknown', detail: T.httpsDnsFailed(origin) };
  return { outcome: 'unknown', detail: T.httpsNetwork(origin, code) };
}

/**
 * One HTTPS request to `https://<host>[:port]/`: a completed TLS handshake with a valid certificate
 * and any HTTP status is "yes". The body is not read.
 */
export async function probeHttpsHost(host: string, opts: Pick<ProbeOptions, 'timeoutMs' | 'signal' | 'httpsPort' | 'ca' | 'limiter'>): Promise<ProbeResult> {
  const port = opts.httpsPort ?? 443;
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  const origin = `https://${hostPart}${port === 443 ? '' : `:${port}`}/`;
  if (!opts.limiter) return httpsRequestOnce(host, port, origin, opts);
  let release: (() => void) | null = null;
  try {
    release = await opts.limiter.acquire(origin, opts.signal ? { signal: opts.signal } : {});
  } catch {
    return { outcome: 'unknown', detail: T.probeInterrupted() };
  }
  try {
    return await httpsRequestOnce(host, port, origin, opts);
  } finally {
    release();
  }
}

function httpsRequestOnce(host: string, port: number, origin: string, opts: Pick<ProbeOptions, 'timeoutMs' | 'signal' | 'ca'>): Promise<ProbeResult> {
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const settle = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(r);
    };
    const req = httpsRequest({
      host,
      port,
      path: '/',
      method: 'GET',
      agent: false,
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,*/*' },
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    });
    const timer = setTimeout(() => settle(classifyHttpsError('ETIMEOUT', origin, opts.timeoutMs)), opts.timeoutMs);
    const onAbort = (): void => settle({ outcome: 'unknown', detail: T.probeInterrupted() });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      res.resume();
      settle({ outcome: 'yes', detail: T.httpsAnswered(origin, res.statusCode ?? 0) });
    });
    req.on('error', (error) => settle(classifyHttpsError(errorCode(error), origin, opts.timeoutMs)));
    req.end();
  });
}

// --- IPv6 ----------------------------------------------------------------------------------------

/** The DNS look-ups the IPv6 probe needs; each resolves to addresses or rejects with a `code`. */
export interface DnsResolver {
  /** AAAA records from DNS. */
  resolve6(host: string): Promise<string[]>;
  /** A records from DNS. */
  resolve4(host: string): Promise<string[]>;
  /** The system resolver (getaddrinfo: hosts file, local caches) for one address family. */
  lookup(host: string, family: 4 | 6): Promise<string[]>;
}

export function systemDnsResolver(timeoutMs: number): DnsResolver {
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(1, timeoutMs), tries: 1 });
  return {
    resolve6: (host) => resolver.resolve6(host),
    resolve4: (host) => resolver.resolve4(host),
    lookup: async (host, family) => (await dnsPromises.lookup(host, { family, all: true })).map((a) => a.address),
  };
}

/** DNS answers that say "no such record" (as opposed to "could not ask"). */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND']);

async function attempt(work: () => Promise<string[]>, opts: Pick<ProbeOptions, 'timeoutMs' | 'signal'>): Promise<{ addresses: string[] } | { code: string }> {
  try {
    const addresses = await withDeadline(work(), opts.timeoutMs, opts.signal);
    return { addresses };
  } catch (error) {
    if (error instanceof ProbeAborted) throw error;
    return { code: errorCode(error) };
  }
}

/**
 * Does `host` have an IPv6 address? An AAAA record in DNS (or a system-resolver IPv6 address, for
 * names in the hosts file) is "yes". "no" needs proof from DNS itself: no AAAA record for a name whose
 * A record the same DNS returns. A resolver that cannot be asked, or a name DNS does not know at all,
 * leaves the question open.
 */
export async function probeIpv6Host(host: string, opts: Pick<ProbeOptions, 'timeoutMs' | 'signal' | 'resolver'>): Promise<ProbeResult> {
  const family = isIP(host);
  if (family === 6) return { outcome: 'yes', detail: T.ipv6Literal(host) };
  if (family === 4) return { outcome: 'inapplicable', detail: T.ipv4Literal(host) };
  const dns = opts.resolver ?? systemDnsResolver(opts.timeoutMs);
  try {
    const aaaa = await attempt(() => dns.resolve6(host), opts);
    if ('addresses' in aaaa && aaaa.addresses.length > 0) return { outcome: 'yes', detail: T.ipv6Found(host, aaaa.addresses[0]!) };

    const local = await attempt(() => dns.lookup(host, 6), opts);
    if ('addresses' in local && local.addresses.length > 0) return { outcome: 'yes', detail: T.ipv6FoundLocal(host, local.addresses[0]!) };

    const aaaaCode = 'code' in aaaa ? aaaa.code : 'ENODATA';
    if (aaaaCode === 'ETIMEOUT') return { outcome: 'unknown', detail: T.ipv6Timeout(host) };
    if (!NO_RECORD.has(aaaaCode)) return { outcome: 'unknown', detail: T.ipv6ResolverFailed(host, aaaaCode) };

    const a = await attempt(() => dns.resolve4(host), opts);
    if ('addresses' in a && a.addresses.length > 0) return { outcome: 'no', detail: T.ipv6NoAaaa(host, a.addresses[0]!) };
    return { outcome: 'unknown', detail: T.ipv6NameUnresolved(host) };
  } catch (error) {
    if (error instanceof ProbeAborted) return { outcome: 'unknown', detail: T.probeInterrupted() };
    return { outcome: 'unknown', detail: T.probeFailed(errorCode(error)) };
  }
}

// --- Units ---------------------------------------------------------------------------------------

/** How the unit's home page answered in the crawl: the URL it was finally read from. */
export interface HomeAnswer {
  finalUrl: string;
}

/** The HTTPS fact of one unit whose home page answered. */
export async function probeUnitHttps(home: HomeAnswer, opts: ProbeOptions): Promise<ProbeResult> {
  const host = hostOf(home.finalUrl);
  if (host === null) return { outcome: 'unknown', detail: T.probeFailed(home.finalUrl) };
  if (isIP(host) !== 0) return { outcome: 'inapplicable', detail: T.httpsIpLiteral(host) };
  // The crawl already read the home page over HTTPS (the unit URL is https, or http redirected there).
  if (home.finalUrl.startsWith('https:')) return { outcome: 'yes', detail: T.httpsHomeAnswered(home.finalUrl) };
  return probeHttpsHost(host, opts);
}

export async function probeUnitIpv6(home: HomeAnswer, opts: ProbeOptions): Promise<ProbeResult> {
  const host = hostOf(home.finalUrl);
  if (host === null) return { outcome: 'unknown', detail: T.probeFailed(home.finalUrl) };
  return probeIpv6Host(host, opts);
}

const PROBE_TIMEOUT_CAP_MS = 10_000;

/** The stored home page of a unit when it answered 2xx (the same test as the site model's home). */
function homeAnswer(db: Db, runId: number, unit: UnitInfo): HomeAnswer | null {
  const homeUrl = normalizeUrl(unit.url) ?? unit.url;
  const row = db
    .prepare(
      `SELECT final_url FROM pages WHERE run_id = ? AND unit_id = ? AND (url = ? OR final_url = ?)
         AND status BETWEEN 200 AND 299 ORDER BY (url = ?) DESC LIMIT 1`,
    )
    .get(runId, unit.id, homeUrl, homeUrl, homeUrl) as { final_url: string } | undefined;
  return row ? { finalUrl: row.final_url } : null;
}

const PROBES: { name: ProbeName; run: (home: HomeAnswer, opts: ProbeOptions) => Promise<ProbeResult> }[] = [
  { name: 'https', run: probeUnitHttps },
  { name: 'ipv6', run: probeUnitIpv6 },
];

async function probeOneUnit(db: Db, runId: number, unit: UnitInfo, opts: ProbeOptions): Promise<void> {
  const todo = PROBES.filter((p) => !hasProbe(db, runId, unit.id, p.name));
  if (todo.length === 0) return;
  const home = homeAnswer(db, runId, unit);
  if (home === null) return;
  await Promise.all(
    todo.map(async (p) => {
      let result: ProbeResult;
      try {
        result = await p.run(home, opts);
      } catch (error) {
        result = { outcome: 'unknown', detail: T.probeFailed(errorCode(error)) };
      }
      // An interrupted probe proves nothing: leave it for the resumed crawl.
      if (opts.signal?.aborted) return;
      saveProbe(db, runId, unit.id, p.name, result);
    }),
  );
}

/**
 * Probes every unit whose home page answered, skipping probes already stored for this run. Never
 * throws; stops starting new units once the signal is aborted.
 */
export async function probeUnits(
  db: Db,
  runId: number,
  units: UnitInfo[],
  opts: ProbeOptions,
): Promise<void> {
  const queue = [...units];
  // One probe is a single request or query: a long page timeout would only make a dead port slow.
  const timeoutMs = Math.min(opts.timeoutMs, PROBE_TIMEOUT_CAP_MS);
  const resolver = opts.resolver ?? systemDnsResolver(timeoutMs);
  const worker = async (): Promise<void> => {
    for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
      if (opts.signal?.aborted) return;
      try {
        await probeOneUnit(db, runId, unit, { ...opts, timeoutMs, resolver });
      } catch {
        // A store error for one unit must not stop the crawl; its probes stay null (→ needs review).
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
}
