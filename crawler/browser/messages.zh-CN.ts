/**
 * zh-CN texts for browser rendering: why a browser is unavailable, why a page could not be
 * rendered, and why the crawler decided a page needs rendering. Users are civil servants: calm,
 * plain sentences that say what happened and what to do.
 */
export const browserMessages = {
  // Pool
  launchFailed: (detail: string) =>
    `Chromium 浏览器无法启动（${detail}），需要浏览器渲染的页面和无障碍（axe）检查将跳过。可运行 npm run setup:browser 检查安装，或设置环境变量 GONGKAI_CHROMIUM 指向可用的 Chromium/Chrome。`,
  poolClosed: '浏览器已关闭，本次检查不再渲染页面。',
  pageDeadline: (ms: number) => `页面处理超过 ${Math.round(ms / 1000)} 秒仍未完成，已放弃渲染。`,

  // Rendering one page
  renderTimeout: (ms: number) => `页面在 ${Math.round(ms / 1000)} 秒内没有加载完成，无法渲染。`,
  renderHttpStatus: (status: number) => `页面返回 HTTP ${status}，没有可渲染的内容。`,
  renderNoResponse: '浏览器没有收到该地址的网页响应。',
  renderDownload: '该地址是文件下载，不是网页，无法渲染。',
  renderCrashed: '浏览器渲染该页面时崩溃。',
  renderBlockedHost: (host: string) => `页面跳转到了其他网站（${host}），未跟随。`,
  renderScriptHung: '页面脚本长时间无响应，无法读取渲染结果。',
  renderFailed: (detail: string) => `浏览器渲染失败（${detail}）。`,

  // Why a page needs rendering (auto mode)
  reasonAlways: '配置要求所有页面都用浏览器渲染（render: always）。',
  reasonTemplateList: (directive: string, where: string) =>
    `列表由脚本模板生成（${directive}，位于 ${where}），静态网页中看不到条目。`,
  reasonEmptyList: (where: string, marker: string) =>
    `列表容器 ${where} 是空的，而页面脚本会加载列表（${marker}）。`,
  reasonDocumentWrite: '列表条目由脚本 document.write 写出，静态网页中看不到。',
  reasonEmptyPager: (where: string) => `分页区 ${where} 是空的，由脚本生成，静态网页中看不到分页链接。`,
  reasonScriptOnlyBody: (chars: number) => `页面正文几乎没有文字（${chars} 个字），内容可能由脚本生成。`,
};
