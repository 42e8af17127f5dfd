/**
 * The manual-points form of the unit page: turns the posted fields into the same entry a
 * manual.yaml gives, validated by the same schema (reports/manual-scores.ts), and saves it. An
 * entry with nothing entered removes the unit's entry (the unit is then shown as 未录入 again).
 */
import type { Db } from '../../store/db.js';
import { clearManualEntry, saveManualEntry } from '../../store/manual.js';
import { DAILY_ITEMS, DEDUCTION_ITEMS, ManualEntrySchema, OTHER_DEDUCTION, isEmptyEntry, type ManualEntry } from '../manual-scores.js';
import type { ActionResult } from './mark-action.js';
import { MAX_NAME_CHARS, MAX_REASON_CHARS } from './mark-action.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

function text(fields: ReadonlyMap<string, string>, name: string): string | undefined {
  const v = (fields.get(name) ?? '').replace(/\s+/g, ' ').trim();
  return v === '' ? undefined : v;
}

/** A number field: undefined when empty, NaN when not a number (reported, never guessed). */
function number(fields: ReadonlyMap<string, string>, name: string): number | undefined {
  const v = text(fields, name);
  if (v === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

export function parseManualForm(fields: ReadonlyMap<string, string>): { ok: true; entry: ManualEntry } | { ok: false; message: string } {
  const by = text(fields, 'by');
  if (by === undefined || [...by].length > MAX_NAME_CHARS) return { ok: false, message: T.badField(`${T.manualBy}（必填，不超过 ${MAX_NAME_CHARS} 字）`) };
  const notes: string[] = [];
  const note = (name: string): string | undefined => {
    const v = text(fields, name);
    if (v !== undefined && [...v].length > MAX_REASON_CHARS) notes.push(name);
    return v;
  };

  const daily: ManualEntry['daily'] = [];
  for (const item of DAILY_ITEMS) {
    const points = number(fields, `daily.${item.id}`);
    const n = note(`daily.${item.id}.note`);
    if (points === undefined) continue;
    if (!Number.isFinite(points) || points < 0 || points > item.points || Math.round(points * 2) !== points * 2) {
      return { ok: false, message: T.badField(`${item.name} 应为 0 到 ${item.points} 之间的分数（可写 0.5 分）`) };
    }
    daily.push({ id: item.id, points, ...(n !== undefined ? { note: n } : {}) });
  }
  const deductions: ManualEntry['deductions'] = [];
  for (const item of DEDUCTION_ITEMS) {
    const n = note(`deduction.${item.id}.note`);
    if (fields.get(`deduction.${item.id}`) !== '1') continue;
    deductions.push({ id: item.id, points: item.points, ...(n !== undefined ? { note: n } : {}) });
  }
  const otherPoints = number(fields, 'deduction.other.points');
  const otherNote = note('deduction.other.note');
  if (otherPoints !== undefined && otherPoints !== 0) {
    if (!Number.isFinite(otherPoints) || otherPoints < 0 || otherPoints > 30) return { ok: false, message: T.badField(`${OTHER_DEDUCTION.name}的扣分应为 0 到 30 之间的数字`) };
    if (otherNote === undefined) return { ok: false, message: T.badField(`${OTHER_DEDUCTION.name}须写明说明`) };
    deductions.push({ id: OTHER_DEDUCTION.id, points: otherPoints, note: otherNote });
  }
  if (notes.length > 0) return { ok: false, message: T.badField(`说明不超过 ${MAX_REASON_CHARS} 字`) };

  // The same checks a manual.yaml gets, so the two ways in cannot disagree.
  const check = ManualEntrySchema.safeParse({
    daily: Object.fromEntries(daily.map((d) => [d.id, { points: d.points, note: d.note ?? null }])),
    deductions: deductions.map((d) => (d.id === OTHER_DEDUCTION.id ? { points: d.points, note: d.note } : { item: d.id, note: d.note ?? null })),
    enteredBy: by,
  });
  if (!check.success) return { ok: false, message: T.badField(check.error.issues.map((i) => i.message).join('；')) };
  return { ok: true, entry: { daily, deductions, enteredBy: by } };
}

export function applyManualForm(db: Db, unitId: string, fields: ReadonlyMap<string, string>): ActionResult {
  const parsed = parseManualForm(fields);
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
  db.transaction(() => {
    if (isEmptyEntry(parsed.entry)) clearManualEntry(db, unitId);
    else saveManualEntry(db, unitId, parsed.entry);
  })();
  return { ok: true, anchor: 'manual' };
}
