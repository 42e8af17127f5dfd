/**
 * Posting one message to a webhook: 企业微信 / 钉钉 group robots (they answer HTTP 200 with
 * `{errcode, errmsg}`; errcode ≠ 0 is a failure) or any JSON endpoint (2xx is success).
 * A failure (refused, 5xx, 10 s without an answer, a robot error) is retried once after a pause and
 * then reported, never thrown: one unreachable robot must not stop the other messages or the schedule.
 */
import type { WebhookType } from '../../crawler/config.js';
import { alertLog } from './messages.zh-CN.js';

export interface DeliveryOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Pause before the one retry. */
  retryDelayMs?: number;
  /** Told about the first failure before the retry (for the log). */
  onRetry?: (why: string) => void;
}

export type Delivery = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAY_MS = 5_000;

/** The type written in the config, else told from the robot's host. */
export function webhookTypeOf(url: string, type?: WebhookType): WebhookType {
  if (type) return type;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    /* validated by the config already */
  }
  if (host === 'qyapi.weixin.qq.com') return 'wecom';
  if (host === 'oapi.dingtalk.com') return 'dingtalk';
  return 'json';
}

/**
 * Where a message went, for the log: scheme, host and path only. Robot URLs carry their secret in
 * the query (`?key=…`, `?access_token=…`), which must not end up in a log file.
 */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '（无效的网址）';
  }
}

async function attempt(url: string, type: WebhookType, body: unknown, timeoutMs: number): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return alertLog.timeout(Number((timeoutMs / 1000).toFixed(1)));
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  }
  let text = '';
  try {
    text = await res.text();
  } catch (err) {
    if (res.ok) return err instanceof Error ? err.message : String(err);
  }
  if (!res.ok) return alertLog.httpStatus(res.status);
  if (type === 'json') return null;
  let reply: { errcode?: unknown; errmsg?: unknown };
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    return alertLog.badReply;
  }
  if (reply.errcode !== 0 && reply.errcode !== undefined) return alertLog.robotError(reply.errcode, String(reply.errmsg ?? '').slice(0, 200));
  if (reply.errcode === undefined) return alertLog.robotError('（无）', String(reply.errmsg ?? '').slice(0, 200));
  return null;
}

export async function postWebhook(url: string, type: WebhookType, body: unknown, opts: DeliveryOptions = {}): Promise<Delivery> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const first = await attempt(url, type, body, timeoutMs);
  if (first === null) return { ok: true, attempts: 1 };
  opts.onRetry?.(first);
  await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS));
  const second = await attempt(url, type, body, timeoutMs);
  return second === null ? { ok: true, attempts: 2 } : { ok: false, attempts: 2, error: second };
}
