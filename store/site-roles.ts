/**
 * What the site model found in a run (the audit writes it): the home page, the 政府信息公开 column
 * and its parts, the guide, the annual-report list and the newest report, and each column's first
 * list page. The next night's plan reads them as its essentials and list pages (crawler/night-plan.ts).
 */
import type { Db } from './db.js';

export type SiteRole = 'home' | 'disclosure' | 'part' | 'guide' | 'report-list' | 'report' | 'column';

export interface SiteRoleRow {
  url: string;
  role: SiteRole;
}

/** Replaces the unit's roles in the run (a re-audit writes them again). */
export function saveSiteRoles(db: Db, runId: number, unitId: string, roles: readonly SiteRoleRow[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM site_roles WHERE run_id = ? AND unit_id = ?').run(runId, unitId);
    const ins = db.prepare('INSERT OR IGNORE INTO site_roles (run_id, unit_id, url, role) VALUES (?, ?, ?, ?)');
    for (const r of roles) ins.run(runId, unitId, r.url, r.role);
  })();
}

/** The roles of a run, by unit and URL. */
export function siteRolesOf(db: Db, runId: number): Map<string, Map<string, Set<SiteRole>>> {
  const out = new Map<string, Map<string, Set<SiteRole>>>();
  const rows = db.prepare('SELECT unit_id, url, role FROM site_roles WHERE run_id = ?').all(runId) as { unit_id: string; url: string; role: SiteRole }[];
  for (const r of rows) {
    let unit = out.get(r.unit_id);
    if (!unit) out.set(r.unit_id, (unit = new Map()));
    let roles = unit.get(r.url);
    if (!roles) unit.set(r.url, (roles = new Set()));
    roles.add(r.role);
  }
  return out;
}
