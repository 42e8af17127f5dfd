/**
 * A minimal SMTP server on 127.0.0.1 (ephemeral port) for tests: speaks enough ESMTP for nodemailer
 * (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), records every message, and can answer
 * the first N messages with a temporary failure to test retries. No TLS: tests use `secure: false`
 * and the server does not offer STARTTLS.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Credentials of the session (AUTH), if any. */
  auth: { user: string; pass: string } | null;
  raw: string;
  /** Decoded header values (encoded words decoded), lower-case names. */
  headers: Record<string, string>;
  subject: string;
  /** Decoded text/plain and text/html parts ('' when absent). */
  text: string;
  html: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_m, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')));
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(src[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return out;
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { headers: parseHeaders(raw), body: '' };
  const sep = /\r?\n\r?\n/.exec(raw.slice(at))![0].length;
  return { headers: parseHeaders(raw.slice(0, at)), body: raw.slice(at + sep) };
}

/** Collects the decoded text/plain and text/html parts of a (possibly multipart) entity. */
function collectParts(raw: string, into: { text: string; html: string }): Record<string, string> {
  const { headers, body } = splitEntity(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      collectParts(part.replace(/^\r?\n/, ''), into);
    }
    return headers;
  }
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const decoded = enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : enc === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  if (/^text\/html/i.test(type)) into.html += decoded;
  else if (/^text\/plain/i.test(type)) into.text += decoded;
  return headers;
}

export async function startSmtpReceiver(opts: { failFirst?: number } = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let toFail = opts.failFirst ?? 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    const decoder = new StringDecoder('utf8');
    let mode: 'command' | 'data' | 'auth-plain' | 'auth-user' | 'auth-pass' = 'command';
    let from = '';
    let to: string[] = [];
    let auth: { user: string; pass: string } | null = null;
    let pendingUser = '';
    let data: string[] = [];
    const plain = (b64: string) => {
      const [, user = '', pass = ''] = Buffer.from(b64, 'base64').toString('utf8').split('\u0000');
      auth = { user, pass };
      reply('235 2.7.0 Authentication successful');
    };
    const onLine = (line: string) => {
      if (mode === 'data') {
        if (line === '.') {
          mode = 'command';
          if (toFail > 0) {
            toFail--;
            reply('451 4.3.0 Temporary failure, try again');
            return;
          }
          const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          const parts = { text: '', html: '' };
          const headers = collectParts(raw, parts);
          mails.push({ from, to, auth, raw, headers, subject: headers['subject'] ?? '', text: parts.text, html: parts.html });
          reply('250 2.0.0 Ok: queued');
        } else {
          data.push(line);
        }
        return;
      }
      if (mode === 'auth-plain') return ((mode = 'command'), plain(line));
      if (mode === 'auth-user') {
        pendingUser = Buffer.from(line, 'base64').toString('utf8');
        mode = 'auth-pass';
        return reply('334 UGFzc3dvcmQ6');
      }
      if (mode === 'auth-pass') {
        auth = { user: pendingUser, pass: Buffer.from(line, 'base64').toString('utf8') };
        mode = 'command';
        return reply('235 2.7.0 Authentication successful');
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          socket.write('250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n');
          return;
        case 'HELO':
          return reply('250 localhost');
        case 'AUTH': {
          const [mech = '', initial] = arg.split(' ');
          if (mech.toUpperCase() === 'PLAIN') return initial ? plain(initial) : ((mode = 'auth-plain'), reply('334 '));
          if (mech.toUpperCase() === 'LOGIN') {
            if (initial) {
              pendingUser = Buffer.from(initial, 'base64').toString('utf8');
              mode = 'auth-pass';
              return reply('334 UGFzc3dvcmQ6');
            }
            mode = 'auth-user';
            return reply('334 VXNlcm5hbWU6');
          }
          return reply('504 5.5.4 Unrecognized authentication type');
        }
        case 'MAIL':
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          return reply('250 2.1.0 Ok');
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          return reply('250 2.1.5 Ok');
        case 'DATA':
          mode = 'data';
          data = [];
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          from = '';
          to = [];
          return reply('250 2.0.0 Ok');
        case 'NOOP':
          return reply('250 2.0.0 Ok');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        default:
          return reply('502 5.5.2 Command not recognized');
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer += decoder.write(chunk);
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    });
    reply('220 localhost ESMTP test receiver');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    mails,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
