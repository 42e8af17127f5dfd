/**
 * Every user-facing string of the reports (HTML report, terminal ranking table), in one place so
 * another language can be added by adding a sibling file with the same shape.
 */
import { WORDING_MESSAGES } from '../rules/messages/wording.zh-CN.js';
import type { Outcome, UnitType } from '../rules/types.js';

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  department: '部门',
  government: '区县政府',
  town: '镇',
  street: '街道',
  other: '其他',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  violation: '问题',
  pass: '通过',
  incomplete: '需人工复核',
  inapplicable: '不适用',
  error: '检查出错',
};

/**
 * Labels for the `data` keys that rules emit (rules/site/*.ts, rules/page/*.ts; docs/contracts.md “导出
 * JSON”). A key missing here is still shown, under its raw name, so nothing is silently dropped.
 */
export const DATA_KEY_LABELS: Record<string, string> = {
  // disclosure.* rules
  name: '栏目名称',
  columnUrl: '栏目地址',
  part: '应设栏目',
  label: '页面上的名称',
  partUrl: '栏目地址',
  // column.empty / freshness.*
  column: '栏目',
  type: '栏目类型',
  entryCount: '信息条数',
  emptyMarker: '空栏目提示',
  exempt: '免于更新要求',
  newest: '最新信息日期',
  ageDays: '距评估日天数',
  limitDays: '更新期限（天）',
  futureDates: '晚于评估日的日期',
  ignoredFutureDates: '未计入的晚于评估日的日期（条）',
  // link.broken
  href: '链接目标',
  text: '链接文字',
  fromHome: '位于首页',
  external: '外部网站',
  kind: '链接指向',
  status: 'HTTP 状态码',
  error: '错误',
  checked: '已检查链接数',
  // page rules
  src: '图片地址',
  lang: '语言声明',
  masked: '号码（已遮盖）',
  // home-required
  reason: '原因',
  // disclosure.guide.dated / disclosure.annual-report.*
  date: '页面显示的日期',
  how: '日期来源',
  year: '应公开的年度报告',
  deadline: '公开期限',
  reportYear: '找到的报告年度',
  published: '发布日期',
  reportUrl: '报告地址',
  title: '标题',
  section: '缺少的部分',
  source: '数据来源',
  received: '本年新收申请数',
  carriedOver: '上年结转申请数',
  total: '办理结果总计',
  carriedForward: '结转下年度继续办理',
  columns: '涉及栏目或列',
  url: '地址',
  // freshness.veto
  reasons: '单项否决原因',
  staleKeyColumns: '超期的动态、通知、政策类栏目数',
  staleColumns: '超期栏目数',
  blankColumns: '空白栏目数',
  homeAgeDays: '首页最新信息距评估日天数',
  undecidedColumns: '无法确认的栏目数',
  // privacy.*
  count: '发现数量',
  maskedAll: '号码（已遮盖）',
  fromUrl: '附件所在页面',
  truncated: '只读取了部分内容',
  // meta.* / site.*
  missing: '缺少',
  empty: '内容为空',
  value: '当前值',
  siteIdCode: '网站标识码',
  conac: '党政机关网站标识',
  probe: '检测结果',
  detail: '检测说明',
  // consultation.duration
  start: '开始日期',
  end: '截止日期',
  days: '征求意见天数',
  workingDays: '工作日数',
  quote: '页面原文',
  // wording.*
  wrong: '错误写法',
  right: '正确写法',
  sentence: '原文（【】内为问题所在）',
  category: '问题类别',
  note: '说明',
};

/** freshness.veto reasons (rules/messages/decisions.zh-CN.ts holds the rule's own texts). */
export const VETO_REASON_TEXT: Record<string, string> = {
  'stale-key-columns': '动态要闻、通知公告、政策文件类栏目超期未更新 5 个及以上',
  'stale-columns': '超期未更新栏目 10 个及以上',
  'blank-columns': '空白栏目 5 个及以上',
  'homepage-stale': '首页超过 14 天未更新',
};

export const YES_NO = { yes: '是', no: '否' } as const;

/** Column types of freshness.column (data/column-types.json). */
export const COLUMN_TYPE_LABELS: Record<string, string> = {
  dynamic: '动态要闻类',
  notice: '通知公告类',
  policy: '政策文件类',
  personnel: '人事类',
  planning: '规划计划类',
  other: '其他',
};

/** What a checked link points at (LinkCheck.kind). */
export const LINK_KIND_LABELS: Record<string, string> = {
  page: '页面',
  asset: '图片/脚本等资源',
};

/** Empty-column markers that are codes rather than text copied from the page. */
export const EMPTY_MARKER_LABELS: Record<string, string> = {
  'datastore:0': '栏目数据记录数为 0',
};

/** Code tables per data key: a value found here is shown translated, any other value as it is. */
export const DATA_VALUE_LABELS: Record<string, Record<string, string>> = {
  category: WORDING_MESSAGES.categories,
  type: COLUMN_TYPE_LABELS,
  kind: LINK_KIND_LABELS,
  emptyMarker: EMPTY_MARKER_LABELS,
  reasons: VETO_REASON_TEXT,
  how: { meta: '页面元数据 PubDate', label: '页面上的发布或更新日期', heading: '标题中的日期' },
  source: { table: '报告中的表格', text: '报告正文（表格已展开为文字）' },
  probe: { yes: '是', no: '否', unknown: '无法确定', inapplicable: '不适用' },
};

export const REPORT = {
  documentTitle: (district: string) => `${district}政务公开网站检查报告`,
  heading: (district: string) => `${district}政务公开网站检查报告`,
  evalDate: '评估日期',
  runId: '运行编号',
  startedAt: '开始时间',
  finishedAt: '结束时间',
  unfinished: '未完成',
  ruleSetVersion: '规则版本',
  generatedAt: '报告生成时间',
  timeZoneNote: '（北京时间）',

  summaryHeading: '全区概况',
  summaryUnits: '参评单位',
  summaryAverage: '平均得分',
  summaryAverageExcludes: (n: number) => `不含 ${n} 个未能评分的单位`,
  summaryViolations: '问题',
  summaryReview: '需人工复核',
  summaryVetoed: '单项否决单位',
  summaryNew: '新增问题',
  summaryFixed: '已消除问题',
  summaryChangesNote: '与上次检查相比',
  countUnit: (n: number) => `${n} 个`,
  countItem: (n: number) => `${n} 项`,

  rankingHeading: '得分排名',
  colRank: '排名',
  colUnit: '单位',
  colType: '类型',
  colScore: '得分',
  colViolations: '问题数',
  colReview: '待复核',
  colVeto: '单项否决',
  colChange: '较上次',
  colPredicted: '预测总分（含人工录入）',
  vetoed: '单项否决',
  notVetoed: '—',
  noUnits: '本次运行没有单位结果。',

  unitsHeading: '各单位详情',
  unitUrl: '网站地址',
  scoreCardHeading: '分项得分',
  colIndicator: '指标',
  colIndicatorScore: '得分',
  notAssessed: '未能评分',
  notAssessedScoreLine: '分项得分：未能评分（未获取到首页，各项指标均未评估）。',
  notAssessedNote: '未能获取该单位网站首页，本次无法评分，排名列在最后。请核实网址或网站是否可以访问（见下方“需人工复核”）。',
  vetoNote: '该单位触发单项否决，排名列在未触发单项否决的单位之后。',
  totalScore: '总分',

  violationsHeading: (n: number) => `问题（${n} 项）`,
  reviewHeading: (n: number) => `需人工复核（${n} 项）`,
  passesSummary: (rules: number, results: number) => `已通过的检查：${rules} 条规则，共 ${results} 项结果`,
  inapplicableSummary: (rules: number, results: number) => `不适用的检查：${rules} 条规则，共 ${results} 项结果`,
  noViolations: '未发现问题。',
  noViolationsNotAssessed: '未获取到首页，无法检查问题。',
  noReview: '没有需要人工复核的项目。',
  page: '页面',
  element: '页面元素',
  snippet: '代码片段',
  screenshot: '截图',
  screenshotAlt: '问题元素截图（红框处）',
  screenshotCaption: '红框标出问题所在的页面元素（检查时截取）。',
  fix: '整改建议',
  reason: '原因',
  reasonDetail: (reason: string) => `具体原因：${reason}`,
  timesSuffix: (n: number) => `${n} 次`,
  notALink: '（非网页地址，仅显示文字）',

  rulesHeading: '规则说明',
  ruleId: '规则编号',
  ruleSource: '依据',
  ruleThreshold: '判定标准',
  ruleFix: '整改建议',
  ruleIndicator: '对应指标',
  ruleUnknown: '暂无该规则的说明。',
  backToTop: '返回顶部',
} as const;

export const RANKING_TABLE = {
  colRank: '排名',
  colUnit: '单位',
  colScore: '得分',
  colViolations: '问题数',
  colReview: '待复核',
  colVeto: '单项否决',
  vetoYes: '是',
  vetoNo: '—',
  notAssessed: '未能评分',
} as const;

/**
 * A score for display: at most one decimal, no trailing zero (62.5, 70, 61.6). Unit scores move
 * in half points; averages are rounded to the same precision. Raw floats like 62.499999 must not
 * reach the reader.
 */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** `62.5/70` */
export function formatScoreOf(score: number, max: number): string {
  return `${formatScore(score)}/${formatScore(max)}`;
}

/**
 * The office's words for what happened to a finding across runs and by hand (issue 6). Shared by
 * the HTML report, the PDF and anything else that shows these fields, so every report says the
 * same thing in the same words.
 */
export const OFFICE = {
  changeNew: '新增',
  changeOpen: '仍存在',
  changeFixed: '已消除',
  markFalsePositive: '误报',
  markFixed: '已整改（待复查）',
  reappeared: '整改后再次出现',
  reappearedNote: '该问题曾标记为已整改，本次检查再次发现，整改未生效。',
  markedBy: (kind: string, by: string, at: string) => `${kind}：${by} 于 ${at} 标记`,
  markReason: (reason: string) => `说明：${reason}`,
  falsePositiveNote: '已标记为误报，仍按检查结果列出，供核对。',
  firstSeen: '首次发现',
  verifiedOn: '核验于',
  coverage: '本次覆盖',
  dateSeen: '发现日期',
  templateGroup: (n: number) => `模板问题（共 ${n} 个页面）`,
  templateGroupNote: '该问题出现在网站的公共模板（页头、页脚或导航）中，只需在模板中整改一次。',
  templatePages: (n: number) => `涉及页面（${n} 个）`,
  morePages: (n: number) => `另有 ${n} 个页面未列出`,
  changesHeading: '与上次检查相比',
  changesSince: (runId: string, evalDate: string) => `上次检查：运行编号 ${runId}，评估日期 ${evalDate}`,
  previousTotal: '上次得分',
  previousNotAssessed: '上次未能评分',
  scoreDelta: '得分变化',
  countNew: (n: number) => `新增问题 ${n} 项`,
  countFixed: (n: number) => `已消除 ${n} 项`,
  countOpen: (n: number) => `仍存在 ${n} 项`,
  fixedListHeading: (n: number) => `已消除的问题（${n} 项）`,
  manualHeading: '日常工作与重大扣分（人工录入）',
  manualLabel: '人工录入',
  manualNote: '以下分值由工作人员人工录入，不是网站检查的结果。',
  manualDaily: (total: string) => `日常工作得分（人工录入）：${total}`,
  manualDailyItem: '日常工作项目',
  manualDeductions: (total: string) => `重大扣分（人工录入）：${total}`,
  manualDeductionItem: '扣分事项',
  manualNoDeductions: '未录入重大扣分。',
  manualNoDaily: '未录入日常工作得分。',
  manualPoints: '分值',
  manualNoteCol: '备注',
  manualEnteredBy: (by: string) => `录入人：${by}`,
  manualEnteredAt: (at: string) => `录入时间：${at}`,
  predictedTotal: '预测总分',
  predictedLine: (total: string) => `预测总分（网站检查得分 + 人工录入得分 − 重大扣分）：${total}`,
  predictedUnavailable: '网站未能评分，无法预测总分。',
  fixFirstHeading: '先改这些',
  fixFirstNote: '按可挽回分值从高到低排列，先整改这些问题收益最大。',
  recoverable: (points: string) => `可挽回分值 ${points} 分`,
  deltaText: (delta: number) => (delta > 0 ? `+${formatScore(delta)}` : delta < 0 ? `−${formatScore(-delta)}` : '±0'),
} as const;

/** What a night covered, as `coverage` in the export (store/coverage.ts). */
export interface CoverageFacts {
  planned: boolean;
  verifiedPages: number;
  carriedPages: number;
  oldestVerification: string | null;
  pagesLeft: number;
  essentialsLeft: number;
  attachmentsLeft: number;
  linksLeft: number;
  budgetMinutes: number | null;
  budgetSpent: boolean;
  revisitDays: number | null;
}

/**
 * The night's coverage in one or two plain sentences (crawl summary, HTML and PDF report, dashboard):
 * what was verified tonight, what was carried and since when, and what the budget left out.
 */
export function coverageText(c: CoverageFacts): string {
  const parts: string[] = [];
  if (c.planned) {
    const since = c.oldestVerification ? `，最早核验于 ${c.oldestVerification}` : '';
    const every = c.revisitDays ? `；每个已知页面每 ${c.revisitDays} 晚至少复核一次` : '';
    parts.push(`本次覆盖：今晚核验 ${c.verifiedPages} 页，沿用此前核验的 ${c.carriedPages} 页${since}${every}。`);
  } else {
    parts.push(`本次覆盖：全部 ${c.verifiedPages} 页均为今晚核验。`);
  }
  if (c.budgetSpent) {
    const left: string[] = [];
    if (c.pagesLeft > 0) left.push(`${c.pagesLeft} 个新页面`);
    if (c.attachmentsLeft > 0) left.push(`${c.attachmentsLeft} 个附件`);
    if (c.linksLeft > 0) left.push(`${c.linksLeft} 个链接`);
    const minutes = c.budgetMinutes === null ? '' : `（${c.budgetMinutes} 分钟）`;
    parts.push(`今晚的抓取时间预算${minutes}已用完${left.length > 0 ? `，${left.join('、')}留待下一晚` : ''}。`);
  }
  if (c.essentialsLeft > 0) {
    parts.push(`注意：时间预算不够抓完必查页面，有 ${c.essentialsLeft} 个首页、政府信息公开专栏或栏目列表页今晚没有抓取，栏目更新、专栏等全站检查结果可能不完整。请增加 crawl.budgetMinutes 或减少单位。`);
  }
  return parts.join('');
}

/** 核验于 2020-11-20: shown next to a finding whose evidence was carried from an earlier night. */
export function verifiedOnText(date: string): string {
  return `核验于 ${date}（此后未重新抓取）`;
}
