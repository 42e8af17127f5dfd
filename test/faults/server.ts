import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { deeplyNested, gbkLabelledUtf8, gbkWithoutCharset, malformed, noiseAsHtml, pdfAsHtml } from './bodies.js';
import type { TestCertificates } from './certs.js';
import { homePage } from './home-page.js';
import { NetworkFaults } from './network.js';
import { unitPage } from './page.js';
import type { StreamRecord } from './streams.js';
import { calendarPage, facetedSearchPage, sessionPage } from './traps.js';

/**
 * The project's fault-injection server: one ordinary-looking unit on 127.0.0.1 (port 0) whose home
 * page links to every fault, plus, when certificates are given, two HTTPS sites whose certificates
 * are self-signed and expired. It logs every request so tests can count what the crawler asked.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FaultRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
}

export interface FaultServer {
  /** Base URL without a trailing slash: http://127.0.0.1:<port> */
  url: string;
  /** The unit's home page. */
  home: string;
  /** https://127.0.0.1:<port>/ of the self-signed and the expired site (null without certificates). */
  tls: { selfSigned: string; expired: string } | null;
  requests: FaultRequest[];
  /** Requests per path (query included) of the counting faults (burst, busy, limited, down). */
  hits: Map<string, number>;
  /** What each big or endless body sent before the client stopped reading. */
  streams: StreamRecord[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  // Stalled and endless answers would keep close() waiting forever.
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Route key: the path without its query and without `;param=` segments (`list.jsp;jsessionid=…`). */
function routeKey(rawUrl: string): string {
  const path = rawUrl.split('?')[0] ?? '/';
  return path.replace(/;[^/]*/g, '');
}

export async function startFaultServer(opts: { certificates?: TestCertificates } = {}): Promise<FaultServer> {
  const network = new NetworkFaults();
  const requests: FaultRequest[] = [];

  const httpsSites: Server[] = [];
  let tls: FaultServer['tls'] = null;
  if (opts.certificates) {
    const site = (cert: Buffer): Server =>
      createHttpsServer({ key: opts.certificates!.key, cert }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(unitPage('网上办事', '<p>加密站点。</p>'));
      });
    const selfSigned = site(opts.certificates.selfSigned);
    const expired = site(opts.certificates.expired);
    httpsSites.push(selfSigned, expired);
    tls = { selfSigned: `https://127.0.0.1:${await listen(selfSigned)}/`, expired: `https://127.0.0.1:${await listen(expired)}/` };
  }

  const routes: Record<string, Handler> = {
    '/': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(homePage(tls));
    },
    '/robots.txt': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('User-agent: *\nAllow: /\n');
    },
    ...network.routes(),
    '/f/pdf.html': pdfAsHtml,
    '/f/noise.html': noiseAsHtml,
    '/f/nested.html': deeplyNested,
    '/f/malformed.html': malformed,
    '/f/gbk-utf8.html': gbkLabelledUtf8,
    '/f/gbk-bare.html': gbkWithoutCharset,
    '/f/session/list.jsp': sessionPage,
    '/f/session/item.html': sessionPage,
    '/f/calendar': calendarPage,
    '/f/search': facetedSearchPage,
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path });
    const handler = routes[routeKey(path)];
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>页面不存在</body></html>');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    home: `${url}/`,
    tls,
    requests,
    hits: network.hits,
    streams: network.streams,
    close: async () => {
      await Promise.all([server, ...httpsSites].map(closeServer));
    },
  };
}
