/**
 * The district config (gongkai.config.yaml or .json): zod schema, defaults and loading.
 * Every validation problem becomes one zh-CN line that names the field, e.g.
 * `units[2].url: 不是有效的网址（应以 http:// 或 https:// 开头）`.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { cronProblem } from './cron.js';
import { nearestWord } from './nearest-word.js';
import { issuePath, valueAt } from '../rules/issue-path.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../rules/office-time.js';

/** `government` (added compatibly): the district government itself, whose annual report is due 31 March. */
const UNIT_TYPES = ['department', 'town', 'street', 'other', 'government'] as const;

const URL_FORM_HINT = '应为以 http:// 或 https:// 开头、不含空格的完整网址，例如 http://www.example.gov.cn/';

/** No page address a unit publishes is this long; longer ones are typing or pasting accidents. */
export const MAX_URL_LENGTH = 2048;

/** One DNS label (after the WHATWG parser's punycode step): letters, digits, inner hyphens. */
const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * Why `text` is not a usable page address, as a zh-CN phrase, or null when it is one. Shared by the
 * config schema and `check`, so both accept exactly the same addresses. The WHATWG parser accepts
 * more than a crawler can fetch (`http://-/`, `http://a..b/`, port 0, credentials): those are
 * refused here, at the start, instead of failing page by page in the night.
 */
export function httpUrlProblem(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return `网址过长（超过 ${MAX_URL_LENGTH} 个字符），请检查是否粘贴了多余的内容`;
  if (/[\s\u0000-\u001f\u007f]/.test(text.trim())) return `不是有效的网址（${URL_FORM_HINT}）`;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `不是有效的网址（${URL_FORM_HINT}）`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `不是有效的网址（${URL_FORM_HINT}）`;
  if (url.username !== '' || url.password !== '') return '网址中不能包含用户名或密码（@ 之前的部分），请去掉后再填写';
  if (url.port === '0') return '网址中的端口不能为 0';
  const host = url.hostname;
  const isIpv6 = host.startsWith('[');
  const isIpv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (!isIpv6 && !isIpv4 && !host.replace(/\.$/, '').split('.').every((label) => HOST_LABEL.test(label))) {
    return `网址中的主机名 “${host.slice(0, 100)}” 无效（${URL_FORM_HINT}）`;
  }
  return null;
}

const httpUrl = () =>
  z.string({ error: `应为网址（${URL_FORM_HINT}）` }).superRefine((text, ctx) => {
    const problem = httpUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).transform((text) => text.trim());

export const DATE_FORMAT_HINT = '格式应为 YYYY-MM-DD，例如 2020-11-26';

/** True for a real calendar day written YYYY-MM-DD (no 2021-02-29). */
export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Evaluation dates outside this range are typing slips (2202 for 2022): staleness would be counted
 * against them and every column reported as centuries out of date.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

/** True for a date (already YYYY-MM-DD) whose year lies in MIN_YEAR..MAX_YEAR. */
export function isPlausibleYear(s: string): boolean {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

export const isoDate = z
  .string({ error: `应为日期，${DATE_FORMAT_HINT}` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `应为日期，${DATE_FORMAT_HINT}` })
  .refine(isRealDate, { error: '日历上没有这一天（例如 2 月没有 30 日），请检查日期', abort: true })
  .refine(isPlausibleYear, { error: `年份应在 ${MIN_YEAR} 到 ${MAX_YEAR} 之间，请检查日期` });

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

/** The no-progress watchdog's default: a crawl that fetches nothing for 10 minutes is stuck. */
export const DEFAULT_WATCHDOG_MS = 600_000;

/**
 * Upper bounds on durations: Node's timers hold at most 2^31−1 ms (about 24.8 days) and fire at
 * once above it, so an unbounded delay would silently turn into no delay at all.
 */
const MAX_DELAY_MS = 600_000;
const MAX_WATCHDOG_MS = 86_400_000;

const positiveInt = () => z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' });
const millis = (what: string) => z.number({ error: `应为毫秒数（${what}）` }).int({ error: `应为毫秒数（${what}）` });

export const CrawlSchema = z.strictObject({
  maxPagesPerUnit: positiveInt().max(1_000_000, { error: '不能超过 1000000' }).default(5000),
  concurrency: positiveInt().max(256, { error: '不能超过 256' }).default(16),
  perHostConcurrency: positiveInt().max(64, { error: '不能超过 64' }).default(4),
  perHostDelayMs: millis('非负整数').min(0, { error: '应为毫秒数（非负整数）' }).max(MAX_DELAY_MS, { error: `不能超过 ${MAX_DELAY_MS} 毫秒（10 分钟）` }).default(250),
  timeoutMs: millis('正整数').min(100, { error: '不能小于 100 毫秒' }).max(MAX_DELAY_MS, { error: `不能超过 ${MAX_DELAY_MS} 毫秒（10 分钟）` }).default(15000),
  respectRobots: z.boolean({ error: '应为 true 或 false' }).default(true),
  render: z.enum(['auto', 'never', 'always'], { error: '应为 auto、never 或 always 之一' }).default('auto'),
  /** Pages per unit checked with axe in Chromium (home, disclosure column, then columns); 0 turns it off. */
  a11yPagesPerUnit: z.number({ error: '应为非负整数' }).int({ error: '应为非负整数' }).min(0, { error: '应为非负整数' }).max(500, { error: '不能超过 500' }).default(10),
  /**
   * No-progress watchdog: a run that makes no progress for this long is ended with a clear message.
   * Optional with no schema default, so configs without it keep their config hash (resume checks it);
   * readers use `watchdogMsOf`.
   */
  watchdogMs: millis('正整数').min(10_000, { error: '不能小于 10000 毫秒（10 秒）' }).max(MAX_WATCHDOG_MS, { error: `不能超过 ${MAX_WATCHDOG_MS} 毫秒（24 小时）` }).optional(),
  /**
   * Incremental crawls (on unless false): pages and attachments the server says are unchanged since
   * the previous night (304 Not Modified) are carried over instead of downloaded again. Optional
   * with no schema default, like watchdogMs, so configs without it keep their config hash; readers
   * use `incrementalOf`.
   */
  incremental: z.boolean({ error: '应为 true 或 false' }).optional(),
  /**
   * The nightly plan (incremental crawls only): every known page, attachment and link target is
   * verified again at least once every this many nights; in between it is carried, with the date it
   * was last verified. Optional with no schema default (config hash); readers use `revisitDaysOf`.
   */
  revisitDays: positiveInt().max(365, { error: '不能超过 365' }).optional(),
  /**
   * How long a night may fetch, in minutes, across all hosts; then the run ends cleanly on what it
   * has (tonight's pages plus the carried ones). Default: none for a first crawl, NIGHT_BUDGET_MINUTES
   * for a night that builds on an earlier run. Readers use `budgetMinutesOf`.
   */
  budgetMinutes: z.number({ error: '应为分钟数（正数，例如 360）' }).positive({ error: '应为分钟数（正数，例如 360）' }).max(10_080, { error: '不能超过 10080（7 天）' }).optional(),
  /**
   * Page threads: worker threads that parse pages and run the page rules beside the crawl's own
   * thread; 0 does everything in the crawl's thread. Default: the cores beside it, at most 4
   * (`pageThreadsOf`). Optional with no schema default (config hash).
   */
  pageThreads: z.number({ error: '应为非负整数' }).int({ error: '应为非负整数' }).min(0, { error: '应为非负整数' }).max(16, { error: '不能超过 16' }).optional(),
});

/** The office's time zone of a config (or of a stored run's config). */
export function timeZoneOf(config: { timeZone?: string | undefined } | undefined): string {
  return config?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Default of crawl.revisitDays. */
export const DEFAULT_REVISIT_DAYS = 7;
/** Default night budget (minutes) for a night that builds on an earlier run: 22:00 to 04:00. */
export const NIGHT_BUDGET_MINUTES = 360;

export function revisitDaysOf(crawl: { revisitDays?: number | undefined } | undefined): number {
  return crawl?.revisitDays ?? DEFAULT_REVISIT_DAYS;
}

/** The night's budget in minutes, or null for none. `planned`: the night builds on an earlier run. */
export function budgetMinutesOf(crawl: { budgetMinutes?: number | undefined } | undefined, planned: boolean): number | null {
  return crawl?.budgetMinutes ?? (planned ? NIGHT_BUDGET_MINUTES : null);
}

/** Whether a crawl with these options may carry unchanged pages over from the previous run. */
export function incrementalOf(crawl: { incremental?: boolean | undefined } | undefined): boolean {
  return crawl?.incremental !== false;
}

/** Page threads of a crawl's options (crawl.pageThreads, else the cores beside the crawl's thread, at most 4). */
export function pageThreadsOf(crawl: { pageThreads?: number | undefined } | undefined): number {
  return crawl?.pageThreads ?? Math.max(0, Math.min(4, availableParallelism() - 1));
}

/** The watchdog limit of a crawl's options, also for runs stored before the option existed. */
export function watchdogMsOf(crawl: { watchdogMs?: number | undefined } | undefined): number {
  return crawl?.watchdogMs ?? DEFAULT_WATCHDOG_MS;
}

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
    /**
     * The office's time zone (IANA name, default Asia/Shanghai): it decides what "today" is (the
     * default evaluation date) and how every time is shown, whatever the machine's own clock zone.
     */
    timeZone: z.string({ error: '应为时区名称，例如 Asia/Shanghai' }).refine(isTimeZone, { error: '不是有效的时区名称（IANA 时区，例如 Asia/Shanghai、Asia/Urumqi）' }).optional(),
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

/**
 * The config a stored run was started with. The store keeps it as JSON without knowing its shape;
 * it was validated by this schema before the run was created, so it is read back as a Config.
 */
export function runConfig(run: { readonly config: unknown }): Config {
  return run.config as Config;
}
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
  '': ['name', 'evalDate', 'timeZone', 'nextEvaluation', 'units', 'crawl', 'schedule', 'alerts'],
  units: ['id', 'name', 'type', 'url', 'scope', 'contact'],
  crawl: ['maxPagesPerUnit', 'concurrency', 'perHostConcurrency', 'perHostDelayMs', 'timeoutMs', 'respectRobots', 'render', 'a11yPagesPerUnit', 'watchdogMs', 'incremental', 'revisitDays', 'budgetMinutes', 'pageThreads'],
  schedule: ['cron', 'keepRuns', 'logFile'],
  alerts: ['webhooks', 'email', 'maxItems'],
  webhooks: ['url', 'type', 'units'],
  email: ['smtp', 'from', 'to'],
  smtp: ['host', 'port', 'secure', 'user', 'passwordEnv'],
  contact: ['email', 'webhook'],
  webhook: ['url', 'type'],
};

/** The known key a typo most likely meant, if any is close. */
function suggestKey(key: string, path: readonly PropertyKey[]): string | null {
  const owner = [...path].reverse().find((seg) => typeof seg === 'string') ?? '';
  return nearestWord(key, KNOWN_KEYS[String(owner)] ?? []);
}


const typeNames: Record<string, string> = {
  string: '文本', number: '数字', boolean: 'true 或 false', array: '列表', object: '键值对象',
  undefined: '空', null: '空',
};

/** Turns zod issues into zh-CN lines. Custom messages set in the schema are kept as they are. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw?: unknown): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'custom' && issue.path.length === 0 && /^units\[/.test(issue.message)) return [issue.message];
    const where = issuePath(issue.path, '配置文件顶层');
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

/** Larger files are refused unread: a district config is a few kilobytes (a thousand units ≈ 300 KB). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Aliases a YAML config may use (anchors for shared scope lists); a "billion laughs" bomb needs far more. */
export const MAX_YAML_ALIASES = 100;

/** What a YAML error code means, for the few codes a hand-edited config produces. */
const YAML_CODE_HINTS: Record<string, string> = {
  DUPLICATE_KEY: '同一个配置项写了两次，请删去其中一个',
  TAB_AS_INDENT: '缩进用了制表符（Tab），YAML 只能用空格缩进',
  BAD_INDENT: '缩进不一致',
  MISSING_CHAR: '括号或引号没有闭合',
  BLOCK_AS_IMPLICIT_KEY: '一行中有两个冒号，值中含冒号时请加引号',
};

/** Where a line's content starts: its spaces, plus `- ` of a list item (`  - id: a` → 4). */
function contentIndent(line: string): number {
  const m = /^( *)(- +)?/.exec(line)!;
  return m[1]!.length + (m[2]?.length ?? 0);
}

/**
 * The line a YAML error really is about when it is a line indented unlike its siblings (three spaces
 * where the others have four): the parser then reports a missing `-` or a "nested mapping" on a
 * nearby line, which would send the office looking for brackets or colons. null when the error is
 * something else.
 */
function misindentedLine(text: string, code: string, message: string, line: number | undefined): number | null {
  if (line === undefined) return null;
  const lines = text.split(/\r?\n/);
  const at = line - 1;
  const nonEmpty = (i: number) => (lines[i] ?? '').trim() !== '' && !(lines[i] ?? '').trim().startsWith('#');
  const opensBlock = (s: string) => /:\s*(#.*)?$/.test(s.trimEnd());
  if (code === 'MISSING_CHAR' && /Sequence item without - indicator/i.test(message)) return line;
  if (code !== 'BLOCK_AS_IMPLICIT_KEY' && code !== 'MULTILINE_IMPLICIT_KEY' && code !== 'BAD_INDENT') return null;
  const cur = lines[at] ?? '';
  let next = at + 1;
  while (next < lines.length && !nonEmpty(next)) next++;
  // A value line followed by a line indented deeper: the deeper line is the stray one.
  if (next < lines.length && contentIndent(lines[next]!) > contentIndent(cur) && !opensBlock(cur)) return next + 1;
  let prev = at - 1;
  while (prev >= 0 && !nonEmpty(prev)) prev--;
  // A line not aligned with the line before it (which opens no block): this line is the stray one.
  if (prev >= 0 && !opensBlock(lines[prev]!) && contentIndent(lines[prev]!) !== contentIndent(cur)) return line;
  return null;
}

function positionText(pos: { line: number; col: number } | undefined): string {
  return pos ? `第 ${pos.line} 行第 ${pos.col} 列附近` : '';
}

/** A JSON parse error as one zh-CN line with its position (the parser's own texts are English). */
function jsonSyntaxProblem(err: unknown, text: string): string {
  const msg = err instanceof Error ? err.message : '';
  if (err instanceof RangeError) return '文件内容不是有效的 JSON：嵌套层数过多';
  let pos: { line: number; col: number } | undefined;
  const offset = /position (\d+)/.exec(msg);
  if (offset) {
    const before = text.slice(0, Number(offset[1])).split('\n');
    pos = { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
  }
  return `文件内容不是有效的 JSON：${positionText(pos)}格式有误（常见原因：缺少逗号或引号、多了结尾的逗号）`;
}

/**
 * Parses YAML with every error turned into one zh-CN line. Warnings (unknown tags) are left to the
 * schema: the yaml package would otherwise print them in English on stderr.
 */
function parseYamlConfig(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { logLevel: 'silent', uniqueKeys: true });
  } catch (err) {
    // The parser recurses on nesting: thousands of levels can exhaust the stack.
    if (err instanceof RangeError) return { ok: false, problem: '文件内容不是有效的 YAML：嵌套层数过多' };
    throw err;
  }
  if (!Array.isArray(docs) || docs.length === 0) return { ok: true, value: null };
  if (docs.length > 1) return { ok: false, problem: '文件中有多个 YAML 文档（用 --- 分隔），配置文件只能有一个' };
  const doc = docs[0]!;
  const error = doc.errors[0];
  if (error) {
    const misindented = misindentedLine(text, error.code, error.message, error.linePos?.[0]?.line);
    if (misindented !== null) {
      return { ok: false, problem: `文件内容不是有效的 YAML：第 ${misindented} 行的缩进与同一层的其他行不一致（YAML 靠缩进表示层次，同一层的各行须对齐，只能用空格）` };
    }
    const hint = YAML_CODE_HINTS[error.code] ?? '常见原因：缩进不一致、冒号后缺少空格、括号或引号没有闭合';
    return { ok: false, problem: `文件内容不是有效的 YAML：${positionText(error.linePos?.[0])}格式有误（${hint}）` };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/Excessive alias count/i.test(msg)) {
      return { ok: false, problem: `文件中的 YAML 别名（*名称）引用过多（超过 ${MAX_YAML_ALIASES} 次），已拒绝读取：这种写法会使内容成倍膨胀` };
    }
    if (/Unresolved alias/i.test(msg)) return { ok: false, problem: '文件中引用了未定义的 YAML 锚点（*名称 之前需要先有 &名称）' };
    if (err instanceof RangeError) return { ok: false, problem: '文件内容不是有效的 YAML：嵌套层数过多' };
    throw err;
  }
}

/** True when `bytes` is well-formed UTF-8. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The config file's text. UTF-8 (with or without BOM) is the norm; Windows Notepad also saves
 * UTF-16 with a BOM, and older Chinese Windows tools save GB18030 (GBK): both are read as such.
 * Binary content (NUL bytes outside UTF-16) is refused.
 */
function decodeConfigBytes(bytes: Buffer): { ok: true; text: string } | { ok: false; problem: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: iconv.decode(bytes.subarray(2), 'utf-16le') };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: iconv.decode(bytes.subarray(2), 'utf-16be') };
  if (bytes.includes(0)) return { ok: false, problem: '文件不是文本文件（含有二进制内容），请给出 YAML 或 JSON 格式的配置文件' };
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return { ok: true, text: text.startsWith('\ufeff') ? text.slice(1) : text };
  }
  return { ok: true, text: iconv.decode(bytes, 'gb18030') };
}

function readConfigBytes(file: string): Buffer {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new ConfigError(file, [`${file} 是一个目录，请给出配置文件（.yaml 或 .json）`]);
    if (!st.isFile()) throw new ConfigError(file, [`${file} 不是普通文件，请给出配置文件（.yaml 或 .json）`]);
    size = st.size;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [code === 'ENOENT' || code === 'ENOTDIR' ? `找不到配置文件 ${file}` : `无法读取配置文件 ${file}（${code ?? '未知原因'}）`]);
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [`文件过大（${Math.ceil(size / 1024 / 1024)} MB），配置文件不应超过 ${MAX_CONFIG_BYTES / 1024 / 1024} MB，请确认给出的是配置文件`]);
  }
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [`无法读取配置文件 ${file}（${code ?? '未知原因'}）`]);
  }
}

/** Parses a config file's text (YAML, or JSON for a .json name) and validates it. Throws ConfigError. */
export function parseConfigText(text: string, file: string): Config {
  const isJson = extname(file).toLowerCase() === '.json';
  let raw: unknown;
  if (isJson) {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(file, [jsonSyntaxProblem(err, text)]);
    }
  } else {
    const parsed = parseYamlConfig(text);
    if (!parsed.ok) throw new ConfigError(file, [parsed.problem]);
    raw = parsed.value;
  }
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    throw new ConfigError(file, ['配置文件是空的：至少需要 name（地区名称）和 units（单位列表），见 README 的配置说明']);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['配置文件应为键值对象，至少包含 name 和 units']);
  }
  return validateConfig(raw, file);
}

/** Reads and validates a YAML or JSON config file. Throws ConfigError on any problem. */
export function loadConfig(file: string): Config {
  const decoded = decodeConfigBytes(readConfigBytes(file));
  if (!decoded.ok) throw new ConfigError(file, [decoded.problem]);
  return parseConfigText(decoded.text, file);
}
