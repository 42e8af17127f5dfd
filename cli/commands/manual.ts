/**
 * `gongkai manual`: imports the hand-entered 30 points (daily work and major deductions) from a
 * manual.yaml into the store, or prints a template to fill in. An import is all or nothing: a file
 * with any wrong field is refused (exit 2) with every problem named.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isEmptyEntry, manualScore, manualTemplate, readManualFile, type ManualEntry } from '../../reports/manual-scores.js';
import { officeText } from '../text-office.zh-CN.js';
import { parseCommandArgs, requireOption, UsageError } from '../main.js';
import { UserError } from '../../store/errors.js';
import { openStore, type Db } from '../../store/db.js';
import { saveManualEntries } from '../../store/manual.js';
import { defaultMarker } from './mark.js';

/** Every unit the store has seen, newest name first: an entry may precede or outlive a run. */
function storeUnits(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM units ORDER BY run_id DESC, rowid').all() as { id: string; name: string }[];
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, r.name);
  return out;
}

/** The units of the newest run, in config order (the template lists them as the office knows them). */
function latestRunUnits(db: Db): { id: string; name: string }[] {
  return db.prepare('SELECT id, name FROM units WHERE run_id = (SELECT MAX(id) FROM runs) ORDER BY rowid').all() as { id: string; name: string }[];
}

export async function manualCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('manual', args, { db: { type: 'string' }, file: { type: 'string' }, template: { type: 'boolean' } });
  if (!parsed) return 0;
  const v = parsed.values;

  if (v.template) {
    if (v.file !== undefined) throw new UsageError('manual：--template 用于生成模板，不能同时给出 --file');
    let units: { id: string; name: string }[] = [];
    if (v.db !== undefined) {
      const db = openStore(resolve(v.db), { mustExist: true });
      try {
        units = latestRunUnits(db);
      } finally {
        db.close();
      }
    }
    process.stdout.write(manualTemplate(units.map((u) => u.id), Object.fromEntries(units.map((u) => [u.id, u.name]))));
    return 0;
  }

  const dbFile = resolve(requireOption('manual', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const file = resolve(requireOption('manual', v.file, '--file', '人工录入文件，例如 --file manual.yaml；模板见 --template'));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(officeText.fileUnreadable(file, (err as NodeJS.ErrnoException).code ?? String(err)));
  }
  const db = openStore(dbFile, { mustExist: true });
  try {
    const known = storeUnits(db);
    if (known.size === 0) throw new UserError(officeText.noUnitsInDb(dbFile));
    // Checked together: a wrong value and an unknown unit are named in one answer, not one after the other.
    const { entries, notes } = readManualFile(text, file, { knownUnits: known });
    for (const note of notes) process.stdout.write(`${officeText.valueChanged(note)}\n`);

    const by = defaultMarker();
    const filled = new Map<string, ManualEntry>();
    const skipped: string[] = [];
    for (const [id, entry] of entries) {
      if (isEmptyEntry(entry)) skipped.push(id);
      else filled.set(id, { ...entry, enteredBy: entry.enteredBy ?? by });
    }
    if (filled.size === 0) {
      process.stdout.write(`${officeText.nothingImported}\n`);
      return 0;
    }
    saveManualEntries(db, filled);
    const lines = [...filled].map(([id, entry]) => {
      const m = manualScore(entry, { total: 0, assessed: false });
      return officeText.importedLine(id, m.dailyTotal, m.deductionTotal);
    });
    process.stdout.write(`${officeText.imported(filled.size)}\n${lines.join('\n')}\n`);
    if (skipped.length > 0) process.stdout.write(`${officeText.skippedEmpty(skipped)}\n`);
    return 0;
  } finally {
    db.close();
  }
}
