/** zh-CN help and usage errors of `gongkai schedule` (kept apart from text.zh-CN.ts, which lists the other commands). */
export const scheduleCliText = {
  summary: '定时运行抓取（每晚），保留最近若干次结果并发送提醒',
  usage: `用法：npx gongkai schedule --config 配置文件 --db 数据库文件 [--cron "0 2 * * *"] [--keep 30] [--log 日志文件] [--once]

  按 cron 时间定时运行抓取（例如每晚 2 点），每次运行后清理较早的结果，并按配置向各单位发送提醒
  （企业微信、钉钉群机器人或电子邮件）。一直运行，直到按 Ctrl-C 或收到 SIGTERM。
  --config   区县配置文件（YAML 或 JSON）；其中 schedule、alerts 两节见 docs/schedule.md
  --db       SQLite 数据库文件，默认 gongkai.sqlite
  --cron     cron 表达式：5 段（分 时 日 月 周），例如 "0 2 * * *" 为每天凌晨 2 点；
             也可写 6 段（最前面加秒）。默认取配置中的 schedule.cron
  --keep     数据库中保留最近多少次已完成的运行（默认取 schedule.keepRuns，否则 30）；
             误报、已整改标记和人工录入的分值不会被清理
  --log      日志文件（默认取 schedule.logFile，否则 gongkai-schedule.log，相对于配置文件所在目录）
  --once     立即运行一次后退出（供 systemd 定时器或 crontab 调用）

  同一数据库同时只能有一个定时任务；定时抓取进行时，到点的下一次会跳过并记入日志。
`,
  missingCron: 'schedule：没有指定运行时间。请用 --cron 给出 cron 表达式，例如 --cron "0 2 * * *"（每天凌晨 2 点），或在配置文件中写：\n  schedule:\n    cron: "0 2 * * *"',
  badCron: (problem: string) => `--cron: ${problem}`,
  badKeep: (v: string) => `--keep: “${v}” 不是正整数，应为保留的运行次数，例如 --keep 30`,
};
