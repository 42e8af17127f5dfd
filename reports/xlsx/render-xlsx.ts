/**
 * `export --format xlsx`: the export document as a workbook for the office — a 汇总 sheet with the
 * ranking, then one data collection sheet per unit in the same order.
 */
import ExcelJS from 'exceljs';
import type { ExportDocument } from '../export-schema.js';
import { rankUnits } from '../ranking-table.js';
import { uniqueSheetNames } from './sheet-name.js';
import { addSummarySheet } from './summary-sheet.js';
import { SUMMARY } from './texts.zh-CN.js';
import { addUnitSheet } from './unit-sheet.js';

export interface XlsxOptions {
  /** The district's name; defaults to the run's own (`run.district`), else empty. */
  districtName?: string;
}

/** The unit sheet names, in ranking order (the order of the sheets after 汇总). */
export function unitSheetNames(doc: ExportDocument): { unitId: string; sheetName: string }[] {
  const ranked = rankUnits(doc);
  const names = uniqueSheetNames(ranked.map((r) => r.unit.name), [SUMMARY.sheetName]);
  return ranked.map((r, i) => ({ unitId: r.unit.id, sheetName: names[i]! }));
}

export async function renderXlsx(doc: ExportDocument, opts: XlsxOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  // The run's own time, so the same run exports the same workbook properties.
  wb.created = new Date(doc.run.startedAt);
  wb.modified = new Date(doc.run.finishedAt ?? doc.run.startedAt);
  addSummarySheet(wb, doc, opts.districtName ?? doc.run.district ?? '');
  const byId = new Map(doc.units.map((u) => [u.id, u] as const));
  for (const { unitId, sheetName } of unitSheetNames(doc)) addUnitSheet(wb, byId.get(unitId)!, sheetName, doc.run.evalDate);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
