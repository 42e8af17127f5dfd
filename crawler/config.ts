/**
 * The district config (gongkai.config.yaml or .json): zod schema, defaults and loading.
 * Every validation problem becomes one zh-CN line that names the field, e.g.
 * `units[2].url: 不是有效的网址（应以 http:// 或 https:// 开头）`.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const UNIT_TYPES = ['department', 'town', 'street', 'other'] as const;

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what}不是有效的网址（应以 http:// 或 https:// 开头）` });

export const isoDate = z
  .string({ error: '应为日期，格式 YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为日期，格式 YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: '不是有效的日期' });

const UnitSchema = z.strictObject({
  id: z
    .string({ error: '缺少单位标识 id' })
    .regex(/^[a-z0-9-]+$/, { error: '只能包含小写字母、数字和连字符（例如 fgj）' }),
  name: z.string({ error: '缺少单位名称' }).trim().min(1, { error: '单位名称不能为空' }),
  type: z.enum(UNIT_TYPES, { error: '应为 department（部门）、town（镇）、street（街道）或 other（其他）之一' }),
  url: httpUrl(''),
  /** Extra URL prefixes that also belong to the unit (e.g. its columns on the district portal). */
  scope: z.array(httpUrl('')).default([]),
});

export const CrawlSchema = z.strictObject({
  maxPagesPerUnit: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).default(5000),
  concurrency: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).max(256, { error: '不能超过 256' }).default(16),
  perHostConcurrency: z.number({ error: '应为正整数' }).int({ error: '应为正整数' }).min(1, { error: '应为正整数' }).max(64, { error: '不能超过 64' }).default(4),
  perHostDelayMs: z.number({ error: '应为毫秒数（非负整数）' }).int({ error: '应为毫秒数（非负整数）' }).min(0, { error: '应为毫秒数（非负整数）' }).default(250),
  timeoutMs: z.number({ error: '应为毫秒数（正整数）' }).int({ error: '应为毫秒数（正整数）' }).min(100, { error: '不能小于 100 毫秒' }).default(15000),
  respectRobots: z.boolean({ error: '应为 true 或 false' }).default(true),
  render: z.enum(['auto', 'never', 'always'], { error: '应为 auto、never 或 always 之一' }).default('auto'),
});

export const ConfigSchema = z
  .strictObject({
    name: z.string({ error: '缺少地区名称 name' }).trim().min(1, { error: '地区名称不能为空' }),
    evalDate: isoDate.optional(),
    units: z.array(UnitSchema, { error: '应为单位列表' }).min(1, { error: '至少需要一个单位' }),
    crawl: CrawlSchema.default(() => CrawlSchema.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.units.forEach((u, i) => {
      const first = seen.get(u.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['units', i, 'id'], message: `与 units[${first}] 的标识 “${u.id}” 重复，单位标识必须唯一` });
      } else seen.set(u.id, i);
    });
  });

export type Config = z.infer<typeof ConfigSchema>;
export type UnitConfig = Config['units'][number];
export type CrawlOptions = Config['crawl'];

/** A bad config: `problems` are ready-to-print zh-CN lines naming the field. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`配置文件 ${file} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `units[2].url` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '（根）';
}

const typeNames: Record<string, string> = {
  string: '文本', number: '数字', boolean: 'true 或 false', array: '列表', object: '键值对象',
  undefined: '空', null: '空',
};

/** Turns zod issues into zh-CN lines. Custom messages set in the schema are kept as they are. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw?: unknown): string[] {
  return issues.map((issue) => {
    const where = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `“${k}”`).join('、');
      return `${where}: 未知的配置项 ${keys}（请检查拼写，见 README 的配置说明）`;
    }
    let msg = issue.message;
    if (issue.code === 'invalid_type' && /^Invalid input/.test(msg)) {
      msg = `应为${typeNames[issue.expected] ?? issue.expected}`;
    }
    if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
      msg = `缺少此项（${msg}）`;
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
  if (!result.success) throw new ConfigError(file, formatIssues(result.error.issues, raw));
  return result.data;
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
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(file, [`无法解析文件内容（${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'} 格式错误：${detail}）`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['配置文件应为键值对象，至少包含 name 和 units']);
  }
  return validateConfig(raw, file);
}
