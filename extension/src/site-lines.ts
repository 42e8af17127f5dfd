/**
 * The overlay's banner lines about the page's site, in zh-CN: the server's site findings for this
 * page, or why there are none.
 */
import type { SiteResult } from './messages.js';
import { scoreText } from './score-text.js';

export const NO_SERVER_LINE = '未连接 Gongkai 服务，仅显示本页检查结果';
/** At most this many server findings in the banner; the popup lists all of them. */
const MAX_LINES = 3;

export function siteLines(site: SiteResult | null): string[] {
  if (!site || site.status === 'no-server') return [NO_SERVER_LINE];
  if (site.status === 'failed') return [`无法读取 Gongkai 服务的检查结果（${site.reason}），仅显示本页检查结果`];
  const { unit, findings } = site.response;
  const problems = findings.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete');
  const lines: string[] = [];
  if (unit) {
    const text = scoreText(unit.score);
    const score = text === null ? '' : `，${text}`;
    const rank = unit.rank === null ? '' : `，排名第 ${unit.rank}`;
    lines.push(`${unit.name}${score}${rank}`);
  }
  if (problems.length === 0) lines.push('Gongkai 服务未记录本页所在栏目的问题');
  for (const f of problems.slice(0, MAX_LINES)) lines.push(f.message);
  if (problems.length > MAX_LINES) lines.push(`另有 ${problems.length - MAX_LINES} 条，请在工具栏弹窗中查看`);
  return lines;
}
