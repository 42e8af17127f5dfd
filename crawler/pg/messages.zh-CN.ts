/** zh-CN messages of a worker's crawl through PostgreSQL (progress, joining and finishing a run). */
export const pgText = {
  joined: (run: number, evalDate: string) => `加入第 ${run} 次运行（评估日期 ${evalDate}），与其他工作进程共同抓取`,
  created: (run: number, units: number, evalDate: string) => `开始第 ${run} 次运行：${units} 个单位，评估日期 ${evalDate}（其他工作进程可加入）`,
  progress: (mine: number, done: number, open: number) => `本进程已抓取 ${mine} 页 · 全部已完成 ${done} 页 · 待抓取 ${open} 页`,
  finishing: (run: number) => `所有页面已抓取完毕，本进程负责第 ${run} 次运行的链接检查、附件、探测、无障碍检查和审核`,
  waitingForFinisher: '所有页面已抓取完毕，另一个工作进程正在完成链接检查和审核，等待其结束……',
  savingResults: '正在把结果写回 PostgreSQL……',
  pageFailed: (url: string, detail: string) => `处理页面 ${url} 时出错（${detail}），已放回队列，稍后重试`,
};
