/**
 * The 汇总 sheet: which run this is, then the units in ranking order with their score, veto,
 * counts, and — when the export carries them — the change since the previous run and the
 * hand-entered daily-work points with the predicted 100-point total (labelled 人工录入).
 */
import type { Workbook } from 'exceljs';
import type { ExportDocument } from '../export-schema.js';
import { UNIT_TYPE_LABELS } from '../messages.zh-CN.js';
import { isAssessed, rankUnits, type RankedUnit } from '../ranking-table.js';
import { cellText } from './cell-text.js';
import { FONT_NAME, fitColumns, freezeAndFilter, styleBodyRow, styleHeaderRow, styleTitle } from './sheet-style.js';
import { SUMMARY } from './texts.zh-CN.js';

type CellValue = string | number;

/** Score difference at display precision (one decimal), so 0.1 + 0.2 reads 0.3. */
function difference(now: number, before: number): number {
  return Math.round((now - before) * 10) / 10;
}

function changeCells(r: RankedUnit): CellValue[] {
  const c = r.unit.changes;
  if (!c) return [SUMMARY.noPrevious, '', '', ''];
  const delta = c.previousTotal === null || !isAssessed(r.unit) ? SUMMARY.noPrevious : difference(r.unit.score.total, c.previousTotal);
  return [delta, c.new, c.fixed, c.open];
}

function manualCells(r: RankedUnit): CellValue[] {
  const m = r.unit.manual;
  if (!m) return ['', ''];
  return [m.dailyTotal, m.predictedTotal ?? SUMMARY.notAssessed];
}

/** Adds the summary sheet; returns the row number of its header (for tests and links). */
export function addSummarySheet(wb: Workbook, doc: ExportDocument, districtName: string): number {
  const ws = wb.addWorksheet(SUMMARY.sheetName);
  const ranked = rankUnits(doc);
  const withChanges = doc.units.some((u) => u.changes !== undefined);
  const withManual = doc.units.some((u) => u.manual !== undefined);

  ws.getCell('A1').value = cellText(SUMMARY.title(districtName));
  styleTitle(ws.getCell('A1'));
  const info: [string, string][] = [
    [SUMMARY.district, districtName],
    [SUMMARY.evalDate, doc.run.evalDate],
    [SUMMARY.runId, doc.run.id],
    [SUMMARY.ruleSet, doc.run.ruleSetVersion],
    [SUMMARY.unitCount, String(doc.units.length)],
  ];
  if (doc.run.previousRunId) info.push([SUMMARY.previousRun, doc.run.previousRunId]);
  info.forEach(([label, value], i) => {
    const row = ws.getRow(2 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { name: FONT_NAME, bold: true };
    row.getCell(2).value = cellText(value);
    row.getCell(2).font = { name: FONT_NAME };
  });

  const headerRow = 2 + info.length + 1;
  const header: string[] = [SUMMARY.colRank, SUMMARY.colUnit, SUMMARY.colType, SUMMARY.colScore, SUMMARY.colMax, SUMMARY.colVeto, SUMMARY.colViolations, SUMMARY.colReview];
  if (withChanges) header.push(SUMMARY.colScoreChange, SUMMARY.colNew, SUMMARY.colFixed, SUMMARY.colOpen);
  if (withManual) header.push(SUMMARY.colDaily, SUMMARY.colPredicted);
  ws.getRow(headerRow).values = header;
  styleHeaderRow(ws.getRow(headerRow));

  ranked.forEach((r, i) => {
    const cells: CellValue[] = [
      r.rank,
      cellText(r.unit.name),
      UNIT_TYPE_LABELS[r.unit.type],
      isAssessed(r.unit) ? r.unit.score.total : SUMMARY.notAssessed,
      r.unit.score.max,
      r.unit.score.vetoed ? SUMMARY.yes : SUMMARY.no,
      r.violations,
      r.review,
    ];
    if (withChanges) cells.push(...changeCells(r));
    if (withManual) cells.push(...manualCells(r));
    const row = ws.getRow(headerRow + 1 + i);
    row.values = cells;
    styleBodyRow(row, header.length);
  });

  const lastRow = headerRow + ranked.length;
  freezeAndFilter(ws, headerRow, header.length, lastRow);
  fitColumns(ws, headerRow, lastRow, header.map((_, i) => (i === 1 ? { min: 16, max: 40 } : { min: 8, max: 16 })));
  if (withManual) {
    ws.getCell(lastRow + 2, 1).value = SUMMARY.manualNote;
    ws.getCell(lastRow + 2, 1).font = { name: FONT_NAME, italic: true };
  }
  return headerRow;
}
