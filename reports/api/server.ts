/** The `gongkai serve` HTTP server (node:http), startable in-process for tests. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../store/db.js';
import type { CrawlRunner } from '../dashboard/crawl-runner.js';
import { createApiHandler } from './routes.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface ApiServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8080`. */
  url: string;
  address: AddressInfo;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  host?: string;
  port?: number;
  /** The token the dashboard's actions need; absent: every action is refused. */
  token?: string | null;
  /** Starts crawls from the dashboard (serve --config); absent: the button explains how to enable it. */
  crawl?: CrawlRunner;
}

/** Loopback names: binding to anything else makes the results readable from the network. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Listens on host:port (port 0 = any free port). Rejects with the listen error (e.g. EADDRINUSE). */
export async function startApiServer(db: Db, opts: ApiServerOptions = {}): Promise<ApiServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const server = createServer(createApiHandler(db, { host, token: opts.token ?? null, ...(opts.crawl ? { crawl: opts.crawl } : {}) }));
  // Slow or idle clients must not hold the process open on shutdown.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 8080, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    address,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
