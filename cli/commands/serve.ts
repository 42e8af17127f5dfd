/**
 * `gongkai serve`: the dashboard (server-rendered zh-CN pages) and the API the browser extension
 * reads, over a results database. Binds 127.0.0.1 unless told otherwise. Reading is open to
 * whoever can reach the address; every action that changes anything (start a crawl, mark a
 * finding, enter the manual points) needs the token: --token, else GONGKAI_TOKEN, else a random
 * one printed once at start.
 */
import { resolve } from 'node:path';
import { generateToken } from '../../reports/dashboard/action-token.js';
import { createCrawlRunner } from '../../reports/dashboard/crawl-runner.js';
import { DASHBOARD_TEXT } from '../../reports/dashboard/messages.zh-CN.js';
import { SERVE_TEXT as T } from '../../reports/api/messages.zh-CN.js';
import { DEFAULT_HOST, isLoopbackHost, startApiServer } from '../../reports/api/server.js';
import { loadConfig, parseCommandArgs, requireOption } from '../main.js';
import { UsageError, UserError } from '../../store/errors.js';
import { openStore } from '../../store/db.js';

export { startApiServer };

/** Shorter tokens are guessable by trying; the generated ones have 32 characters. */
const MIN_TOKEN_CHARS = 12;

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(T.badPort(value));
  return Number(value);
}

/** The token from --token or GONGKAI_TOKEN; null when neither is given (one is then generated). */
export function tokenFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): { token: string; source: 'flag' | 'env' } | null {
  const given = flag ?? env.GONGKAI_TOKEN;
  if (given === undefined || given === '') return null;
  if (given.length < MIN_TOKEN_CHARS || /\s/.test(given)) throw new UsageError(T.badToken);
  return { token: given, source: flag !== undefined ? 'flag' : 'env' };
}

export async function serveCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('serve', args, {
    db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, config: { type: 'string' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('serve', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const host = v.host === undefined || v.host === '' ? DEFAULT_HOST : v.host;
  const port = parsePort(v.port);
  const given = tokenFrom(v.token);
  // Checked now, so a broken config is reported at start rather than when someone presses 开始检查.
  const configFile = v.config === undefined || v.config === '' ? null : resolve(v.config);
  if (configFile !== null) loadConfig(configFile);
  // Read-write (marks, manual points), but never created: a mistyped --db must not leave an empty file.
  const db = openStore(dbFile, { mustExist: true });
  const crawl = createCrawlRunner({ configFile, dbFile, extraArgs: ['--quiet'] });
  const token = given?.token ?? generateToken();
  let server;
  try {
    server = await startApiServer(db, { host, port, token, crawl });
  } catch (err) {
    db.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UserError(T.portInUse(host, port));
    throw new UserError(T.cannotListen(host, port, e.message));
  }
  if (!isLoopbackHost(host)) process.stderr.write(`${T.nonLoopback(host)}\n`);
  process.stdout.write(`${T.listening(server.url)}\n`);
  if (given === null) process.stdout.write(`${DASHBOARD_TEXT.tokenGenerated(token)}\n`);
  else if (given.source === 'env') process.stdout.write(`${T.tokenFromEnv}\n`);
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  // A crawl started from the dashboard is interrupted (it saves its progress; crawl --resume continues it).
  await crawl.stop();
  db.close();
  process.stdout.write(`${T.stopped}\n`);
  return 0;
}
