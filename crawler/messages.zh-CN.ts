import { formatBeijingTime } from '../rules/office-time.js';

/**
 * zh-CN texts the crawler shows to users (fetch errors, robots notes, crawl-trap reasons).
 * One flat object so another language can be added as a sibling file with the same keys.
 */
export const messages = {
  // fetch errors
  fetchTimeout: (ms: number) => `请求超时（${formatSeconds(ms)} 秒内未完成）`,
  fetchDns: (host: string) => `域名无法解析：${host}`,
  fetchRefused: (host: string) => `服务器拒绝连接：${host}`,
  fetchReset: '连接被服务器中断',
  fetchTls: (code: string) => `${tlsProblem(code)}，无法安全访问（${code}）`,
  fetchNotHtml: (what: string) => `服务器声明这是网页（text/html），但内容实际是${what}，未按网页检查`,
  fetchRedirectLoop: (url: string) => `重定向形成循环，又回到了 ${url}`,
  fetchTooManyRedirects: (max: number) => `重定向次数超过 ${max} 次`,
  fetchTooLarge: (maxBytes: number) => `页面超过 ${formatBytes(maxBytes)}，只读取了前 ${formatBytes(maxBytes)}`,
  fetchBadRedirect: (location: string) => `重定向目标不是有效的网页地址：${location}`,
  fetchAborted: '请求已取消',
  fetchBadUrl: (url: string) => `不是有效的网页地址：${url}`,
  fetchOther: (detail: string) => `请求失败（${detail}）`,
  fetchBadPort: (port: string) => `端口 ${port} 属于浏览器禁止访问的端口，无法抓取（请改用网站的常用端口，如 80 或 443）`,

  // robots.txt
  robotsUnavailable: (detail: string) => `无法读取 robots.txt（${detail}），按允许抓取处理`,

  // crawl traps
  trapInvalidUrl: '不是有效的网页地址',
  trapUrlTooLong: (max: number) => `网址长度超过 ${max} 个字符，可能是抓取陷阱`,
  trapPathRepeats: (segment: string) => `网址路径中“${segment}”反复出现，可能是相对链接形成的死循环`,
  trapPaginationTooDeep: (page: number, max: number) => `分页第 ${page} 页超过上限 ${max} 页，不再继续翻页`,
  trapCalendar: (max: number) => `日历类页面超过 ${max} 个，可能是无限日历，不再继续`,
  trapQueryVariants: (max: number) => `同一页面的不同查询参数超过 ${max} 种，可能是搜索或筛选陷阱`,
};

/** 1.5 for 1500 ms, 15 for 15000 ms: a rounded "2 秒" for a 1.5 s limit would misstate it. */
function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * What a TLS error code means for a visitor, in words an office can pass on to the site's
 * maintainer: the certificate is invalid (expired, self-signed, wrong name, untrusted) or the
 * encrypted connection itself failed.
 */
function tlsProblem(code: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'HTTPS 证书无效：证书已过期';
    case 'CERT_NOT_YET_VALID':
      return 'HTTPS 证书无效：证书尚未生效';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'HTTPS 证书无效：自签名证书，浏览器不信任';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return 'HTTPS 证书无效：证书与网站域名不符';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_UNTRUSTED':
    case 'CERT_CHAIN_TOO_LONG':
      return 'HTTPS 证书无效：证书链不完整或签发机构不受信任';
    case 'CERT_REVOKED':
      return 'HTTPS 证书无效：证书已被吊销';
    default:
      return /CERT/i.test(code) ? 'HTTPS 证书无效' : 'HTTPS 加密连接失败';
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

/** Texts of a crawl run as shown in the terminal and in logs. */
export const crawlText = {
  robotsDisallowed: 'robots.txt 禁止抓取此页面',
  resumed: (n: number) => `继续上次中断的抓取：还有 ${n} 个页面待抓取`,
  progress: (pages: number, queued: number, errors: number) => `已抓取 ${pages} 页 · 待抓取 ${queued} · 出错 ${errors}`,
  checkingLinks: (n: number) => `检查链接：共 ${n} 个待检查的链接目标`,
  linkProgress: (done: number, total: number) => `已检查链接 ${done}/${total}`,
  auditing: (units: number) => `审核 ${units} 个单位并评分`,
  auditUnit: (name: string, pages: number) => `审核 ${name}（${pages} 页）`,
  crawlStart: (run: number, units: number, evalDate: string) => `开始抓取（第 ${run} 次运行，${units} 个单位，评估日期 ${evalDate}）`,
  resuming: (run: number, startedAt: string, evalDate: string) => `继续第 ${run} 次运行（开始于北京时间 ${formatBeijingTime(startedAt)}，评估日期 ${evalDate}）`,
  resumeKeepsEvalDate: (evalDate: string) => `继续的运行沿用它开始时的评估日期 ${evalDate}（--now 只对新的运行有效）`,
  nothingToResume: '没有未完成的运行，开始新的抓取。',
  resumeConfigChanged: (run: number) => `配置文件自第 ${run} 次运行开始后已修改，不能继续这次运行。请去掉 --resume 开始新的抓取，或恢复原来的配置后再继续。`,
  interruptReceived: '收到中断信号，正在停止……已完成的页面都已保存（再按一次 Ctrl-C 立即退出）',
  interrupted: (run: number) => `抓取已中断。已完成的页面均已保存，可用 --resume 继续第 ${run} 次运行。`,
  resumeKeepsIncremental: (run: number) => `第 ${run} 次运行开始时是增量抓取，继续时仍按增量抓取（--full 只对新的运行有效）`,
  reusedUnchanged: (pages: number, attachments: number, previousRun: number) =>
    `与第 ${previousRun} 次运行相比未发生变化、直接沿用的：网页 ${pages} 个，附件 ${attachments} 个（未重新下载，照常审核）`,
  /** A page or link whose processing failed in an unexpected way (a defect of Gongkai, not of the site). */
  processingFailed: (detail: string) => `处理时出错（${detail}），已跳过`,
  reusedInSummary: (pages: number) => `（其中 ${pages} 页未变化，沿用上次下载的内容，照常审核）`,
  noUnitReachable: (units: number) =>
    `注意：${units} 个单位的首页都无法访问，本次运行没有评出任何分数。请检查网络连接和配置中的网址（演示区县的网址只在 gongkai demo 运行期间可以访问）。`,
  budgetSpent: (minutes: number) => `今晚的抓取时间预算（${minutes} 分钟）已用完：不再发出新的请求，其余页面沿用上次核验的结果，新页面留待下一晚`,
  nightPlan: (previousRun: number, revisitDays: number) => `按每晚计划抓取（以第 ${previousRun} 次运行为基础）：首页、政府信息公开专栏、各栏目列表页和新页面今晚抓取，其余已知页面每 ${revisitDays} 晚至少复核一次`,
};
