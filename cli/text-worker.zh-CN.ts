/** zh-CN texts of `gongkai worker`: usage, summary and what the command itself prints. */
export const workerCliText = {
  done: (run: number, mine: number, where: string) => `第 ${run} 次运行已完成。本进程抓取了 ${mine} 页。结果保存在 PostgreSQL 数据库 ${where}。`,
  howToCopy: '如需导出报告，可在启动任一工作进程时加上 --export-sqlite 结果.sqlite，运行完成后即得到可供 export / serve 使用的 SQLite 副本。',
  sqliteCopy: (file: string) => `SQLite 副本：${file}（可用于 npx gongkai export / serve --db ${file}）`,
  exportExists: (file: string) => `--export-sqlite 指定的文件 ${file} 已存在。为避免覆盖已有数据，请换一个新的文件名。`,
  runFailed: (run: number) => `第 ${run} 次运行在另一个工作进程中失败，请查看该进程的输出。`,
  interrupted: '已停止。本进程未完成的页面会由其他工作进程（或下次启动的工作进程）重新抓取，不会丢失。',
  badConcurrency: '--concurrency 应为 1 到 64 之间的整数',
  summary: '多台机器共同抓取一个区县（PostgreSQL 数据库，分布式工作进程）',
  usage: `用法：npx gongkai worker --db postgres://用户@主机/数据库 --config 区县配置.yaml [--concurrency N] [--export-sqlite 结果.sqlite] [--now 日期] [--name 名称] [--quiet]

  在一台或多台机器上各启动一个（或几个）工作进程，连接同一个 PostgreSQL 数据库和同一份配置，
  它们会自动加入同一次运行，分担网页抓取；对同一网站的礼貌限制（每主机间隔、并发）在所有
  工作进程之间共同遵守。全部网页抓取完后，由其中一个工作进程完成链接检查、附件、探测、无障碍
  检查和审核评分；其他工作进程等待其结束后退出。任何工作进程中途退出，其未完成的网页会由
  其他工作进程重新抓取。工作进程不做增量抓取（配置中的 crawl.incremental 不起作用，每页都完整下载）。
  --db             PostgreSQL 连接地址（必填），例如 postgres://gongkai@10.0.0.5/gongkai
  --config         区县配置文件（必填）；所有工作进程须使用同一份配置
  --concurrency    本进程同时进行的请求数（默认取配置中的 crawl.concurrency）
  --export-sqlite  运行完成后，把结果另存为一个新的 SQLite 文件，可直接用于
                   npx gongkai export / serve --db 该文件
  --now            评估日期（YYYY-MM-DD，默认今天）；加入已有运行时沿用该运行的日期
  --name           本工作进程的名称，显示在日志中并记录在它抓取的每个页面上（默认为主机名和进程号）
  --quiet          不显示进度
`,
};
