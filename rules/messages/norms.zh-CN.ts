/**
 * zh-CN finding messages of the norms area (site metadata, identity, HTTPS, IPv6). Arguments are
 * crawled strings or probe details: renderers escape them.
 */

/** Shorten a crawled string for a message (a meta value can be a whole paragraph). */
function clip(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function list(names: readonly string[]): string {
  return names.join('、');
}

export const NORMS_MESSAGES = {
  // meta.site
  metaSitePass: (idCode: string) => `首页有 SiteName、SiteDomain、SiteIDCode 三项网站元数据，网站标识码为 ${clip(idCode, 20)}。`,
  metaSiteMissing: (names: readonly string[]) => `首页缺少网站元数据 ${list(names)}（<meta name="…">）。`,
  metaSiteBadIdCode: (value: string) =>
    `首页 SiteIDCode 元数据“${clip(value, 30)}”格式不正确，应为 10 位数字（国务院部门为 bm 加 8 位数字）。`,
  metaSiteMissingAndBadIdCode: (names: readonly string[], value: string) =>
    `首页缺少网站元数据 ${list(names)}，且 SiteIDCode“${clip(value, 30)}”格式不正确（应为 10 位数字或 bm 加 8 位数字）。`,
  metaSiteRedirectPage: (names: readonly string[]) =>
    `首页是自动跳转页面（meta refresh），其中没有 ${list(names)} 元数据，需人工核查跳转后的首页。`,

  // meta.article
  metaArticleMissing: (names: readonly string[]) => `文章页缺少元数据 ${list(names)}（<meta name="…">）。`,
  metaArticleMissingOrEmpty: (absent: readonly string[], empty: readonly string[]) =>
    absent.length === 0
      ? `文章页元数据 ${list(empty)} 的内容为空。`
      : `文章页缺少元数据 ${list(absent)}，且 ${list(empty)} 的内容为空。`,

  // site.identity
  identityPass: () => '首页底部有网站标识码、ICP备案号和公安机关备案号。',
  identityPassNoConac: () =>
    '首页底部有网站标识码、ICP备案号和公安机关备案号；未识别到党政机关网站标识（常由脚本加载），可人工确认。',
  identityMissing: (names: readonly string[]) => `首页底部缺少${list(names)}。`,
  identityUnsure: (names: readonly string[], reason: string) => `首页未识别到${list(names)}（${reason}），需人工核查。`,
  identityReasonTruncated: () => '首页文字过长，页脚可能未被完整读取',
  identityReasonNoFooter: () => '未识别到页脚，页脚可能由脚本加载',

  // site.https / site.ipv6 (the detail comes from the crawler's probe, already zh-CN)
  httpsPass: (detail: string) => `网站支持 HTTPS 访问（${clip(detail, 120)}）。`,
  httpsMissing: (detail: string) => `网站不支持 HTTPS 访问（${clip(detail, 120)}）。`,
  httpsUnknown: (detail: string) => `未能确认网站是否支持 HTTPS（${clip(detail, 120)}），需人工核查。`,
  httpsInapplicable: (detail: string) => `本项不适用（${clip(detail, 120)}）。`,
  httpsNotProbed: () => '本次未检测 HTTPS（首页未能获取或检测被中断），需人工核查。',
  ipv6Pass: (detail: string) => `网站域名有 IPv6 解析（${clip(detail, 120)}）。`,
  ipv6Missing: (detail: string) => `网站域名没有 IPv6（AAAA）解析（${clip(detail, 120)}）。`,
  ipv6Unknown: (detail: string) => `未能确认网站域名是否有 IPv6 解析（${clip(detail, 120)}），需人工核查。`,
  ipv6Inapplicable: (detail: string) => `本项不适用（${clip(detail, 120)}）。`,
  ipv6NotProbed: () => '本次未检测 IPv6（首页未能获取或检测被中断），需人工核查。',
} as const;
