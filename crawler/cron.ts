/**
 * Cron expressions as the office writes them: 5 fields (minute hour day month weekday, like crontab)
 * or 6 with seconds first (croner). One check shared by the config and `schedule --cron`.
 */
import { CronPattern } from 'croner';

/** croner's parsing mode: 7-field (year) patterns would surprise anyone used to crontab. */
export const CRON_MODE = '5-or-6-parts' as const;

export const CRON_HINT = '应为 5 段的 cron 表达式（分 时 日 月 周），例如 "0 2 * * *" 表示每天凌晨 2 点；也可写 6 段，最前面加秒';

/** null when `expr` is a cron expression croner accepts, else the zh-CN reason. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) return `“${expr}” 有 ${fields.length} 段，${CRON_HINT}`;
  try {
    new CronPattern(expr.trim(), undefined, { mode: CRON_MODE });
    return null;
  } catch {
    return `“${expr}” 不是有效的 cron 表达式，${CRON_HINT}`;
  }
}
