/**
 * The faults the unit's home page links to, each with the link text a visitor would see. The test
 * walks this list: every entry must end with a stored page or a link check that says what went wrong.
 */

export interface FaultLink {
  /** Path (and query) on the fault server; `tls:` entries point at the HTTPS servers instead. */
  path: string;
  text: string;
}

export const FAULT_LINKS = {
  timeout: { path: '/f/timeout.html', text: '办事指南（无响应）' },
  stall: { path: '/f/stall.html', text: '通知公告（响应卡住）' },
  reset: { path: '/f/reset.html', text: '政策文件（连接中断）' },
  burst: { path: '/f/burst.html', text: '工作动态（临时故障）' },
  down: { path: '/f/down.html', text: '人事信息（服务器错误）' },
  busy: { path: '/f/busy.html', text: '财政信息（限流一次）' },
  limited: { path: '/f/limited.html', text: '统计信息（一直限流）' },
  loop: { path: '/f/loop-a.html', text: '机构职能（重定向循环）' },
  chain: { path: '/f/chain?n=1', text: '规划计划（重定向过长）' },
  huge: { path: '/f/huge.html', text: '年度报告（50 MB）' },
  endless: { path: '/f/endless.html', text: '数据开放（无尽数据流）' },
  pdf: { path: '/f/pdf.html', text: '规章制度（PDF 冒充网页）' },
  noise: { path: '/f/noise.html', text: '建议提案（乱码文件）' },
  nested: { path: '/f/nested.html', text: '公共服务（深层嵌套）' },
  malformed: { path: '/f/malformed.html', text: '应急管理（残缺 HTML）' },
  gbkUtf8: { path: '/f/gbk-utf8.html', text: '公开指南（GBK 标成 UTF-8）' },
  gbkBare: { path: '/f/gbk-bare.html', text: '公开制度（未声明编码）' },
  session: { path: '/f/session/list.jsp;jsessionid=0000HOMEA1B2C3D4E5F6A7B8C9D0E1F2', text: '会话列表' },
  sessionSid: { path: '/f/session/item.html?sid=0000HOMEB1B2C3D4E5F6A7B8C9D0E1F2', text: '会话详情' },
  calendar: { path: '/f/calendar?date=2020-11', text: '活动日历' },
  search: { path: '/f/search?a=0&b=0&c=0', text: '信息检索' },
} as const satisfies Record<string, FaultLink>;

export type FaultName = keyof typeof FAULT_LINKS;

/** Link texts of the two HTTPS sites with broken certificates (their URLs are known only at run time). */
export const TLS_LINK_TEXT = { selfSigned: '网上办事大厅（自签名证书）', expired: '互动交流平台（证书过期）' } as const;
