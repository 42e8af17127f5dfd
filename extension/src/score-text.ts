/**
 * A unit's score as `gongkai serve` sends it, in zh-CN, for the overlay banner and the popup (one
 * wording in both places). The server sends { total, max, vetoed, assessed }; a bare number is
 * accepted too.
 */
import type { SiteFindingsResponse } from './messages.js';

type UnitScore = NonNullable<SiteFindingsResponse['unit']>['score'];

/** '得分 52.5/70', '得分 0/70（单项否决）', '未能评分', or null when the server has no score. */
export function scoreText(score: UnitScore): string | null {
  if (score === null) return null;
  if (typeof score === 'number') return `得分 ${score}`;
  if (score.assessed === false) return '未能评分';
  return `得分 ${score.total}/${score.max}${score.vetoed ? '（单项否决）' : ''}`;
}
