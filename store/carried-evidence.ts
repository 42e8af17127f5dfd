/**
 * Evidence a run carried from an earlier night without asking again (the nightly plan): pages,
 * attachments and link targets whose last verification was another run's, with that run's date.
 */
import type { Db } from './db.js';

export interface CarriedEvidence {
  /** Page URL (requested and final) → the date it was last verified. */
  pages: Map<string, string>;
  /** Attachment URL → date. */
  attachments: Map<string, string>;
  /** Link target → date. */
  links: Map<string, string>;
}

export function carriedEvidenceDates(db: Db, runId: number, unitId: string): CarriedEvidence {
  const carried = 'run_id = ? AND unit_id = ? AND verified_run IS NOT NULL AND verified_run <> run_id AND verified_on IS NOT NULL';
  const pages = new Map<string, string>();
  for (const r of db.prepare(`SELECT url, final_url, snapshot_json IS NOT NULL AS s, json_extract(snapshot_json, '$.url') AS snap_url, verified_on FROM pages WHERE ${carried}`)
    .all(runId, unitId) as { url: string; final_url: string; snap_url: string | null; verified_on: string }[]) {
    for (const u of [r.url, r.final_url, r.snap_url]) if (u) pages.set(u, r.verified_on);
  }
  const attachments = new Map<string, string>();
  for (const r of db.prepare(`SELECT url, verified_on FROM attachments WHERE ${carried}`).all(runId, unitId) as { url: string; verified_on: string }[]) {
    attachments.set(r.url, r.verified_on);
  }
  const links = new Map<string, string>();
  for (const r of db.prepare(`SELECT href, verified_on FROM link_checks WHERE ${carried}`).all(runId, unitId) as { href: string; verified_on: string }[]) {
    links.set(r.href, r.verified_on);
  }
  return { pages, attachments, links };
}
