/**
 * The other 30 points: the seed's daily-work items (日常考核, 30 分) and major deductions (大比例扣分事项,
 * capped at 30), which no crawl can see. The office enters them by hand in a `manual.yaml`; they are
 * combined with the crawl's 70 into the predicted 100-point result and always labelled 人工录入.
 *
 * Item names follow the seed notice (the district notice of 2020, 三、考核方式 and 四、大比例扣分事项). Ids are
 * stable English slugs: they are what the YAML file and the store hold.
 */
import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UserError } from '../store/errors.js';
import { issuePath, valueAt } from '../rules/issue-path.js';
import type { ManualEntry } from '../store/manual.js';
import type { ManualScore } from './export-schema.js';

export type { ManualEntry };

export interface ManualItem {
  id: string;
  name: string;
  /** Daily items: the most points; deductions: the points subtracted. */
  points: number;
  /** What the seed says the item covers (zh-CN), for the template and the dashboard form. */
  detail: string;
}

export const DAILY_MAX = 30;
export const DEDUCTION_CAP = 30;

export const DAILY_ITEMS: readonly ManualItem[] = [
  { id: 'policy-interpretation', name: '政策解读', points: 5, detail: '代拟公文及部门文件配有较高品质的图表、视频解读材料；召开新闻发布会，主要负责人带头解读政策' },
  { id: 'decision-preview', name: '决策预公开', points: 5, detail: '局长办公会议、党政联席会议公开，利益相关方列席相关议题，制作图表或视频解读会议内容' },
  { id: 'open-day', name: '政府开放日', points: 5, detail: '年内至少组织 2 次开放日活动，邀请群众代表参与，有照片或视频资料，在区级以上媒体宣传报道' },
  { id: 'grassroots-standard', name: '基层政务公开标准化', points: 5, detail: '按时间节点完成标准目录设置、网站栏目调整、政务公开体验区、便民地图等' },
  { id: 'rectify-training', name: '整改、培训、依申请答复与政府公报', points: 5, detail: '专项检查问题整改；参加政务公开业务培训；依申请公开件答复及时；部门政策文件纳入政府公报' },
  { id: 'innovation', name: '创新推广', points: 5, detail: '创新经验在省政府办公厅、国务院办公厅平台宣传推广，作为观摩点迎接上级政府调研考察' },
];

export const DEDUCTION_ITEMS: readonly ManualItem[] = [
  { id: 'notice-national', name: '国办通报（政府网站和政务新媒体检查）', points: 30, detail: '国办政府网站和政务新媒体检查通报扣分' },
  { id: 'notice-province', name: '省级通报（政府网站和政务新媒体检查）', points: 20, detail: '省政府网站和政务新媒体检查通报扣分' },
  { id: 'notice-city', name: '市级通报（政府网站和政务新媒体检查）', points: 10, detail: '市政府网站和政务新媒体检查通报扣分' },
  { id: 'application-city', name: '依申请公开被复议纠错或诉讼败诉，引发市级舆情', points: 10, detail: '依申请公开程序不规范、内容答复错误导致行政复议纠错或行政诉讼败诉，引发市级负面舆情' },
  { id: 'application-province', name: '依申请公开被复议纠错或诉讼败诉，引发省级及以上舆情', points: 30, detail: '同上，引发省级及以上负面舆情' },
  { id: 'stale-province', name: '信息更新不到位，影响省政府考核', points: 30, detail: '在省政府政务公开考核中因信息更新不到位导致扣分' },
  { id: 'stale-city', name: '信息更新不到位，影响市政府考核', points: 20, detail: '在市政府政务公开考核中因信息更新不到位导致扣分' },
  { id: 'task-ignored', name: '交办工作不执行、不落实', points: 30, detail: '新区政务公开领导小组及办公室安排的工作不执行、不落实、延误，影响省、市考核' },
];

/** A deduction not in the list: allowed with explicit points and a note saying what it is. */
export const OTHER_DEDUCTION = { id: 'other', name: '其他扣分事项' } as const;

const dailyById = new Map(DAILY_ITEMS.map((i) => [i.id, i]));
const deductionById = new Map(DEDUCTION_ITEMS.map((i) => [i.id, i]));

const list = (items: readonly ManualItem[]) => items.map((i) => `${i.id}（${i.name}）`).join('、');

const Text = z.string({ error: '应为文本' });
const OptionalText = Text.nullish().transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim()));

const DailyValueSchema = z.union(
  [
    z.number().finite(),
    z.strictObject({ points: z.number({ error: '应为数字（分数）' }).finite(), note: OptionalText }),
  ],
  { error: '应为分数（数字），或写成 { points: 分数, note: 说明 }' },
);

const DeductionSchema = z
  .strictObject({
    item: Text.optional(),
    points: z.number({ error: '应为数字（扣分）' }).finite().positive('扣分应大于 0').max(DEDUCTION_CAP, `扣分不超过 ${DEDUCTION_CAP}`).optional(),
    note: OptionalText,
  }, { error: '应为键值对象，例如 { item: notice-city, note: 说明 }' })
  .superRefine((d, ctx) => {
    if (d.item === undefined) {
      if (d.points === undefined) ctx.addIssue({ code: 'custom', path: ['item'], message: `缺少此项（扣分事项标识：${list(DEDUCTION_ITEMS)}；或不写 item 而写 points 和 note）` });
      else if (d.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], message: '不属于所列事项的扣分须写明说明（note）' });
      return;
    }
    const known = deductionById.get(d.item);
    if (!known) ctx.addIssue({ code: 'custom', path: ['item'], message: `未知的扣分事项 “${d.item}”（可用：${list(DEDUCTION_ITEMS)}）` });
    else if (d.points !== undefined && d.points > known.points) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: `${known.name} 最多扣 ${known.points} 分，这里写了 ${d.points}` });
    }
  });

export const ManualEntrySchema = z.strictObject(
  {
    daily: z.record(z.string(), DailyValueSchema, { error: '应为键值对象：每行写 日常考核项标识: 分数，例如 open-day: 5' }).nullish().superRefine((daily, ctx) => {
      for (const [id, value] of Object.entries(daily ?? {})) {
        const item = dailyById.get(id);
        if (!item) {
          ctx.addIssue({ code: 'custom', path: [id], message: `未知的日常考核项 “${id}”（可用：${list(DAILY_ITEMS)}）` });
          continue;
        }
        const points = typeof value === 'number' ? value : value.points;
        if (points < 0 || points > item.points) {
          ctx.addIssue({ code: 'custom', path: [id], message: `${item.name} 应为 0 到 ${item.points} 之间的分数，这里写了 ${points}` });
        }
      }
    }),
    deductions: z.array(DeductionSchema, { error: '应为列表，每项写成 - item: 扣分事项标识' }).nullish(),
    note: OptionalText,
    enteredBy: OptionalText,
  },
  { error: '应为键值对象（daily、deductions、note、enteredBy）' },
);

export const ManualFileSchema = z.strictObject(
  {
    enteredBy: OptionalText,
    units: z.record(z.string().regex(/^[a-z0-9-]+$/, '单位标识应为小写字母、数字和连字符'), ManualEntrySchema.nullish(), { error: '应为键值对象：单位标识 → 录入内容' }).nullish(),
  },
  { error: '文件应为键值对象，至少包含 units' },
);

function normalizeEntry(raw: z.infer<typeof ManualEntrySchema>, fileEnteredBy: string | undefined): ManualEntry {
  const daily = DAILY_ITEMS.flatMap((item) => {
    const value = raw.daily?.[item.id];
    if (value === undefined) return [];
    const points = typeof value === 'number' ? value : value.points;
    const note = typeof value === 'number' ? undefined : value.note;
    return [{ id: item.id, points, ...(note !== undefined ? { note } : {}) }];
  });
  const deductions = (raw.deductions ?? []).map((d) => {
    const id = d.item ?? OTHER_DEDUCTION.id;
    const points = d.points ?? deductionById.get(id)?.points ?? 0;
    return { id, points, ...(d.note !== undefined ? { note: d.note } : {}) };
  });
  const enteredBy = raw.enteredBy ?? fileEnteredBy;
  return { daily, deductions, ...(raw.note !== undefined ? { note: raw.note } : {}), ...(enteredBy !== undefined ? { enteredBy } : {}) };
}

/** Nothing entered: such a unit is left out rather than recorded as 0 points. */
export function isEmptyEntry(e: ManualEntry): boolean {
  return e.daily.length === 0 && e.deductions.length === 0;
}

function issueLine(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const where = issuePath(issue.path, '文件顶层');
  if (issue.code === 'unrecognized_keys') {
    const allowed = issue.path.length === 0 ? 'enteredBy、units'
      : issue.path.includes('deductions') ? 'item、points、note'
        : issue.path.includes('daily') ? 'points、note'
          : 'daily、deductions、note、enteredBy';
    return issue.keys.map((k) => `${where}: 未知的录入项 “${k}”（这里可用：${allowed}）`);
  }
  if (issue.code === 'invalid_key') return [`${where}: 单位标识应为小写字母、数字和连字符，例如 fgj`];
  let msg = issue.message;
  if (issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(raw, issue.path) === undefined) msg = '缺少此项';
  else if (/^Invalid input|^Too (big|small)/.test(msg)) msg = '格式不对';
  return [`${where}: ${msg}`];
}

/** Parses and validates a manual.yaml. Throws UserError listing every problem with its field. */
export function parseManualFile(text: string, fileName: string, opts: ManualParseOptions = {}): Map<string, ManualEntry> {
  return readManualFile(text, fileName, opts).entries;
}

export interface ManualParseOptions {
  /** The units the store knows (id → name): an entry for another unit is one more problem, named with the others. */
  knownUnits?: ReadonlyMap<string, string>;
}

/**
 * Like parseManualFile, and also says which values it changed: points are counted in half points
 * (as the evaluation does), so 2.3 becomes 2.5 — said, never done silently.
 */
export function readManualFile(text: string, fileName: string, opts: ManualParseOptions = {}): { entries: Map<string, ManualEntry>; notes: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const pos = err instanceof YAMLParseError ? err.linePos?.[0] : undefined;
    const where = pos ? `第 ${pos.line} 行第 ${pos.col} 列附近` : '';
    throw new UserError(`人工录入文件 ${fileName} 不是有效的 YAML：${where}格式有误（常见原因：缩进不一致、冒号后缺少空格、引号没有闭合）`);
  }
  const result = ManualFileSchema.safeParse(raw ?? {});
  // Every problem at once: the fields the schema rejects and the units the store does not know.
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => issueLine(issue, raw));
  const units = raw !== null && typeof raw === 'object' ? (raw as { units?: unknown }).units : undefined;
  if (opts.knownUnits && units !== null && typeof units === 'object') {
    for (const id of Object.keys(units)) {
      if (!opts.knownUnits.has(id)) problems.push(`units.${id}: 数据库中没有单位 “${id}”（可用的单位标识：${[...opts.knownUnits.keys()].join(', ')}）`);
    }
  }
  if (!result.success || problems.length > 0) {
    throw new UserError(`人工录入文件 ${fileName} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const out = new Map<string, ManualEntry>();
  const notes: string[] = [];
  for (const [unitId, entry] of Object.entries(result.data.units ?? {})) {
    const normal = normalizeEntry(entry ?? { note: undefined, enteredBy: undefined }, result.data.enteredBy);
    const half = (where: string, points: number) => {
      const rounded = roundHalf(points);
      if (rounded !== points) notes.push(`units.${unitId}.${where}: ${points} 分按半分计为 ${rounded} 分`);
      return rounded;
    };
    out.set(unitId, {
      ...normal,
      daily: normal.daily.map((d) => ({ ...d, points: half(`daily.${d.id}`, d.points) })),
      deductions: normal.deductions.map((d, i) => ({ ...d, points: half(`deductions[${i}]`, d.points) })),
    });
  }
  return { entries: out, notes };
}

function roundHalf(n: number): number {
  return Math.round(n * 2) / 2;
}

/**
 * The unit's hand-entered part and the predicted 100-point total: crawl score + daily total −
 * deductions (their sum capped at 30), clamped to 0..crawlMax+30. null when the crawl could not
 * assess the unit: a prediction on a missing 70 would mislead.
 */
export function manualScore(
  entry: ManualEntry & { enteredAt?: string },
  crawl: { total: number; assessed: boolean },
  crawlMax = 70,
): ManualScore {
  const daily = entry.daily.map((d) => {
    const item = dailyById.get(d.id);
    const max = item?.points ?? 0;
    return { id: d.id, name: item?.name ?? d.id, max, score: Math.min(max, Math.max(0, d.points)), ...(d.note !== undefined ? { note: d.note } : {}) };
  });
  const deductions = entry.deductions.map((d) => ({
    id: d.id,
    name: deductionById.get(d.id)?.name ?? OTHER_DEDUCTION.name,
    points: Math.max(0, d.points),
    ...(d.note !== undefined ? { note: d.note } : {}),
  }));
  const dailyTotal = roundHalf(Math.min(DAILY_MAX, daily.reduce((s, d) => s + d.score, 0)));
  const deductionTotal = Math.min(DEDUCTION_CAP, deductions.reduce((s, d) => s + d.points, 0));
  const predictedMax = crawlMax + DAILY_MAX;
  const predictedTotal = crawl.assessed ? Math.min(predictedMax, Math.max(0, roundHalf(crawl.total + dailyTotal - deductionTotal))) : null;
  return {
    daily,
    dailyMax: DAILY_MAX,
    dailyTotal,
    deductions,
    deductionTotal,
    predictedTotal,
    predictedMax,
    ...(entry.enteredBy !== undefined ? { enteredBy: entry.enteredBy } : {}),
    ...(entry.enteredAt !== undefined ? { enteredAt: entry.enteredAt } : {}),
  };
}

/** A commented manual.yaml for the office to fill in: every item listed, nothing entered yet. */
export function manualTemplate(unitIds: readonly string[], names: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = [
    '# Gongkai 人工录入：日常考核（30 分）与大比例扣分事项',
    '# 这些分值无法从网站抓取，由政务公开办按实际情况填写；报告中标注为“人工录入”。',
    '# 预测总分 = 网站检查得分（满分 70）+ 日常考核得分 − 大比例扣分（合计最多扣 30 分）。',
    '#',
    '# 填写方法：去掉行首的 # 并填写分数。未填写的单位不会录入。',
    '# 日常考核项（每项满分 5 分，可写 0.5 分）：',
    ...DAILY_ITEMS.map((i) => `#   ${i.id}: ${i.name}（${i.points} 分）— ${i.detail}`),
    '# 大比例扣分事项（写在 deductions 下，每项一行 - item: 标识，可加 note 说明）：',
    ...DEDUCTION_ITEMS.map((i) => `#   ${i.id}: ${i.name}，扣 ${i.points} 分`),
    '#   不属于上述事项的扣分：- { points: 分数, note: 说明 }',
    '',
    'enteredBy:            # 录入人（也可在每个单位下单独填写）',
    'units:',
  ];
  for (const id of unitIds) {
    lines.push(`  ${id}:${names[id] ? `    # ${names[id].replace(/[\r\n]+/g, ' ')}` : ''}`);
    lines.push('    daily:');
    for (const item of DAILY_ITEMS) lines.push(`      # ${item.id}: ${item.points}    # ${item.name}`);
    lines.push('    deductions:');
    lines.push('      # - item: notice-city');
    lines.push('      #   note: 市级通报的文号或说明');
    lines.push('    note:             # 备注');
  }
  if (unitIds.length === 0) lines.push('  # 单位标识:（见 npx gongkai manual --template --db 数据库文件）');
  return `${lines.join('\n')}\n`;
}
