/**
 * zh-CN finding messages of the decisions area (freshness.veto, consultation.duration,
 * interpretation.linked). Arguments may be crawled strings: renderers escape them.
 */

function clip(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** Why a unit reaches the 单项否决 of column updates; codes are the `data.reasons` values. */
export type VetoReason = 'stale-key-columns' | 'stale-columns' | 'blank-columns' | 'homepage-stale';

export const VETO_REASON_LABELS: Record<VetoReason, string> = {
  'stale-key-columns': '动态要闻、通知公告、政策文件类栏目超期未更新 5 个及以上',
  'stale-columns': '超期未更新栏目 10 个及以上',
  'blank-columns': '空白栏目 5 个及以上',
  'homepage-stale': '首页超过 14 天未更新',
};

export interface VetoCounts {
  staleKey: number;
  staleAll: number;
  blank: number;
  /** Age of the newest home-page item in days, null when unknown. */
  homeAgeDays: number | null;
}

function vetoReasonText(reason: VetoReason, c: VetoCounts): string {
  switch (reason) {
    case 'stale-key-columns':
      return `动态要闻、通知公告、政策文件类栏目超期未更新 ${c.staleKey} 个（5 个及以上即否决）`;
    case 'stale-columns':
      return `超期未更新栏目共 ${c.staleAll} 个（10 个及以上即否决）`;
    case 'blank-columns':
      return `空白栏目 ${c.blank} 个（5 个及以上即否决）`;
    case 'homepage-stale':
      return `首页最新信息已 ${c.homeAgeDays ?? '?'} 天未更新（超过 14 天即否决）`;
  }
}

/** What a period dated instead of comments, by the word its label used (date-range otherSubject). */
const OTHER_SUBJECT_NAMES: Record<string, string> = {
  报名: '报名',
  会议: '会议',
  听证: '听证会',
  座谈: '座谈会',
  公示: '公示',
  活动: '活动',
};

export const DECISIONS_MESSAGES = {
  vetoReached: (reasons: VetoReason[], c: VetoCounts) =>
    `达到栏目更新单项否决标准：${reasons.map((r) => vetoReasonText(r, c)).join('；')}。`,
  vetoNotReached: (c: VetoCounts) =>
    `未达到栏目更新单项否决标准：动态要闻、通知公告、政策文件类超期栏目 ${c.staleKey} 个，超期栏目共 ${c.staleAll} 个，空白栏目 ${c.blank} 个，首页最新信息距评估日 ${c.homeAgeDays} 天。`,
  vetoHomeUnknown: (c: VetoCounts) =>
    `首页未识别到可信的信息日期，无法判断首页是否超过 14 天未更新，需人工核查（超期栏目 ${c.staleAll} 个，空白栏目 ${c.blank} 个，均未达到否决标准）。`,
  vetoColumnsInDoubt: (c: VetoCounts, doubtful: number) =>
    `另有 ${doubtful} 个栏目的更新日期或是否空白无法确认，计入后可能达到单项否决标准，需人工核查（已确认超期栏目 ${c.staleAll} 个，空白栏目 ${c.blank} 个）。`,

  consultationShort: (start: string | null, end: string | null, days: number) =>
    start !== null && end !== null
      ? `征求意见时间为 ${start} 至 ${end}，共 ${days} 天，少于 30 天。`
      : `页面写明的征求意见时间为 ${days} 天，少于 30 天。`,
  consultationShortWorkingDays: (workingDays: number) =>
    `页面写明的征求意见时间为 ${workingDays} 个工作日，折合不足 30 天。`,
  consultationNoPeriod: () => '页面是征求意见通知，但未识别到征求意见的起止时间或期限，需人工核查是否不少于 30 天。',
  consultationNoStart: (end: string) =>
    `页面写明征求意见截止到 ${end}，但未识别到页面的发布日期，无法计算期限，需人工核查是否不少于 30 天。`,
  consultationWorkingDaysUnsure: (workingDays: number) =>
    `页面写明的征求意见时间为 ${workingDays} 个工作日，是否达到 30 天取决于节假日安排，需人工核查。`,
  consultationOtherSubject: (subject: string, quote: string) =>
    `页面写明的“${clip(quote)}”是${OTHER_SUBJECT_NAMES[subject] ?? '其他事项'}的时间，未识别到征求意见的起止时间或期限，需人工核查是否不少于 30 天。`,
  consultationAmbiguous: (count: number) =>
    `页面有 ${count} 个不同的日期区间，无法确定哪一个是征求意见时间，需人工核查是否不少于 30 天。`,

  interpretationMissing: (title: string, column: string) =>
    `栏目“${clip(column)}”中的政策文件“${clip(title)}”页面没有链接到政策解读。`,
  interpretationLinked: (title: string, linkText: string) =>
    `政策文件“${clip(title)}”页面链接了解读材料“${clip(linkText)}”。`,
  interpretationPageUnread: (title: string) =>
    `未能读取政策文件“${clip(title)}”的页面（未抓取或不是网页），无法确认是否链接了解读，需人工核查。`,
  interpretationNoPolicyDocs: () => '政策文件类栏目中没有识别为政策文件的信息，本项不适用。',
};
