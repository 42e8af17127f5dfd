/** zh-CN messages of the PostgreSQL store and the `gongkai worker` command. */
export const pgText = {
  badUrl: '--db 应为 PostgreSQL 连接地址，例如 --db postgres://gongkai@数据库主机/gongkai',
  unreachable: (where: string, detail: string) =>
    `无法连接 PostgreSQL 数据库 ${where}（${detail}）。请检查 --db 中的主机、端口、用户名和数据库名是否正确，以及数据库服务是否已启动。`,
  /** Common causes of a failed connection, by system or PostgreSQL error code. */
  connectCauses: {
    ECONNREFUSED: '连接被拒绝：该主机的这个端口上没有数据库服务',
    ENOTFOUND: '找不到这个主机名',
    EAI_AGAIN: '暂时无法解析这个主机名',
    ETIMEDOUT: '连接超时',
    ECONNRESET: '连接被对方中断',
    '28P01': '用户名或密码不正确',
    '28000': '数据库不允许这个用户连接',
    '3D000': '数据库不存在',
  } as Record<string, string>,
  newerSchema: (v: number) => `PostgreSQL 数据库由更新版本的 Gongkai 创建（结构版本 ${v}），请升级 Gongkai。`,
  joined: (run: number, evalDate: string) => `加入第 ${run} 次运行（评估日期 ${evalDate}），与其他工作进程共同抓取`,
  created: (run: number, units: number, evalDate: string) => `开始第 ${run} 次运行：${units} 个单位，评估日期 ${evalDate}（其他工作进程可加入）`,
  progress: (mine: number, done: number, open: number) => `本进程已抓取 ${mine} 页 · 全部已完成 ${done} 页 · 待抓取 ${open} 页`,
  finishing: (run: number) => `所有页面已抓取完毕，本进程负责第 ${run} 次运行的链接检查、附件、探测、无障碍检查和审核`,
  waitingForFinisher: '所有页面已抓取完毕，另一个工作进程正在完成链接检查和审核，等待其结束……',
  savingResults: '正在把结果写回 PostgreSQL……',
  done: (run: number, mine: number, where: string) => `第 ${run} 次运行已完成。本进程抓取了 ${mine} 页。结果保存在 PostgreSQL 数据库 ${where}。`,
  howToCopy: '如需导出报告，可在启动任一工作进程时加上 --export-sqlite 结果.sqlite，运行完成后即得到可供 export / serve 使用的 SQLite 副本。',
  sqliteCopy: (file: string) => `SQLite 副本：${file}（可用于 npx gongkai export / serve --db ${file}）`,
  exportExists: (file: string) => `--export-sqlite 指定的文件 ${file} 已存在。为避免覆盖已有数据，请换一个新的文件名。`,
  runFailed: (run: number) => `第 ${run} 次运行在另一个工作进程中失败，请查看该进程的输出。`,
  interrupted: '已停止。本进程未完成的页面会由其他工作进程（或下次启动的工作进程）重新抓取，不会丢失。',
  pageFailed: (url: string, detail: string) => `处理页面 ${url} 时出错（${detail}），已放回队列，稍后重试`,
  badConcurrency: '--concurrency 应为 1 到 64 之间的整数',
};
