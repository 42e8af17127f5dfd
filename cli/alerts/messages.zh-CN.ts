/** zh-CN wording of the nightly messages (vocabulary of reports/messages.zh-CN.ts OFFICE). */
import { formatScore, formatScoreOf } from '../../reports/messages.zh-CN.js';

const signed = (n: number) => (n > 0 ? `+${formatScore(n)}` : n < 0 ? `−${formatScore(-n)}` : '持平');

export const alertText = {
  title: (district: string, unit: string, evalDate: string) => `${district ? `${district} · ` : ''}${unit}：${evalDate} 夜间检查结果`,
  score: (total: number, max: number) => `得分：${formatScore(total)}/${formatScore(max)}`,
  scoreChange: (previous: number | null, now: number) =>
    previous === null ? '（上次未能评分）' : `（上次 ${formatScore(previous)}，${signed(now - previous)}）`,
  vetoed: '单项否决',
  notAssessed: '首页无法访问，本次未能评分',
  compared: (runId: string, evalDate: string) => `与上次检查（第 ${runId} 次运行，评估日期 ${evalDate}）相比：`,
  counts: (n: number, f: number, o: number) => `新增 ${n} 项，已消除 ${f} 项，仍存在 ${o} 项`,
  firstRun: '首次运行，无对比',
  currentCount: (n: number) => `当前问题 ${n} 项`,
  newHeading: (n: number) => `新增问题（${n} 项）`,
  currentHeading: (n: number) => `当前问题（${n} 项）`,
  noNew: '没有新增问题。',
  noViolations: '没有发现问题。',
  templatePages: (n: number) => `模板问题（共 ${n} 个页面）`,
  more: (n: number) => `另有 ${n} 项未列出，详见检查报告。`,
  reappearedHeading: (n: number) => `整改后再次出现（${n} 项）`,
  reappearedNote: '这些问题曾标记为已整改（待复查），本次检查再次发现。',
  forecastHeading: (until: string) => `即将超过更新期限的栏目（下次检查 ${until} 前）`,
  forecastNote: '如在此之前发布新的信息，就不会超期。',
  truncated: '（消息较长，以上为部分内容，完整结果请看检查报告。）',
  emailSubject: (unit: string, evalDate: string, score: { total: number; max: number } | null, news: number | null) =>
    `【政务公开检查】${unit} ${evalDate}：${score ? `${formatScoreOf(score.total, score.max)} 分` : '未能评分'}${news !== null && news > 0 ? `，新增问题 ${news} 项` : ''}`,
  footer: '本消息由 Gongkai 定时任务自动发送。',
};

export const alertLog = {
  sent: (channel: string, unit: string) => `提醒已发送：${unit} → ${channel}`,
  failed: (channel: string, unit: string, why: string) => `提醒发送失败：${unit} → ${channel}（${why}）`,
  retrying: (channel: string, why: string) => `发送到 ${channel} 失败（${why}），稍后重试一次。`,
  httpStatus: (status: number) => `服务器返回 HTTP ${status}`,
  robotError: (code: unknown, msg: string) => `机器人返回错误 errcode ${String(code)}${msg ? `：${msg}` : ''}`,
  timeout: (s: number) => `${s} 秒内没有响应`,
  badReply: '机器人的回复不是 JSON',
  noPassword: (env: string) => `环境变量 ${env} 没有设置，无法登录邮件服务器，邮件未发送`,
  noRecipients: '未配置任何提醒接收方，不发送提醒。',
  summary: (sent: number, failed: number) => `提醒发送完毕：成功 ${sent} 条，失败 ${failed} 条。`,
};
