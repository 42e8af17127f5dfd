/**
 * `gongkai mark`: the office's judgement on a finding — 误报 (false positive) or 已整改 (fixed,
 * awaiting the next crawl) — kept by the finding's stable key (reports/finding-key.ts) across runs.
 * Only findings of the latest finished run can be marked: a key typed from an old report that no
 * longer matches anything is refused rather than stored where it would never show.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { findingKey } from '../../reports/finding-key.js';
import { officeText } from '../text-office.zh-CN.js';
import { parseCommandArgs, requireOption, UsageError } from '../main.js';
import { openStore } from '../../store/db.js';
import { unitFindings } from '../../store/findings.js';
import { clearMark, marksOf, setMark, type MarkKind } from '../../store/marks.js';
import { findRun, runUnits } from '../../store/runs.js';
import { selectRun } from './run-selector.js';
import { runConfig, timeZoneOf } from '../../crawler/config.js';
import { formatOfficeTime, zoneLabel } from '../../rules/office-time.js';

const KIND_WORDS: Record<string, MarkKind> = {
  误报: 'false-positive', 'false-positive': 'false-positive',
  已整改: 'fixed', fixed: 'fixed',
};

export function parseMarkKind(value: string): MarkKind {
  const kind = KIND_WORDS[value.trim().toLowerCase()];
  if (!kind) throw new UsageError(officeText.badKind(value));
  return kind;
}

/** Who marks: the OS account, as the office's machines are personal accounts. */
export function defaultMarker(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return process.env.USER ?? process.env.USERNAME ?? '未署名';
}

export async function markCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('mark', args, {
    db: { type: 'string' }, unit: { type: 'string' }, key: { type: 'string' }, kind: { type: 'string' },
    reason: { type: 'string' }, by: { type: 'string' }, clear: { type: 'boolean' }, list: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('mark', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));

  if (v.list) {
    if (v.key !== undefined || v.kind !== undefined || v.reason !== undefined || v.clear) throw new UsageError(officeText.listWithKey);
    const db = openStore(dbFile, { mustExist: true });
    try {
      const marks = marksOf(db, v.unit);
      // When each mark was made, in the office's time zone (of the newest run's config), never raw ISO.
      const tz = timeZoneOf(runConfig(findRun(db, 'latest', { finishedOnly: false }) ?? { config: undefined }));
      const shown = marks.map((m) => ({ ...m, at: `${formatOfficeTime(m.at, tz)}（${zoneLabel(tz)}）` }));
      process.stdout.write(marks.length === 0 ? `${officeText.noMarks(v.unit)}\n` : `${officeText.marksHeading(marks.length)}\n${shown.map(officeText.markLine).join('\n')}\n`);
      return 0;
    } finally {
      db.close();
    }
  }

  const unitId = requireOption('mark', v.unit, '--unit', '单位标识，例如 --unit fgj');
  const key = requireOption('mark', v.key, '--key', '问题标识，见 JSON 导出中的 key');
  if (v.clear) {
    if (v.kind !== undefined || v.reason !== undefined) throw new UsageError(officeText.clearWithKind);
    const db = openStore(dbFile, { mustExist: true });
    try {
      if (!clearMark(db, unitId, key)) throw new UsageError(officeText.noMarkToClear(key, unitId));
      process.stdout.write(`${officeText.cleared(unitId, key)}\n`);
      return 0;
    } finally {
      db.close();
    }
  }

  const kind = parseMarkKind(requireOption('mark', v.kind, '--kind', '误报 或 已整改'));
  const reason = v.reason?.trim();
  if (!reason) throw new UsageError(officeText.missingReason);
  const by = v.by?.trim() || defaultMarker();
  const db = openStore(dbFile, { mustExist: true });
  try {
    const run = selectRun(db, undefined, dbFile);
    const known = runUnits(db, run.id).map((u) => u.id);
    if (!known.includes(unitId)) throw new UsageError(officeText.unknownUnit(unitId, run.id, known));
    const finding = unitFindings(db, run.id, unitId).find((f) => findingKey(f) === key);
    if (!finding) throw new UsageError(officeText.unknownKey(key, unitId, run.id));
    setMark(db, { unitId, key, ruleId: finding.ruleId, url: finding.url, kind, reason, by, runId: run.id });
    process.stdout.write(`${officeText.marked(kind, unitId, finding.ruleId, finding.url)}\n`);
    return 0;
  } finally {
    db.close();
  }
}
