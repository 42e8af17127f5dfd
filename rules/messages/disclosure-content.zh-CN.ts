/**
 * zh-CN finding messages of the disclosure-content rules (指南 and 年度报告). Arguments are crawled
 * strings: renderers escape them.
 */

function clip(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

const HOW: Record<'meta' | 'label' | 'heading' | 'signature', string> = {
  meta: '页面元数据 PubDate',
  label: '页面日期标注',
  heading: '标题或正文开头',
  signature: '文末落款',
};

export const DISCLOSURE_CONTENT_MESSAGES = {
  noGuidePart: () => '政府信息公开专栏中未找到“政府信息公开指南”，本项不适用（见“政府信息公开专栏四个组成部分”）。',
  noDisclosureColumn: () => '未找到政府信息公开专栏，本项不适用（见“首页设置政府信息公开专栏”）。',
  partsUnread: () => '未能读取政府信息公开专栏页面，无法检查本项，需人工核查。',
  guideUnread: (url: string) => `未能读取政府信息公开指南页面（${clip(url, 120)}），需人工核查是否标注更新日期。`,
  guideDated: (date: string, how: 'meta' | 'label' | 'heading' | 'signature') => `政府信息公开指南标注了日期 ${date}（见${HOW[how]}）。`,
  guideUndated: () => '政府信息公开指南页面未标注发布或更新日期。',

  noReportPart: () => '政府信息公开专栏中未找到“政府信息公开年报”，本项不适用（见“政府信息公开专栏四个组成部分”）。',
  reportListUnread: (url: string) => `未能读取政府信息公开年报栏目（${clip(url, 120)}），需人工核查年度报告发布情况。`,
  reportListNoItems: (url: string) => `政府信息公开年报栏目（${clip(url, 120)}）未读出带日期的报告条目，需人工核查。`,
  reportListEmpty: (year: number, deadline: string) => `政府信息公开年报栏目为空，未发布${year}年度政府信息公开工作年度报告（应于 ${deadline} 前发布）。`,
  reportCurrent: (year: number, published: string, deadline: string) =>
    `已于 ${published} 发布${year}年度政府信息公开工作年度报告，未超过 ${deadline} 的期限。`,
  reportMissing: (year: number, deadline: string) => `年报栏目中未找到${year}年度政府信息公开工作年度报告（应于 ${deadline} 前发布）。`,
  reportMissingUnsure: (year: number, count: number) =>
    `年报栏目中未找到标明${year}年度的报告，但有 ${count} 条条目看不出所属年度，需人工核查。`,
  reportLate: (year: number, published: string, deadline: string) =>
    `${year}年度政府信息公开工作年度报告发布于 ${published}，晚于 ${deadline} 的法定期限。`,
  reportUndated: (year: number, deadline: string) => `已发布${year}年度政府信息公开工作年度报告，但未能确定发布日期，无法判断是否在 ${deadline} 前发布，需人工核查。`,

  noReports: () => '年报栏目中没有可检查的年度报告，本项不适用。',
  reportUnread: (title: string) => `未能读取年度报告“${clip(title)}”的正文，需人工核查。`,
  reportNoSections: (title: string) => `年度报告“${clip(title)}”的正文中未识别出任何规定部分（正文可能在附件或图片中），需人工核查。`,
  sectionsPresent: (title: string) => `年度报告“${clip(title)}”包含规定格式的六个部分。`,
  sectionMissing: (title: string, section: string) => `年度报告“${clip(title)}”缺少“${section}”部分。`,

  table3OldFormat: (year: number) => `${year}年度报告早于 2019 年新格式，未见新格式表三，本项不适用。`,
  table3Unreadable: (title: string) => `未能可靠读出年度报告“${clip(title)}”表三（依申请公开情况）的数据，需人工核查。`,
  table3Balanced: (title: string) => `年度报告“${clip(title)}”表三数据平衡：本年新收与上年结转之和等于办理结果总计与结转下年度之和。`,
  table3Unbalanced: (title: string, column: string, received: number, carriedOver: number, total: number, carriedForward: number) =>
    `年度报告“${clip(title)}”表三“${column}”列不平衡：本年新收 ${received} + 上年结转 ${carriedOver} ≠ 办理结果总计 ${total} + 结转下年度 ${carriedForward}。`,
};
