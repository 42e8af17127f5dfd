/**
 * `gongkai export`: write one run as JSON (the contract), the zh-CN HTML report, a CSV of the
 * findings, an Excel workbook (summary + one data collection sheet per unit) or the PDF report.
 * `--units` narrows any of them, so each unit can be sent a file of its own.
 */
import { resolve } from 'node:path';
import { writeOutputFile, writeOutputFileAtomic } from '../../store/output-file.js';
import { buildExport } from '../../reports/build-export.js';
import { renderFindingsCsv } from '../../reports/csv-export.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { storeScreenshots } from '../../reports/screenshot-source.js';
import { renderXlsx } from '../../reports/xlsx/render-xlsx.js';
import { cliText } from '../text.zh-CN.js';
import { parseCommandArgs, requireOption, UsageError } from '../main.js';
import { openStore } from '../../store/db.js';
import { runUnits } from '../../store/runs.js';
import { selectRun } from './run-selector.js';

const FORMATS = ['json', 'html', 'csv', 'xlsx', 'pdf'];

export async function exportCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('export', args, {
    db: { type: 'string' }, run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, units: { type: 'string' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('export', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const format = requireOption('export', v.format, '--format', 'json、html、csv、xlsx 或 pdf').toLowerCase();
  if (!FORMATS.includes(format)) throw new UsageError(cliText.badFormat(format, FORMATS));
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
    const districtName = doc.run.district ?? run.district;
    switch (format) {
      case 'json':
        writeOutputFile(out, `${JSON.stringify(doc, null, 2)}\n`);
        break;
      case 'html':
        writeOutputFile(out, renderHtmlReport(doc, { districtName, ruleInfo: reportRuleInfo, screenshot: storeScreenshots(db, run.id) }));
        break;
      case 'csv':
        writeOutputFileAtomic(out, renderFindingsCsv(doc));
        break;
      case 'xlsx':
        writeOutputFileAtomic(out, await renderXlsx(doc, { districtName }));
        break;
      case 'pdf': {
        // Loaded only when asked for: the PDF path brings Chromium printing along.
        const { renderPdf } = await import('../../reports/pdf/render-pdf.js');
        const { printingChromium } = await import('../../crawler/browser/chromium-path.js');
        writeOutputFileAtomic(out, await renderPdf(doc, { districtName, screenshot: storeScreenshots(db, run.id), chromium: printingChromium() }));
        break;
      }
    }
    process.stdout.write(`${cliText.wrote(cliText.exportKinds[format] ?? format, out)}\n`);
    return 0;
  } finally {
    db.close();
  }
}
