/**
 * Every zh-CN finding message of the rules in one place, so wording stays consistent and another
 * language can be added beside this file. Arguments are crawled strings: renderers escape them.
 */

/** Shorten a crawled string for a message (link texts can be whole paragraphs). */
function clip(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** Links without text (icons) are named by their address. */
function linkLabel(text: string, href: string): string {
  return clip(text) || clip(href, 80);
}

export const MESSAGES = {
  ruleError: (ruleId: string, error: string) => `检查项 ${ruleId} 运行出错，需人工核查：${clip(error, 120)}`,

  imageAlt: (src: string) => `图片“${clip(src, 80)}”没有 alt 替代文本，读屏软件无法说明其内容。`,
  htmlLangMissing: () => '页面的 <html> 元素没有声明语言（lang 属性），读屏软件无法正确朗读。',
  htmlLangEmpty: () => '页面的 <html> 元素 lang 属性为空，读屏软件无法正确朗读。',
  titleMissing: () => '页面没有 <title> 标题。',
  titleEmpty: () => '页面的 <title> 标题为空。',

  homeMissing: (reason: string) => `未能获取网站首页（${reason}），该项需人工核查。`,
  // Reasons the site model gives for a missing home page (shown inside homeMissing).
  homeNotCrawled: () => '首页未被抓取',
  homeUnreachable: (error: string) => `首页无法访问：${error}`,
  homeHttpStatus: (status: number) => `首页返回 HTTP ${status}`,
  homeNotHtml: () => '首页不是可解析的网页',

  columnPresentPass: (name: string) => `首页有政府信息公开专栏入口“${clip(name)}”。`,
  columnAbsent: () => '首页未找到“政府信息公开”专栏入口（含“信息公开”“政务公开”等名称）。',
  columnNamePass: () => '政府信息公开专栏名称为“政府信息公开”，符合要求。',
  columnNameWrong: (name: string) => `政府信息公开专栏名称为“${clip(name)}”，应为“政府信息公开”。`,
  columnNotFound: () => '首页未找到政府信息公开专栏，本项不适用（见“首页设置政府信息公开专栏”）。',

  partsPageUnread: (url: string) => `未能读取政府信息公开专栏页面（${clip(url, 120)}），无法检查四个组成部分，需人工核查。`,
  partNotOnHomeBlock: (part: string, url: string) =>
    `未能读取政府信息公开专栏页面（${clip(url, 120)}），首页的政府信息公开版块中没有“${part}”的链接；它可能在专栏页面上，需人工核查。`,
  partPresent: (part: string, label: string) =>
    label === part ? `专栏包含“${part}”。` : `专栏包含“${part}”（显示为“${clip(label)}”）。`,
  partMissing: (part: string) => `政府信息公开专栏缺少“${part}”部分。`,
  partUnlinked: (part: string, label: string) =>
    `专栏页面显示了“${clip(label)}”，但没有可访问的链接（可能是由脚本切换的标签页），无法确认“${part}”部分的内容，需人工核查。`,

  homeFresh: (newest: string, ageDays: number, limitDays: number) =>
    `首页最新信息发布于 ${newest}，距评估日 ${ageDays} 天，符合 ${limitDays} 天内更新的要求。`,
  homeStale: (newest: string, ageDays: number, limitDays: number) =>
    `首页最新信息发布于 ${newest}，距评估日已 ${ageDays} 天，超过 ${limitDays} 天的更新要求。`,
  homeUndated: () => '首页未识别到带日期的信息（可能由脚本加载或未显示日期），需人工核查更新情况。',
  homeOnlyFutureDates: (newest: string, evalDate: string) =>
    `首页信息的日期均晚于评估日 ${evalDate}（最晚为 ${newest}），日期可能有误，需人工核查更新情况。`,

  columnFresh: (name: string, newest: string, ageDays: number, limit: string) =>
    `栏目“${clip(name)}”最新信息发布于 ${newest}，距评估日 ${ageDays} 天，符合 ${limit}内更新的要求。`,
  columnStale: (name: string, newest: string, ageDays: number, limit: string) =>
    `栏目“${clip(name)}”最新信息发布于 ${newest}，距评估日已 ${ageDays} 天，超过 ${limit}的更新要求。`,
  columnUndated: (name: string, entries: number) =>
    `栏目“${clip(name)}”有 ${entries} 条信息但未识别到发布日期，需人工核查更新情况。`,
  columnOnlyFutureDates: (name: string, newest: string, evalDate: string) =>
    `栏目“${clip(name)}”信息的日期均晚于评估日 ${evalDate}（最晚为 ${newest}），日期可能有误，需人工核查更新情况。`,
  columnExempt: (name: string) => `栏目“${clip(name)}”属于历史或专题栏目，不检查更新时效。`,
  columnNoLimit: (name: string) => `栏目“${clip(name)}”不属于有更新期限要求的栏目类型。`,

  columnHasItems: (name: string, entries: number) => `栏目“${clip(name)}”有 ${entries} 条信息。`,
  columnSingleArticle: (name: string, chars: number) => `栏目“${clip(name)}”以一篇文章的形式显示内容（正文约 ${chars} 字），不是空白栏目。`,
  columnEmpty: (name: string, marker: string) => `栏目“${clip(name)}”没有任何信息（页面显示“${clip(marker, 20)}”）。`,
  columnDatastoreEmpty: (name: string) => `栏目“${clip(name)}”没有任何信息（栏目数据记录数为 0）。`,
  columnMaybeEmpty: (name: string) =>
    `页面“${clip(name)}”未识别到任何信息条目，可能是空白栏目，也可能由脚本加载，需人工核查。`,

  linkBrokenStatus: (text: string, href: string, status: number) =>
    `链接“${linkLabel(text, href)}”（${clip(href, 120)}）无法访问，服务器返回 HTTP ${status}。`,
  linkBrokenError: (text: string, href: string, error: string) =>
    `链接“${linkLabel(text, href)}”（${clip(href, 120)}）无法访问：${clip(error, 60)}。`,
  linkDoubt: (text: string, href: string, reason: string) =>
    `链接“${linkLabel(text, href)}”（${clip(href, 120)}）暂时无法确认是否可用（${clip(reason, 60)}），需人工核查。`,
  linkUnreachable: () => '无法访问',
  unknownReason: () => '未知原因',
  linksAllOk: (checked: number) => `已检查 ${checked} 个链接，未发现失效链接。`,
  linksNotChecked: () => '本次没有检查链接。',
} as const;
