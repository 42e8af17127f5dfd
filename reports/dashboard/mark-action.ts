/**
 * The 误报 / 已整改 form of the unit page: validates the posted fields against the latest run and
 * saves (or clears) the marks in one small transaction. A template group is marked as a whole:
 * every finding of the group gets the same mark.
 */
import type { Db } from '../../store/db.js';
import { clearMark, setMark, type MarkKind } from '../../store/marks.js';
import type { ExportFinding, ExportUnit } from '../export-schema.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

export const MAX_REASON_CHARS = 500;
export const MAX_NAME_CHARS = 100;

export type ActionResult = { ok: true; anchor: string } | { ok: false; status: 400 | 404 | 409; message: string };

/** Only what a person should judge: violations and the doubtful cases. */
function markable(f: ExportFinding): f is ExportFinding & { key: string } {
  return f.key !== undefined && (f.outcome === 'violation' || f.outcome === 'incomplete');
}

function cleanText(value: string | undefined, max: number): string | null {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  return v === '' || [...v].length > max ? null : v;
}

export function applyMarkForm(db: Db, runId: number, unit: ExportUnit, fields: ReadonlyMap<string, string>): ActionResult {
  const action = fields.get('action') ?? 'set';
  if (action !== 'set' && action !== 'clear') return { ok: false, status: 400, message: T.badForm };
  const key = fields.get('key');
  const group = fields.get('group');
  let targets: (ExportFinding & { key: string })[];
  let anchor: string;
  if (key !== undefined && key !== '') {
    targets = unit.findings.filter((f): f is ExportFinding & { key: string } => markable(f) && f.key === key);
    anchor = `f-${key}`;
  } else if (group !== undefined && group !== '') {
    targets = unit.findings.filter((f): f is ExportFinding & { key: string } => markable(f) && f.templateGroup === group);
    anchor = `g-${group}`;
  } else {
    return { ok: false, status: 400, message: T.badForm };
  }
  if (targets.length === 0) return { ok: false, status: 409, message: T.findingNotFound };

  if (action === 'clear') {
    db.transaction(() => {
      for (const f of targets) clearMark(db, unit.id, f.key);
    })();
    return { ok: true, anchor };
  }
  const kind = fields.get('kind');
  if (kind !== 'false-positive' && kind !== 'fixed') return { ok: false, status: 400, message: T.badField(T.markKind) };
  const reason = cleanText(fields.get('reason'), MAX_REASON_CHARS);
  if (reason === null) return { ok: false, status: 400, message: T.badField(`${T.markReason}（必填，不超过 ${MAX_REASON_CHARS} 字）`) };
  const by = cleanText(fields.get('by'), MAX_NAME_CHARS);
  if (by === null) return { ok: false, status: 400, message: T.badField(`${T.markBy}（必填，不超过 ${MAX_NAME_CHARS} 字）`) };
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const f of targets) {
      setMark(db, { unitId: unit.id, key: f.key, ruleId: f.ruleId, url: f.url, kind: kind as MarkKind, reason, by, at, runId });
    }
  })();
  return { ok: true, anchor };
}
