/** `gongkai export`: write one run as JSON (the contract) or as the zh-CN HTML report. */
import { resolve } from 'node:path';
import { writeOutputFile } from '../output-file.js';
import { buildExport } from '../../reports/build-export.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { storeScreenshots } from '../../reports/screenshot-source.js';
import { cliText } from '../cli-text.zh-CN.js';
import { parseCommandArgs, requireOption, UsageError } from '../cli.js';
import { openStore } from '../store/db.js';
import { runUnits } from '../store/runs.js';
import { selectRun } from './run-selector.js';

const FORMATS = ['json', 'html', 'csv', 'xlsx', 'pdf'];
const READY = ['json', 'html'];

export async function exportCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('export', args, {
    db: { type: 'string' }, run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, units: { type: 'string' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('export', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const format = requireOption('export', v.format, '--format', 'json 或 html').toLowerCase();
  if (!FORMATS.includes(format)) throw new UsageError(cliText.badFormat(format, READY));
  if (!READY.includes(format)) throw new UsageError(cliText.formatLater(format));
  const out = resolve(requireOption('export', v.out, '--out', `输出文件，例如 --out report.${format}`));
  const db = openStore(dbFile, { readonly: true });
  try {
    const run = selectRun(db, v.run, dbFile);
    let units: string[] | undefined;
    if (v.units !== undefined) {
      const known = runUnits(db, run.id).map((u) => u.id);
      units = v.units.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = units.filter((u) => !known.includes(u));
      if (units.length === 0 || unknown.length > 0) throw new UsageError(units.length === 0 ? cliText.emptyUnits : cliText.unknownRunUnits(unknown, known));
    }
    const doc = buildExport(db, run, { units });
    const text = format === 'json'
      ? `${JSON.stringify(doc, null, 2)}\n`
      : renderHtmlReport(doc, { districtName: run.district, ruleInfo: reportRuleInfo, screenshot: storeScreenshots(db, run.id) });
    writeOutputFile(out, text);
    process.stdout.write(`${cliText.wrote(format === 'json' ? ' JSON 数据' : ' HTML 报告', out)}\n`);
    return 0;
  } finally {
    db.close();
  }
}
