/**
 * Every user-facing string of the XLSX workbook and the CSV findings file, in one place (the same
 * vocabulary as the HTML report and the dashboard: 误报, 已整改（待复查）, 新增, 仍存在 …).
 */
import type { Outcome } from '../../rules/types.js';
import type { ExportFinding, FindingMark } from '../export-schema.js';

/**
 * 结果 of a check point in the data collection sheet. `error` (the check itself failed) needs a
 * person just like `incomplete`, so both read 需人工复核.
 */
export const RESULT_LABELS: Record<Outcome, string> = {
  violation: '不达标',
  pass: '达标',
  incomplete: '需人工复核',
  error: '需人工复核',
  inapplicable: '不适用',
};

/**
 * A rule with no finding at all in this run. Site, column and link rules record 达标 when they run,
 * so their absence means the check did not run for this unit: 未检查 (never a claimed 达标).
 * Page rules (privacy, article metadata, accessibility …) record only problems, page by page: their
 * absence means no problem on the pages read, which is not the same as a recorded 达标.
 */
export const NO_RESULT = {
  notChecked: '未检查',
  notCheckedNote: '本次运行没有该检查点的结果（未运行，或单位首页无法访问）',
  noneFound: '未发现问题',
  noneFoundNote: '已抓取的页面中未发现该问题（此项只记录问题，不逐页记录达标）',
} as const;

/** 结果 of the CSV, one per finding: `error` keeps its own word there, the row is about one finding. */
export const CSV_OUTCOME_LABELS: Record<Outcome, string> = {
  violation: '不达标',
  pass: '达标',
  incomplete: '需人工复核',
  error: '检查出错（需人工复核）',
  inapplicable: '不适用',
};

export const CHANGE_LABELS: Record<NonNullable<ExportFinding['change']>, string> = {
  new: '新增',
  open: '仍存在',
};

const MARK_KIND_LABELS: Record<FindingMark['kind'], string> = {
  'false-positive': '误报',
  fixed: '已整改（待复查）',
};

export const REAPPEARED = '整改后再次出现';

/** 「误报：原因（张三，2020-11-27）」; a reappearance after a 已整改 mark is said first. */
export function markText(finding: Pick<ExportFinding, 'mark' | 'reappeared'>): string {
  const parts: string[] = [];
  if (finding.reappeared) parts.push(REAPPEARED);
  const m = finding.mark;
  if (m) {
    const who = [m.by, m.at.slice(0, 10)].filter((s) => s !== '').join('，');
    parts.push(`${MARK_KIND_LABELS[m.kind]}${m.reason === '' ? '' : `：${m.reason}`}${who === '' ? '' : `（${who}）`}`);
  }
  return parts.join('；');
}

export const SUMMARY = {
  sheetName: '汇总',
  title: (district: string) => `${district}政务公开网站检查汇总`,
  district: '区县',
  evalDate: '评估日期',
  runId: '运行编号',
  ruleSet: '规则版本',
  unitCount: '单位数',
  previousRun: '对比的上次运行',
  colRank: '排名',
  colUnit: '单位',
  colType: '类型',
  colScore: '得分',
  colMax: '满分',
  colVeto: '单项否决',
  colViolations: '问题数',
  colReview: '需人工复核',
  colScoreChange: '较上次得分',
  colNew: '新增',
  colFixed: '已消除',
  colOpen: '仍存在',
  colDaily: '日常工作得分（人工录入）',
  colPredicted: '预测总分（人工录入）',
  notAssessed: '未能评分',
  yes: '是',
  no: '否',
  noPrevious: '无上次结果',
  manualNote: '说明：“人工录入”两列由政务公开办手工填写日常工作等 30 分，与网站检查的 70 分合成预测总分（满分 100 分），并非抓取所得。',
} as const;

export const UNIT_SHEET = {
  title: (unit: string) => `${unit} — 数据采集表`,
  info: (type: string, url: string, evalDate: string, score: string, veto: boolean) =>
    `单位类型：${type}　网址：${url}　评估日期：${evalDate}　得分：${score}${veto ? '　单项否决' : ''}`,
  indicatorScores: '指标得分：',
  colIndicator: '指标',
  colCheck: '检查点',
  colResult: '结果',
  colStake: '扣分/分值',
  colMessage: '问题说明',
  colUrl: '证据网址',
  colDate: '采集日期',
  colMark: '标记',
  colChange: '变化',
  otherIndicator: '其他检查项（不计分）',
  passedCount: (n: number) => `共 ${n} 项达标`,
  inapplicableCount: (n: number) => `共 ${n} 项不适用`,
  templateGroup: (n: number) => `模板问题（共 ${n} 个页面）`,
  stakeVeto: '单项否决项',
  stakeOnce: (points: number) => `出现即扣 ${points} 分`,
  stakeDeduct: (points: number, cap: number) => `每项扣 ${points} 分，最多扣 ${cap} 分`,
  fixedHeading: (previousDate: string) => `上次运行（评估日期 ${previousDate}）以来已消除的问题`,
  fixedLabel: '已消除',
  manualHeading: '人工录入（日常工作与重大扣分，不由网站检查得出）',
  manualDaily: (total: number, max: number) => `日常工作：${total} / ${max} 分`,
  manualDeductions: (total: number) => `重大扣分：${total} 分`,
  manualPredicted: (total: number | null, max: number) => `预测总分：${total === null ? '无法预测（网站检查未能评分）' : `${total} / ${max} 分`}`,
  manualBy: (by: string, at: string) => `录入：${[by, at].filter((s) => s !== '').join('，')}`,
} as const;

export const CSV_HEADER = ['单位标识', '单位名称', '规则标识', '检查点', '结果', '网址', '选择器', '问题说明', '首次发现', '变化', '标记', '问题标识'] as const;
