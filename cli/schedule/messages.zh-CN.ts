/** zh-CN texts of `gongkai schedule`: its log lines and its lock messages. */
import { DEFAULT_TIME_ZONE, formatOfficeTime, zoneLabel } from '../../rules/office-time.js';
import type { LockHolder } from './lock.js';


/** The office's time zone for everything the scheduler writes (set once from the config). */
let officeZone = DEFAULT_TIME_ZONE;

export function useOfficeTimeZone(tz: string): void {
  officeZone = tz;
}

/** A time in the office's time zone (not the machine's), as the log and messages show it. */
export function localTime(d: Date): string {
  return formatOfficeTime(d, officeZone);
}

const COMMAND_NAMES: Record<string, string> = {
  schedule: '定时任务（gongkai schedule）',
  crawl: '手动抓取（gongkai crawl）',
  'schedule-crawl': '定时任务启动的抓取',
  audit: '重新审核（gongkai audit）',
};

function since(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : localTime(d);
}

export const scheduleText = {
  lockHeld: (dbFile: string, h: LockHolder, lockFile: string) =>
    `数据库 ${dbFile} 正被另一个 Gongkai 进程使用：${COMMAND_NAMES[h.command] ?? h.command}，进程号 ${h.pids.join('、')}` +
    `${h.host ? `（主机 ${h.host}）` : ''}，自 ${since(h.since)} 起。\n` +
    `请等它结束后再试，或先停止它。如确认该进程已不存在，可删除锁文件 ${lockFile}。`,
  staleLockTaken: (h: LockHolder | null) =>
    h ? `上次的锁已失效（进程 ${h.pids.join('、')} 已不存在），已接管。` : '发现无法识别的锁文件，已视为失效并接管。',
  started: (cron: string, db: string, keep: number) => `定时任务已启动：cron “${cron}”，数据库 ${db}，保留最近 ${keep} 次已完成的运行。`,
  nextRun: (d: Date | null) => (d ? `下次运行时间：${localTime(d)}（${zoneLabel(officeZone)}）` : '按此 cron 表达式不会再有运行时间。'),
  fixedEvalDate: (date: string, today: string) =>
    `注意：配置中写了固定的评估日期 evalDate: ${date}。定时任务每晚按当晚的日期评估（今晚为 ${today}），不使用这个固定日期；如需按固定日期评估，请用 npx gongkai crawl --now。`,
  tickStart: '开始本次定时抓取。',
  tickSkippedBusy: (since: Date | null) => `上一次抓取${since ? `（${localTime(since)} 开始）` : ''}仍在进行，本次跳过。`,
  tickSkippedLocked: (message: string) => `本次跳过：${message}`,
  crawlCommand: (args: string) => `启动抓取：gongkai ${args}`,
  resuming: (runId: number) => `继续第 ${runId} 次运行中未完成的抓取（同一评估日期、同一配置）。`,
  crawlOutput: (line: string) => `  [抓取] ${line}`,
  crawlDone: (runId: number, ms: number) => `抓取完成：第 ${runId} 次运行，用时 ${Math.round(ms / 1000)} 秒。`,
  crawlFailed: (code: number | null, signal: string | null) =>
    signal ? `抓取进程被信号 ${signal} 终止，本次没有新的结果。` : `抓取失败（退出码 ${code}），本次没有新的结果。详情见上面的抓取输出。`,
  crawlInterrupted: '抓取已按要求停止，这次运行可以用 gongkai crawl --resume 继续，下次定时任务也会继续它。',
  noNewRun: '抓取结束，但数据库中没有新的已完成运行。',
  pruned: (ids: number[], keep: number) => (ids.length > 0 ? `已清理较早的运行：第 ${ids.join('、')} 次（保留最近 ${keep} 次）。` : `无需清理（已完成的运行不超过 ${keep} 次）。`),
  pruneFailed: (msg: string) => `清理旧运行时出错：${msg}`,
  alertsFailed: (msg: string) => `发送提醒时出错：${msg}`,
  tickDone: (runId: number) => `本次定时任务完成（第 ${runId} 次运行）。`,
  tickFailed: (msg: string) => `本次定时任务出错：${msg}`,
  configProblem: (msg: string) => `配置文件有误，本次仍按命令行参数运行，提醒可能无法发送：${msg}`,
  stopping: (signal: string) => `收到 ${signal}，停止定时任务。`,
  stoppingCrawl: '正在停止进行中的抓取（已抓取的页面已保存，可以继续）……',
  stoppingForce: '再次收到停止信号，立即结束抓取进程。',
  stopped: '定时任务已停止。',
  onceDone: '单次运行结束。',
};
