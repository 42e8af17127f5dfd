/**
 * After each night: one message per unit to every recipient configured for it — the office's
 * webhooks (all units, or those listed in `units`), the unit's own `contact`, and e-mail. Nothing
 * here throws for a failed delivery: each is logged (retried once first) and counted.
 */
import PQueue from 'p-queue';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import type { Config, WebhookType } from '../../crawler/config.js';
import type { Db } from '../../store/db.js';
import type { RunRow } from '../../store/runs.js';
import { createMailer, type Mailer } from './email.js';
import { alertLog, alertText } from './messages.zh-CN.js';
import { alertTitle, DINGTALK_MARKDOWN_LIMIT, markdownText, renderHtml, renderMarkdown, renderPlainText, WECOM_MARKDOWN_LIMIT } from './render.js';
import { unitAlert, type UnitAlert } from './summary.js';
import { postWebhook, redactedUrl, webhookTypeOf, type DeliveryOptions } from './webhook.js';

export type AlertLogFn = (line: string) => void;

export interface AlertOptions extends Pick<DeliveryOptions, 'timeoutMs' | 'retryDelayMs'> {
  env?: NodeJS.ProcessEnv;
}

export interface AlertReport {
  sent: number;
  failed: number;
}

/** The body a robot or endpoint of this type expects. */
export function webhookBody(type: WebhookType, alert: UnitAlert): unknown {
  if (type === 'wecom') return { msgtype: 'markdown', markdown: { content: renderMarkdown(alert, WECOM_MARKDOWN_LIMIT, 'wecom') } };
  if (type === 'dingtalk') {
    return { msgtype: 'markdown', markdown: { title: markdownText(alertTitle(alert), 60), text: renderMarkdown(alert, DINGTALK_MARKDOWN_LIMIT, 'dingtalk') } };
  }
  return alert;
}

interface WebhookTarget { url: string; type: WebhookType }

function webhooksFor(config: Config, unitId: string): WebhookTarget[] {
  const out: WebhookTarget[] = [];
  for (const hook of config.alerts?.webhooks ?? []) {
    if (!hook.units || hook.units.includes(unitId)) out.push({ url: hook.url, type: webhookTypeOf(hook.url, hook.type) });
  }
  const own = config.units.find((u) => u.id === unitId)?.contact?.webhook;
  if (typeof own === 'string') out.push({ url: own, type: webhookTypeOf(own) });
  else if (own) out.push({ url: own.url, type: webhookTypeOf(own.url, own.type) });
  // The same robot listed twice (office-wide and as the unit's own) gets the message once.
  return out.filter((t, i) => out.findIndex((o) => o.url === t.url) === i);
}

function emailsFor(config: Config, unitId: string): string[] {
  const own = config.units.find((u) => u.id === unitId)?.contact?.email ?? [];
  return [...new Set([...(config.alerts?.email?.to ?? []), ...own])];
}

/** Sends the nightly messages of an export document (built before old runs were pruned). */
export async function sendAlerts(doc: ExportDocument, config: Config, log: AlertLogFn, opts: AlertOptions = {}): Promise<AlertReport> {
  const report: AlertReport = { sent: 0, failed: 0 };
  const plans = doc.units.map((unit) => ({ unit, hooks: webhooksFor(config, unit.id), emails: emailsFor(config, unit.id) }))
    .filter((p) => p.hooks.length > 0 || p.emails.length > 0);
  if (plans.length === 0) {
    log(alertLog.noRecipients);
    return report;
  }
  let mailer: Mailer | null = null;
  if (plans.some((p) => p.emails.length > 0)) {
    if (!config.alerts?.email) {
      log(alertLog.failed('电子邮件', '部分单位', '配置了 contact.email，但没有配置 alerts.email（邮件服务器）'));
    } else {
      const made = createMailer(config.alerts.email, opts.env ?? process.env, opts.timeoutMs);
      if ('error' in made) log(alertLog.failed('电子邮件', '全部单位', made.error));
      else mailer = made;
    }
  }
  const delivery = (channel: string): DeliveryOptions => ({
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    onRetry: (why) => log(alertLog.retrying(channel, why)),
  });
  const count = (unitName: string, channel: string, result: { ok: boolean; error?: string }) => {
    if (result.ok) {
      report.sent++;
      log(alertLog.sent(channel, unitName));
    } else {
      report.failed++;
      log(alertLog.failed(channel, unitName, result.error ?? ''));
    }
  };
  // A few at a time: a dead robot costs up to 2 × 10 s, which must not add up over many units.
  const queue = new PQueue({ concurrency: 4 });
  try {
    for (const plan of plans) {
      const alert = unitAlert(doc, plan.unit, { nextEvaluation: config.nextEvaluation, maxItems: config.alerts?.maxItems ?? 5, district: config.name });
      for (const hook of plan.hooks) {
        const channel = `${hook.type} ${redactedUrl(hook.url)}`;
        void queue.add(async () => count(plan.unit.name, channel, await postWebhook(hook.url, hook.type, webhookBody(hook.type, alert), delivery(channel))));
      }
      const m = mailer;
      if (m && plan.emails.length > 0) {
        const channel = `电子邮件 ${plan.emails.join('、')}`;
        const mail = {
          to: plan.emails,
          subject: alertText.emailSubject(alert.unit.name, alert.evalDate, alert.score.assessed && alert.score.total !== null ? { ...alert.score, total: alert.score.total } : null, alert.counts.new),
          text: renderPlainText(alert),
          html: renderHtml(alert),
        };
        void queue.add(async () => count(plan.unit.name, channel, await m.send(mail, delivery(channel))));
      }
    }
    await queue.onIdle();
  } finally {
    mailer?.close();
  }
  log(alertLog.summary(report.sent, report.failed));
  return report;
}

/** Builds the run's export document and sends its messages (for use outside the scheduler). */
export async function sendNightlyAlerts(db: Db, run: RunRow, config: Config, log: AlertLogFn, opts: AlertOptions = {}): Promise<AlertReport> {
  return sendAlerts(buildExport(db, run), config, log, opts);
}
