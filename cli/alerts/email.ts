/**
 * E-mail through the office's SMTP server (nodemailer). The password is read from the environment
 * variable the config names (`alerts.email.smtp.passwordEnv`), never from the config file.
 * Like webhooks, a failed message is retried once and then reported, never thrown.
 */
import nodemailer from 'nodemailer';
import type { AlertsConfig } from '../../crawler/config.js';
import { alertLog } from './messages.zh-CN.js';
import type { Delivery, DeliveryOptions } from './webhook.js';

export type EmailConfig = NonNullable<AlertsConfig['email']>;

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail, opts?: DeliveryOptions): Promise<Delivery>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A mailer for one night's messages, or the reason none can be made (password variable unset). */
export function createMailer(cfg: EmailConfig, env: NodeJS.ProcessEnv = process.env, timeoutMs = DEFAULT_TIMEOUT_MS): Mailer | { error: string } {
  const smtp = cfg.smtp;
  let auth: { user: string; pass: string } | undefined;
  if (smtp.user !== undefined) {
    const pass = smtp.passwordEnv ? env[smtp.passwordEnv] : undefined;
    if (pass === undefined || pass === '') return { error: alertLog.noPassword(smtp.passwordEnv ?? 'passwordEnv') };
    auth = { user: smtp.user, pass };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? smtp.port === 465,
    ...(auth ? { auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const once = async (mail: OutgoingMail): Promise<string | null> => {
    try {
      await transport.sendMail({ from: cfg.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  return {
    async send(mail, opts = {}) {
      const first = await once(mail);
      if (first === null) return { ok: true, attempts: 1 };
      opts.onRetry?.(first);
      await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 5_000));
      const second = await once(mail);
      return second === null ? { ok: true, attempts: 2 } : { ok: false, attempts: 2, error: second };
    },
    close() {
      transport.close();
    },
  };
}
