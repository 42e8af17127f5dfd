/** A plain, valid zh-CN page of the fault unit: every fault page that is not itself broken HTML uses it. */
export function unitPage(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title} - 故障测试局</title></head>
<body><header><h1>故障测试局</h1><nav><a href="/">首页</a></nav></header><main><h2>${title}</h2>${body}</main>
<footer>主办单位：故障测试局　网站标识码：0000000001</footer></body></html>`;
}
