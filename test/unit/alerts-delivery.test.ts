/**
 * Delivering the nightly messages to real local receivers: an HTTP server playing 企业微信 / 钉钉
 * robots and a JSON endpoint, and an SMTP server. Failures are retried once, logged, never thrown.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAlerts } from '../../cli/alerts/send.js';
import { postWebhook, redactedUrl, webhookTypeOf } from '../../cli/alerts/webhook.js';
import { validateConfig } from '../../crawler/config.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';

interface Received { path: string; body: Record<string, unknown> }

let server: TestServer;
let smtp: SmtpReceiver;
const received: Received[] = [];
let flakyCalls = 0;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
  });
}

const robot = (reply: (n: number) => { status: number; body: unknown }) => {
  let n = 0;
  return async (req: IncomingMessage, res: ServerResponse) => {
    received.push({ path: req.url ?? '', body: await readJson(req) });
    const r = reply(n++);
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.body));
  };
};

beforeAll(async () => {
  server = await startServer({
    '/wecom': robot(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } })),
    '/ding': robot(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } })),
    '/json': robot(() => ({ status: 204, body: '' })),
    '/flaky': robot((n) => { flakyCalls++; return n === 0 ? { status: 502, body: { error: 'bad gateway' } } : { status: 200, body: { errcode: 0 } }; }),
    '/robot-error': robot(() => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } })),
    // Never answers: the sender must give up by its timeout.
    '/silent': () => new Promise<void>(() => undefined),
  });
  smtp = await startSmtpReceiver({ failFirst: 1 });
});

afterAll(async () => {
  await server.close();
  await smtp.close();
});

const doc: ExportDocument = ExportSchema.parse({
  schemaVersion: 1,
  run: { id: '3', startedAt: '2020-11-26T02:00:00Z', finishedAt: '2020-11-26T02:10:00Z', evalDate: '2020-11-26', ruleSetVersion: '1' },
  units: ['fgj', 'jty', 'sjj'].map((id) => ({
    id, name: `单位${id}`, type: 'department', url: `http://${id}.example.gov.cn/`,
    score: { total: 60, max: 70, vetoed: false, assessed: true, indicators: [] },
    findings: [{ ruleId: 'links.broken', outcome: 'violation', url: `http://${id}.example.gov.cn/x.html`, message: `${id} 的链接无法打开 <b>x</b>`, data: {} }],
  })),
});

describe('postWebhook', () => {
  it('tells the robot type from the host and keeps secrets out of the log', () => {
    expect(webhookTypeOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe('wecom');
    expect(webhookTypeOf('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe('dingtalk');
    expect(webhookTypeOf('https://example.gov.cn/hook')).toBe('json');
    expect(webhookTypeOf('https://example.gov.cn/hook', 'wecom')).toBe('wecom');
    expect(redactedUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…');
  });

  it('retries a 5xx once and succeeds', async () => {
    const why: string[] = [];
    const r = await postWebhook(`${server.url}/flaky`, 'wecom', { msgtype: 'markdown', markdown: { content: 'x' } }, { retryDelayMs: 10, onRetry: (w) => why.push(w) });
    expect(r).toEqual({ ok: true, attempts: 2 });
    expect(why).toEqual(['服务器返回 HTTP 502']);
  });

  it('reports a robot error (errcode ≠ 0), a refused connection and a timeout after one retry, without throwing', async () => {
    const robotErr = await postWebhook(`${server.url}/robot-error`, 'dingtalk', {}, { retryDelayMs: 10 });
    expect(robotErr).toEqual({ ok: false, attempts: 2, error: '机器人返回错误 errcode 93000：invalid webhook url' });
    const closed = await startServer({});
    const deadUrl = `${closed.url}/hook`;
    await closed.close();
    const refused = await postWebhook(deadUrl, 'json', {}, { retryDelayMs: 10 });
    expect(refused).toMatchObject({ ok: false, attempts: 2, error: 'ECONNREFUSED' });
    const silent = await postWebhook(`${server.url}/silent`, 'wecom', {}, { retryDelayMs: 10, timeoutMs: 300 });
    expect(silent).toEqual({ ok: false, attempts: 2, error: '0.3 秒内没有响应' });
  });
});

describe('sendAlerts', () => {
  it('sends each unit its message to the office robots (filtered by units), its own contact, and by e-mail', async () => {
    received.length = 0;
    const config = validateConfig({
      name: '演示区',
      units: [
        { id: 'fgj', name: '单位fgj', type: 'department', url: 'http://fgj.example.gov.cn/', contact: { email: 'fgj@example.gov.cn', webhook: { url: `${server.url}/json`, type: 'json' } } },
        { id: 'jty', name: '单位jty', type: 'department', url: 'http://jty.example.gov.cn/' },
        { id: 'sjj', name: '单位sjj', type: 'department', url: 'http://sjj.example.gov.cn/' },
      ],
      alerts: {
        webhooks: [
          { url: `${server.url}/wecom?key=secret`, type: 'wecom' },
          { url: `${server.url}/ding?access_token=t`, type: 'dingtalk', units: ['jty'] },
          { url: `${server.url}/robot-error`, type: 'wecom', units: ['sjj'] },
        ],
        email: { smtp: { host: smtp.host, port: smtp.port, secure: false, user: 'gongkai', passwordEnv: 'GK_TEST_SMTP_PASSWORD' }, from: 'gongkai@example.gov.cn', to: ['office@example.gov.cn'] },
      },
    });
    const log: string[] = [];
    const report = await sendAlerts(doc, config, (l) => log.push(l), { retryDelayMs: 10, env: { GK_TEST_SMTP_PASSWORD: 'pa55' } });

    const byPath = (p: string) => received.filter((r) => r.path.startsWith(p));
    expect(byPath('/wecom')).toHaveLength(3);
    const wecomTexts = byPath('/wecom').map((r) => (r.body as { msgtype: string; markdown: { content: string } }));
    expect(wecomTexts.every((b) => b.msgtype === 'markdown')).toBe(true);
    expect(wecomTexts.map((b) => b.markdown.content).join('\n')).toContain('单位jty');
    expect(wecomTexts[0]!.markdown.content).not.toContain('<b>');
    expect(byPath('/ding')).toHaveLength(1);
    const ding = byPath('/ding')[0]!.body as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding.msgtype).toBe('markdown');
    expect(ding.markdown.title).toContain('单位jty');
    expect(ding.markdown.text).toContain('首次运行，无对比');
    const own = byPath('/json');
    expect(own).toHaveLength(1);
    expect(own[0]!.body).toMatchObject({ unit: { id: 'fgj' }, runId: '3', counts: { violations: 1 } });

    // E-mail: one per unit (the first delivery met a temporary failure and was retried).
    expect(smtp.mails).toHaveLength(3);
    const fgjMail = smtp.mails.find((m) => m.subject.includes('单位fgj'))!;
    expect(fgjMail.to.sort()).toEqual(['fgj@example.gov.cn', 'office@example.gov.cn']);
    expect(fgjMail.auth).toEqual({ user: 'gongkai', pass: 'pa55' });
    expect(fgjMail.subject).toBe('【政务公开检查】单位fgj 2020-11-26：60/70 分');
    expect(fgjMail.text).toContain('fgj 的链接无法打开 <b>x</b>');
    expect(fgjMail.html).toContain('fgj 的链接无法打开 &lt;b&gt;x&lt;/b&gt;');
    expect(smtp.mails.find((m) => m.subject.includes('单位jty'))!.to).toEqual(['office@example.gov.cn']);

    // The robot that always answers errcode 93000 is the one failure; nothing threw.
    expect(report).toEqual({ sent: 3 + 1 + 1 + 3, failed: 1 });
    expect(log).toContain('提醒发送失败：单位sjj → wecom ' + `${server.url}/robot-error（机器人返回错误 errcode 93000：invalid webhook url）`);
    expect(log.some((l) => l.includes('secret'))).toBe(false);
    expect(log.at(-1)).toBe('提醒发送完毕：成功 8 条，失败 1 条。');
  });

  it('without the password variable the e-mails are not sent and the log says why; robots still get theirs', async () => {
    received.length = 0;
    const before = smtp.mails.length;
    const config = validateConfig({
      name: '演示区',
      units: [{ id: 'fgj', name: '单位fgj', type: 'department', url: 'http://fgj.example.gov.cn/' }],
      alerts: {
        webhooks: [{ url: `${server.url}/wecom?key=k` }],
        email: { smtp: { host: smtp.host, port: smtp.port, secure: false, user: 'gongkai', passwordEnv: 'GK_TEST_UNSET_PASSWORD' }, from: 'gongkai@example.gov.cn', to: ['office@example.gov.cn'] },
      },
    });
    const log: string[] = [];
    const report = await sendAlerts({ ...doc, units: doc.units.slice(0, 1) }, config, (l) => log.push(l), { retryDelayMs: 10, env: {} });
    expect(smtp.mails.length).toBe(before);
    expect(log.join('\n')).toContain('环境变量 GK_TEST_UNSET_PASSWORD 没有设置，无法登录邮件服务器，邮件未发送');
    expect(report).toEqual({ sent: 1, failed: 0 });
    // No type written: told from the host, a plain endpoint gets the JSON summary.
    expect(received[0]!.body).toMatchObject({ unit: { id: 'fgj' } });
  });
});
