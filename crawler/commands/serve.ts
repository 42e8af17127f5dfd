/**
 * `gongkai serve`: a read-only HTTP server over a results database, for the browser extension
 * (/api/findings) and a quick look at the ranking (/). Binds 127.0.0.1 unless told otherwise.
 */
import { resolve } from 'node:path';
import { SERVE_TEXT as T } from '../../reports/api/messages.zh-CN.js';
import { DEFAULT_HOST, isLoopbackHost, startApiServer } from '../../reports/api/server.js';
import { parseCommandArgs, requireOption } from '../cli.js';
import { UsageError, UserError } from '../errors.js';
import { openStore } from '../store/db.js';

export { startApiServer };

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(T.badPort(value));
  return Number(value);
}

export async function serveCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('serve', args, { db: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('serve', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const host = v.host === undefined || v.host === '' ? DEFAULT_HOST : v.host;
  const port = parsePort(v.port);
  const db = openStore(dbFile, { readonly: true });
  let server;
  try {
    server = await startApiServer(db, { host, port });
  } catch (err) {
    db.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UserError(T.portInUse(host, port));
    throw new UserError(T.cannotListen(host, port, e.message));
  }
  if (!isLoopbackHost(host)) process.stderr.write(`${T.nonLoopback(host)}\n`);
  process.stdout.write(`${T.listening(server.url)}\n`);
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
  db.close();
  process.stdout.write(`${T.stopped}\n`);
  return 0;
}
