/**
 * Which unit a page belongs to, and which of that unit's stored findings concern the page. Pure:
 * the extension shows these next to the page, so only what a reader of *this* page should act on.
 */
import type { Finding, UnitInfo } from '../../rules/types.js';
import { inScope, normalizeUrl } from '../../store/url.js';

/**
 * The unit whose scope covers the URL. Scopes can nest (a town's site under the district portal),
 * so the most specific one wins: the longest matching scope prefix. Null when none covers it.
 */
export function unitForUrl<U extends Pick<UnitInfo, 'url' | 'scope'>>(units: readonly U[], url: string): U | null {
  let best: U | null = null;
  let bestLength = -1;
  for (const unit of units) {
    const prefixes = unit.scope.length > 0 ? unit.scope : [unit.url];
    for (const prefix of prefixes) {
      if (!inScope(url, [prefix])) continue;
      const length = (normalizeUrl(prefix) ?? prefix).length;
      if (length > bestLength) {
        best = unit;
        bestLength = length;
      }
    }
  }
  return best;
}

/**
 * Rules whose findings are about the unit as a whole (its disclosure column, its annual reports,
 * how fresh its home page is, the veto). A reader on any of the unit's pages should see them.
 */
function isUnitLevel(ruleId: string): boolean {
  return ruleId.startsWith('disclosure.') || ruleId === 'freshness.homepage' || ruleId === 'freshness.veto';
}

/** Only what needs action: violations, and the doubtful cases a person has to check. */
function needsAttention(f: Finding): boolean {
  return f.outcome === 'violation' || f.outcome === 'incomplete';
}

export type PageFindingScope = 'page' | 'unit';

export type PageFinding = Finding & { scope: PageFindingScope };

/**
 * The unit's violations and incompletes that concern `pageUrl`: findings recorded on this page
 * (page rules, freshness.column / column.empty of a column page, link.broken of the linking page)
 * marked `scope: 'page'`, then the unit-level ones marked `scope: 'unit'`. Each finding once.
 */
export function findingsForPage(findings: readonly Finding[], pageUrl: string): PageFinding[] {
  const page = normalizeUrl(pageUrl);
  if (page === null) return [];
  const onPage: PageFinding[] = [];
  const unitWide: PageFinding[] = [];
  for (const f of findings) {
    if (!needsAttention(f)) continue;
    const fromUrl = typeof f.data.fromUrl === 'string' ? f.data.fromUrl : null;
    const about = normalizeUrl(f.url) === page || (fromUrl !== null && normalizeUrl(fromUrl) === page);
    if (about) onPage.push({ ...f, scope: 'page' });
    else if (isUnitLevel(f.ruleId)) unitWide.push({ ...f, scope: 'unit' });
  }
  return [...onPage, ...unitWide];
}
