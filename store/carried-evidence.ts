/**
 * Evidence a run carried from an earlier night without asking again (the nightly plan): pages,
 * attachments and link targets whose last verification was another run's, with that run's date.
 */
import type { Db } from './db.js';
import { storedSnapshot } from './pages.js';

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
  // A finding names the page by its snapshot's URL. That is the row's final URL unless the browser
  // rendered the page (and followed it elsewhere): only those few snapshots are read back for it.
  const rows = db.prepare(
    `SELECT url, final_url, json_extract(snapshot_json, '$.url') AS snap_url, CASE WHEN via = 'browser' THEN snapshot_gz END AS rendered_gz,
            verified_on FROM pages WHERE ${carried}`,
  ).all(runId, unitId) as { url: string; final_url: string; snap_url: string | null; rendered_gz: Buffer | null; verified_on: string }[];
  for (const r of rows) {
    const snapUrl = r.snap_url ?? (r.rendered_gz ? storedSnapshot({ snapshot_gz: r.rendered_gz })?.url : null);
    for (const u of [r.url, r.final_url, snapUrl]) if (u) pages.set(u, r.verified_on);
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
