/**
 * The district config (gongkai.config.yaml or .json): zod schema, defaults and loading.
 * Every validation problem becomes one zh-CN line that names the field, e.g.
 * `units[2].url: 不是有效的网址（应以 http:// 或 https:// 开头）`.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { cronProblem } from './schedule/cron.js';

/** `government` (added compatibly): the district government itself, whose annual report is due 31 March. */
const UNIT_TYPES = ['department', 'town', 'street', 'other', 'government'] as const;

const httpUrl = () =>
  z.url({ protocol: /^https?$/, error: '不是有效的网址（应为以 http:// 或 https:// 开头、不含空格的完整网址，例如 http://www.example.gov.cn/）' });

export const DATE_FORMAT_HINT = '格式应为 YYYY-MM-DD，例如 2020-11-26';

/** True for a real calendar day written YYYY-MM-DD (no 2021-02-29). */
export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const isoDate = z
  .string({ error: `应为日期，${DATE_FORMAT_HINT}` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `应为日期，${DATE_FORMAT_HINT}` })
  .refine(isRealDate, { error: '日历上没有这一天（例如 2 月没有 30 日），请检查日期' });

/** 企业微信 / 钉钉 group robots post markdown; `json` posts the unit summary object to any endpoint. */
export const WEBHOOK_TYPES = ['wecom', 'dingtalk', 'json'] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

const webhookType = () => z.enum(WEBHOOK_TYPES, { error: '应为 wecom（企业微信群机器人）、dingtalk（钉钉群机器人）或 json（其他接收地址）之一' });

const emailAddress = () => z.email({ error: '不是有效的电子邮件地址，例如 office@example.gov.cn' });

/** One address or a list of them; always a list once parsed. */
const emailList = () =>
  z.union([emailAddress().transform((a) => [a]), z.array(emailAddress(), { error: '应为电子邮件地址列表' })], { error: '应为电子邮件地址或其列表' });

/**
 * A unit's own recipients for its nightly message. `webhook` is a URL (type told from the host:
 * qyapi.weixin.qq.com → wecom, oapi.dingtalk.com → dingtalk, otherwise json) or `{ url, type }`.
 */
const ContactSchema = z.strictObject({
  email: emailList().optional(),
  webhook: z.union([httpUrl(), z.strictObject({ url: httpUrl(), type: webhookType().optional() })], { error: '应为网址，或 { url: 网址, type: wecom|dingtalk|json }' }).optional(),
});

const UnitSchema = z.strictObject({
  id: z
    .string({ error: '缺少单位标识 id' })
    .regex(/^[a-z0-9-]+$/, { error: '只能包含小写字母、数字和连字符（例如 fgj）' }),
  name: z.string({ error: '缺少单位名称' }).trim().min(1, { error: '单位名称不能为空' }),
  type: z.enum(UNIT_TYPES, { error: '应为 department（部门）、town（镇）、street（街道）、other（其他）或 government（区县政府本级）之一' }),
  url: httpUrl(),
  /** Extra URL prefixes that also belong to the unit (e.g. its columns on the district portal). */
  scope: z.array(httpUrl()).default([]),
  contact: ContactSchema.optional(),
});

export const CrawlSchema = z.strictObject({
  maxPagesPerUnit: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).default(5000),
  concurrency: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).max(256, { error: '不能超过 256' }).default(16),
  perHostConcurrency: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).max(64, { error: '不能超过 64' }).default(4),
  perHostDelayMs: z.number({ error: '应为毫秒数（非负整数）' }).int({ error: '应为毫秒数（非负整数）' }).min(0, { error: '应为毫秒数（非负整数）' }).default(250),
  timeoutMs: z.number({ error: '应为毫秒数（正整数）' }).int({ error: '应为毫秒数（正整数）' }).min(100, { error: '不能小于 100 毫秒' }).default(15000),
  respectRobots: z.boolean({ error: '应为 true 或 false' }).default(true),
  render: z.enum(['auto', 'never', 'always'], { error: '应为 auto、never 或 always 之一' }).default('auto'),
  /** Pages per unit checked with axe in Chromium (home, disclosure column, then columns); 0 turns it off. */
  a11yPagesPerUnit: z.number({ error: '应为非负整数' }).int({ error: '应为非负整数' }).min(0, { error: '应为非负整数' }).max(500, { error: '不能超过 500' }).default(10),
});

/** `gongkai schedule`: nightly crawls. The flags --cron/--keep/--log override these. */
export const ScheduleSchema = z.strictObject({
  cron: z.string({ error: '应为 cron 表达式文本，例如 "0 2 * * *"（请加引号）' }).superRefine((expr, ctx) => {
    const problem = cronProblem(expr);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
  /** Finished runs kept in the database; older ones are pruned after each night (marks are never pruned). */
  keepRuns: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '至少保留 1 次运行' }).default(30),
  /** Relative paths are relative to the config file. */
  logFile: z.string({ error: '应为文件路径' }).trim().min(1, { error: '文件路径不能为空' }).default('gongkai-schedule.log'),
});

/**
 * SMTP server of the office mail. The password is never written in the config: `passwordEnv` names
 * the environment variable that holds it (e.g. GONGKAI_SMTP_PASSWORD, set in the systemd unit).
 */
const SmtpSchema = z.strictObject({
  host: z.string({ error: '应为邮件服务器地址，例如 smtp.example.gov.cn' }).trim().min(1, { error: '邮件服务器地址不能为空' }),
  port: z.number({ error: '应为端口号（1–65535）' }).int({ error: '应为端口号（1–65535）' }).min(1, { error: '应为端口号（1–65535）' }).max(65535, { error: '应为端口号（1–65535）' }).default(465),
  /** true: TLS from the start (port 465); false: plain, upgraded with STARTTLS when the server offers it (port 25/587). */
  secure: z.boolean({ error: '应为 true 或 false' }).optional(),
  user: z.string({ error: '应为登录用户名' }).optional(),
  passwordEnv: z.string({ error: '应为环境变量名' }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: '应为环境变量名（字母、数字和下划线），例如 GONGKAI_SMTP_PASSWORD' }).optional(),
  /** Present only to say where the password belongs instead. */
  password: z.unknown().optional(),
}).superRefine((smtp, ctx) => {
  if (smtp.password !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: '不要把密码写在配置文件中：请把密码放在环境变量里，并用 passwordEnv 写出变量名，例如 passwordEnv: GONGKAI_SMTP_PASSWORD' });
  }
  if (smtp.user !== undefined && smtp.passwordEnv === undefined) {
    ctx.addIssue({ code: 'custom', path: ['passwordEnv'], message: '设置了 user 时还需要 passwordEnv（存放密码的环境变量名），例如 GONGKAI_SMTP_PASSWORD' });
  }
});

const EmailSchema = z.strictObject({
  smtp: SmtpSchema,
  from: emailAddress(),
  /** The office's addresses: they receive every unit's message. */
  to: emailList().default([]),
});

const WebhookSchema = z.strictObject({
  url: httpUrl(),
  /** Told from the host when absent (qyapi.weixin.qq.com → wecom, oapi.dingtalk.com → dingtalk, else json). */
  type: webhookType().optional(),
  /** Only these units' messages (default: every unit). */
  units: z.array(z.string({ error: '应为单位标识' }), { error: '应为单位标识列表，例如 [fgj, jty]' }).optional(),
});

export const AlertsSchema = z.strictObject({
  webhooks: z.array(WebhookSchema, { error: '应为接收地址列表' }).default([]),
  email: EmailSchema.optional(),
  /** How many new violations each message lists (the rest are counted). */
  maxItems: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).max(50, { error: '不能超过 50' }).default(5),
});

export const ConfigSchema = z
  .strictObject({
    name: z.string({ error: '缺少地区名称 name' }).trim().min(1, { error: '地区名称不能为空' }),
    evalDate: isoDate.optional(),
    /** The next provincial check: the horizon of the staleness forecast (default: evaluation date + 30 days). */
    nextEvaluation: isoDate.optional(),
    units: z.array(UnitSchema, { error: '应为单位列表' }).min(1, { error: '至少需要一个单位' }),
    crawl: CrawlSchema.default(() => CrawlSchema.parse({})),
    schedule: ScheduleSchema.optional(),
    alerts: AlertsSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    for (const message of duplicateIds(cfg)) ctx.addIssue({ code: 'custom', path: [], message });
    const ids = new Set(cfg.units.map((u) => u.id));
    cfg.alerts?.webhooks.forEach((hook, i) => {
      hook.units?.forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['alerts', 'webhooks', i, 'units', j], message: `没有标识为 “${id}” 的单位（units 中的单位标识：${[...ids].join('、')}）` });
      });
    });
  });

/** `units[2].id: 与 units[0] 的标识 “fgj” 重复…` for every repeated unit id (works on raw input too). */
function duplicateIds(raw: unknown): string[] {
  const units = (raw as { units?: unknown } | null)?.units;
  if (!Array.isArray(units)) return [];
  const seen = new Map<string, number>();
  const out: string[] = [];
  units.forEach((u: unknown, i) => {
    const id = (u as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) out.push(`units[${i}].id: 与 units[${first}] 的标识 “${id}” 重复，单位标识必须唯一`);
    else seen.set(id, i);
  });
  return out;
}

export type Config = z.infer<typeof ConfigSchema>;
export type UnitConfig = Config['units'][number];
export type CrawlOptions = Config['crawl'];
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;
export type AlertsConfig = z.infer<typeof AlertsSchema>;

/** A bad config: `problems` are ready-to-print zh-CN lines naming the field. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`配置文件 ${file} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What a missing field should hold, by key: shown after 缺少此项. */
const FIELD_HINTS: Record<string, string> = {
  units: '单位列表，见 README 的配置说明',
  id: '单位标识，小写字母、数字和连字符，例如 fgj',
  type: 'department（部门）、town（镇）、street（街道）、other（其他）或 government（区县政府本级）',
  url: '网站首页网址，例如 http://www.example.gov.cn/',
};

/** Known keys by the object they belong to, keyed by the last named step of the path ('' = top level). */
const KNOWN_KEYS: Record<string, string[]> = {
  '': ['name', 'evalDate', 'nextEvaluation', 'units', 'crawl', 'schedule', 'alerts'],
  units: ['id', 'name', 'type', 'url', 'scope', 'contact'],
  crawl: ['maxPagesPerUnit', 'concurrency', 'perHostConcurrency', 'perHostDelayMs', 'timeoutMs', 'respectRobots', 'render', 'a11yPagesPerUnit'],
  schedule: ['cron', 'keepRuns', 'logFile'],
  alerts: ['webhooks', 'email', 'maxItems'],
  webhooks: ['url', 'type', 'units'],
  email: ['smtp', 'from', 'to'],
  smtp: ['host', 'port', 'secure', 'user', 'passwordEnv'],
  contact: ['email', 'webhook'],
  webhook: ['url', 'type'],
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key a typo most likely meant, if any is close. */
function suggestKey(key: string, path: readonly PropertyKey[]): string | null {
  const owner = [...path].reverse().find((seg) => typeof seg === 'string') ?? '';
  const known = KNOWN_KEYS[String(owner)] ?? [];
  let best: string | null = null;
  let bestDist = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of known ?? []) {
    const d = editDistance(key, k);
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

/** `units[2].url` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '配置文件顶层';
}

const typeNames: Record<string, string> = {
  string: '文本', number: '数字', boolean: 'true 或 false', array: '列表', object: '键值对象',
  undefined: '空', null: '空',
};

/** Turns zod issues into zh-CN lines. Custom messages set in the schema are kept as they are. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw?: unknown): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'custom' && issue.path.length === 0 && /^units\[/.test(issue.message)) return [issue.message];
    const where = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => {
        const guess = suggestKey(k, issue.path);
        return `${where}: 未知的配置项 “${k}”${guess ? `（是否想写 “${guess}”？）` : '（请检查拼写，见 README 的配置说明）'}`;
      });
    }
    const last = issue.path[issue.path.length - 1];
    if (issue.code !== 'custom' && issue.path.length > 0 && valueAt(raw, issue.path) === undefined) {
      const hint = last === 'name' ? (issue.path.length === 1 ? '区县名称，例如 青岛西海岸新区' : '单位名称，例如 区发展和改革局')
        : typeof last === 'string' ? FIELD_HINTS[last] : undefined;
      return `${where}: 缺少此项${hint ? `（${hint}）` : ''}`;
    }
    let msg = issue.message;
    if (issue.code === 'invalid_type' && /^Invalid input/.test(msg)) {
      msg = `应为${typeNames[issue.expected] ?? issue.expected}`;
    }
    return `${where}: ${msg}`;
  });
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Validates an already-parsed config object. Throws ConfigError. */
export function validateConfig(raw: unknown, file = '配置'): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = formatIssues(result.error.issues, raw);
    // zod skips the duplicate-id refinement while other fields are wrong: report it in the same round.
    for (const dup of duplicateIds(raw)) if (!problems.includes(dup)) problems.push(dup);
    throw new ConfigError(file, problems);
  }
  return result.data;
}

/** A parse error as one zh-CN line with its position (the parsers' own texts are English). */
function syntaxProblem(err: unknown, kind: 'JSON' | 'YAML', text: string): string {
  let pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  const offset = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!pos && offset) {
    const before = text.slice(0, Number(offset[1])).split('\n');
    pos = { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
  }
  const where = pos ? `第 ${pos.line} 行第 ${pos.col} 列附近` : '';
  const causes = kind === 'YAML' ? '常见原因：缩进不一致、冒号后缺少空格、括号或引号没有闭合' : '常见原因：缺少逗号或引号、多了结尾的逗号';
  return `文件内容不是有效的 ${kind}：${where}格式有误（${causes}）`;
}

/** Reads and validates a YAML or JSON config file. Throws ConfigError on any problem. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [code === 'ENOENT' ? `找不到配置文件 ${file}` : `无法读取配置文件 ${file}（${code ?? String(err)}）`]);
  }
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(file, [syntaxProblem(err, extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML', text)]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['配置文件应为键值对象，至少包含 name 和 units']);
  }
  return validateConfig(raw, file);
}
