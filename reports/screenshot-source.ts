/** Screenshots from the store for the HTML report, as PNG data URIs (the report stays one file). */
import type { Db } from '../store/db.js';
import { unitScreenshots } from '../store/screenshots.js';
import type { ExportFinding } from './export-schema.js';
import { maskNumbers } from '../rules/privacy/evidence.js';

export function storeScreenshots(db: Db, runId: number): (unitId: string, finding: ExportFinding) => string | null {
  const byUnit = new Map<string, Map<string, Buffer>>();
  return (unitId, finding) => {
    if (!finding.target) return null;
    let shots = byUnit.get(unitId);
    if (!shots) {
      // Findings carry masked selectors (no full ID or phone number anywhere): key the store's alike.
      shots = new Map([...unitScreenshots(db, runId, unitId)].map(([key, png]) => [maskNumbers(key), png]));
      byUnit.set(unitId, shots);
    }
    const png = shots.get(maskNumbers(`${finding.url}\n${finding.target.selector}`));
    return png ? `data:image/png;base64,${png.toString('base64')}` : null;
  };
}
