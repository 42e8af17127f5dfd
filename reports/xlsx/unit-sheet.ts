/**
 * One unit's sheet, shaped like an evaluator's data collection sheet (数据采集表): a short heading
 * (unit, address, date, score per indicator), then one row per check point / problem, then what
 * was fixed since the previous run and the hand-entered points, when the export has them.
 */
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import type { ExportUnit } from '../export-schema.js';
import { UNIT_TYPE_LABELS, formatScoreOf } from '../messages.zh-CN.js';
import { cellText, isWebUrl } from './cell-text.js';
import { collectionRows } from './collection-rows.js';
import { FONT_NAME, fitColumns, freezeAndFilter, styleBodyRow, styleHeaderRow, styleTitle } from './sheet-style.js';
import { SUMMARY, UNIT_SHEET } from './texts.zh-CN.js';
import { isAssessed } from '../ranking-table.js';

/** Rows above the column header: title, unit line, indicator scores. */
export const UNIT_HEADER_ROW = 4;

export const UNIT_COLUMNS = [
  UNIT_SHEET.colIndicator, UNIT_SHEET.colCheck, UNIT_SHEET.colResult, UNIT_SHEET.colStake, UNIT_SHEET.colMessage,
  UNIT_SHEET.colUrl, UNIT_SHEET.colDate, UNIT_SHEET.colMark, UNIT_SHEET.colChange,
] as const;

const WIDTHS = [
  { min: 12, max: 22 }, { min: 14, max: 28 }, { min: 8, max: 12 }, { min: 10, max: 24 }, { min: 30, max: 60 },
  { min: 20, max: 50 }, { min: 11, max: 12 }, { min: 8, max: 30 }, { min: 6, max: 8 },
];

/** Excel refuses hyperlinks longer than this; a longer address stays plain text. */
const MAX_HYPERLINK = 2079;

/** The evidence cell: a clickable link only for a well-formed http(s) address. */
export function evidenceCell(url: string): CellValue {
  if (url === '' || !isWebUrl(url)) return cellText(url);
  const href = new URL(url).href;
  if (href.length > MAX_HYPERLINK) return cellText(url);
  return { text: cellText(url), hyperlink: href };
}

function mergedLine(ws: Worksheet, row: number, text: string): void {
  ws.mergeCells(row, 1, row, UNIT_COLUMNS.length);
  const cell = ws.getCell(row, 1);
  cell.value = cellText(text);
  cell.font = { name: FONT_NAME };
  cell.alignment = { wrapText: true, vertical: 'top' };
}

function scoreText(unit: ExportUnit): string {
  return isAssessed(unit) ? formatScoreOf(unit.score.total, unit.score.max) : SUMMARY.notAssessed;
}

function addFootnotes(ws: Worksheet, unit: ExportUnit, firstRow: number): void {
  let row = firstRow;
  const fixed = unit.changes?.fixedFindings ?? [];
  if (unit.changes && fixed.length > 0) {
    mergedLine(ws, row, UNIT_SHEET.fixedHeading(unit.changes.previousEvalDate));
    ws.getCell(row, 1).font = { name: FONT_NAME, bold: true };
    row += 1;
    for (const f of fixed) {
      const r = ws.getRow(row);
      r.getCell(2).value = cellText(f.ruleId);
      r.getCell(3).value = UNIT_SHEET.fixedLabel;
      r.getCell(5).value = cellText(f.message);
      r.getCell(6).value = evidenceCell(f.url);
      styleBodyRow(r, UNIT_COLUMNS.length);
      row += 1;
    }
    row += 1;
  }
  const m = unit.manual;
  if (m) {
    mergedLine(ws, row, UNIT_SHEET.manualHeading);
    ws.getCell(row, 1).font = { name: FONT_NAME, bold: true };
    row += 1;
    const lines = [
      UNIT_SHEET.manualDaily(m.dailyTotal, m.dailyMax),
      ...m.daily.map((d) => `　${d.name}：${d.score} / ${d.max} 分${d.note ? `（${d.note}）` : ''}`),
      UNIT_SHEET.manualDeductions(m.deductionTotal),
      ...m.deductions.map((d) => `　${d.name}：扣 ${d.points} 分${d.note ? `（${d.note}）` : ''}`),
      UNIT_SHEET.manualPredicted(m.predictedTotal, m.predictedMax),
    ];
    if (m.enteredBy || m.enteredAt) lines.push(UNIT_SHEET.manualBy(m.enteredBy ?? '', m.enteredAt ?? ''));
    for (const line of lines) {
      mergedLine(ws, row, line);
      row += 1;
    }
  }
}

export function addUnitSheet(wb: Workbook, unit: ExportUnit, sheetName: string, evalDate: string): Worksheet {
  const ws = wb.addWorksheet(sheetName);
  mergedLine(ws, 1, UNIT_SHEET.title(unit.name));
  styleTitle(ws.getCell(1, 1));
  mergedLine(ws, 2, UNIT_SHEET.info(UNIT_TYPE_LABELS[unit.type], unit.url, evalDate, scoreText(unit), unit.score.vetoed));
  mergedLine(ws, 3, UNIT_SHEET.indicatorScores + unit.score.indicators.map((i) => `${i.name} ${formatScoreOf(i.score, i.max)}`).join('；'));
  ws.getRow(3).height = 30;

  ws.getRow(UNIT_HEADER_ROW).values = [...UNIT_COLUMNS];
  styleHeaderRow(ws.getRow(UNIT_HEADER_ROW));

  const rows = collectionRows(unit, evalDate);
  rows.forEach((r, i) => {
    const row = ws.getRow(UNIT_HEADER_ROW + 1 + i);
    row.values = [
      cellText(r.indicator), cellText(r.check), r.result, r.stake, cellText(r.message),
      evidenceCell(r.url), r.date, cellText(r.mark), r.change,
    ];
    styleBodyRow(row, UNIT_COLUMNS.length);
  });
  const lastRow = UNIT_HEADER_ROW + rows.length;
  freezeAndFilter(ws, UNIT_HEADER_ROW, UNIT_COLUMNS.length, lastRow);
  fitColumns(ws, UNIT_HEADER_ROW, lastRow, WIDTHS);
  addFootnotes(ws, unit, lastRow + 2);
  return ws;
}
