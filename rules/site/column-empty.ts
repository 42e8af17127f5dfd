/**
 * column.empty: a column page that lists nothing at all. Strict on purpose — a list rendered by
 * script also looks empty to a crawler. A violation needs both proof that the page is a column
 * (ColumnName meta, Hanweb datastore or /col/colN/ URL) and proof that it is empty (an explicit
 * 暂无信息-style marker, or a datastore with zero records); anything less is `incomplete`.
 * Reaching a page by a navigation link is not used as proof (the snapshot has no list container).
 */
import type { SiteRule } from '../rule.js';
import type { Column, Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'column.empty';

/**
 * Whether a column is blank: `has-items`, `empty` (proven: page is a column and shows it is
 * empty) or `maybe-empty` (looks empty, no proof). Shared with freshness.veto's blank count.
 */
export type ColumnEmptiness = 'has-items' | 'single-article' | 'empty' | 'maybe-empty';

/** Characters of paragraph text that make a list-less column page one article rather than an empty list. */
export const SINGLE_ARTICLE_MIN_CHARS = 300;

export function columnEmptiness(column: Column): ColumnEmptiness {
  if (column.entryCount > 0 || column.items.length > 0) return 'has-items';
  const evidence = column.emptyEvidence ?? { columnBy: null, emptyMarker: null };
  // A column that prints its content as one article (the guide on its own column page): not empty.
  if (evidence.emptyMarker === null && (evidence.proseChars ?? 0) >= SINGLE_ARTICLE_MIN_CHARS) return 'single-article';
  return evidence.columnBy !== null && evidence.emptyMarker !== null ? 'empty' : 'maybe-empty';
}

export const columnEmptyRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    for (const column of site.columns) {
      const base = { ruleId: RULE_ID, url: column.url };
      const emptiness = columnEmptiness(column);
      if (emptiness === 'has-items') {
        findings.push({
          ...base,
          outcome: 'pass',
          message: MESSAGES.columnHasItems(column.name, Math.max(column.entryCount, column.items.length)),
          data: { column: column.name, entryCount: column.entryCount },
        });
        continue;
      }
      const evidence = column.emptyEvidence ?? { columnBy: null, emptyMarker: null };
      if (emptiness === 'single-article') {
        findings.push({ ...base, outcome: 'pass', message: MESSAGES.columnSingleArticle(column.name, evidence.proseChars ?? 0), data: { column: column.name, proseChars: evidence.proseChars ?? 0 } });
        continue;
      }
      const data = { column: column.name, columnBy: evidence.columnBy, emptyMarker: evidence.emptyMarker };
      if (emptiness === 'empty') {
        const message =
          evidence.emptyMarker === 'datastore:0'
            ? MESSAGES.columnDatastoreEmpty(column.name)
            : MESSAGES.columnEmpty(column.name, evidence.emptyMarker ?? '');
        findings.push({ ...base, outcome: 'violation', message, data });
      } else {
        findings.push({ ...base, outcome: 'incomplete', message: MESSAGES.columnMaybeEmpty(column.name), data });
      }
    }
    return findings;
  },
};
