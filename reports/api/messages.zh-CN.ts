/** zh-CN texts of `gongkai serve` (API errors, the API list, console lines). The dashboard's are in reports/dashboard. */
export const SERVE_TEXT = {
  notFound: '没有这个地址。看板在首页 /；可用的接口：/api/findings?url=页面网址、/api/units、/health。',
  methodNotAllowed: '只支持 GET 请求。',
  badRequest: '请求地址无法解析（可能含有错误的百分号编码）。',
  tooLong: '请求地址过长。',
  badHost: '请求的主机名不是本服务的地址，已拒绝（防止其他网站借助域名读取检查结果）。',
  missingUrl: '缺少参数 url，例如 /api/findings?url=http://www.example.gov.cn/col/col1/index.html',
  badUrl: (v: string) => `参数 url “${v.slice(0, 200)}” 不是有效的 http 或 https 网址。`,
  noRun: '数据库中还没有已完成的运行。请先运行 npx gongkai crawl。',
  internal: '服务器内部错误，请查看服务端输出。',
  pageRoutes: [
    ['/api/findings?url=页面网址', '某个页面所属单位的得分、排名，以及与该页面有关的问题'],
    ['/api/units', '各单位的得分和排名（JSON）'],
    ['/health', '服务状态'],
  ] as const,
  listening: (url: string) => `Gongkai 结果服务已启动：${url}（按 Ctrl+C 停止）`,
  nonLoopback: (host: string) =>
    `注意：服务监听在 ${host}，不只是本机（127.0.0.1）。同一网络中的其他人也能读取检查结果；如无必要，请去掉 --host。`,
  portInUse: (host: string, port: number) => `端口 ${port} 已被占用（${host}）。请用 --port 换一个端口，例如 --port 8081。`,
  cannotListen: (host: string, port: number, msg: string) => `无法在 ${host}:${port} 上启动服务（${msg}）。请检查 --host 和 --port。`,
  badPort: (v: string) => `--port: “${v}” 不是有效的端口号，应为 0 到 65535 之间的整数，例如 --port 8080`,
  stopped: '服务已停止。',
  badToken: '--token: 操作口令至少需要 12 个字符（不含空白），或不指定 --token 由程序随机生成。',
  tokenFromEnv: '操作口令取自环境变量 GONGKAI_TOKEN。',
};
