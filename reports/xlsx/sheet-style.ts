/**
 * The look shared by every sheet: a styled header row that stays frozen and carries the filter,
 * wrapped text, column widths fitted to the content (CJK characters count double).
 */
import type { Cell, Row, Worksheet } from 'exceljs';
import { displayWidth } from '../ranking-table.js';

/** A font every Chinese Windows/WPS install has, so the sheet reads the same everywhere. */
export const FONT_NAME = '宋体';

const HEADER_FILL = 'FFDCE6F1';
const BORDER_COLOR = 'FFB7B7B7';
const LINK_COLOR = 'FF0563C1';

const thin = { style: 'thin' as const, color: { argb: BORDER_COLOR } };

export function styleTitle(cell: Cell): void {
  cell.font = { name: FONT_NAME, bold: true, size: 14 };
  cell.alignment = { vertical: 'middle' };
}

export function styleHeaderRow(row: Row): void {
  row.eachCell((cell) => {
    cell.font = { name: FONT_NAME, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
  });
}

export function styleBodyRow(row: Row, columns: number): void {
  for (let c = 1; c <= columns; c += 1) {
    const cell = row.getCell(c);
    cell.font = { name: FONT_NAME, ...(isLink(cell) ? { color: { argb: LINK_COLOR }, underline: true } : {}) };
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
  }
}

function isLink(cell: Cell): boolean {
  const v = cell.value;
  return typeof v === 'object' && v !== null && 'hyperlink' in v;
}

function cellDisplay(cell: Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return String(v);
}

/**
 * Freezes everything down to the header row and puts the filter on it. Rows above the header
 * (title, district, date) stay visible while scrolling too.
 */
export function freezeAndFilter(ws: Worksheet, headerRow: number, columns: number, lastRow: number): void {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastRow), column: columns } };
}

/** Widths from the header and body rows (`fromRow`..`toRow`), clamped per column to [min, max]. */
export function fitColumns(ws: Worksheet, fromRow: number, toRow: number, limits: { min: number; max: number }[]): void {
  limits.forEach((limit, index) => {
    const col = ws.getColumn(index + 1);
    let widest = 0;
    for (let r = fromRow; r <= toRow; r += 1) {
      // Long cells wrap; a line longer than the limit is not worth measuring past it.
      widest = Math.max(widest, displayWidth(cellDisplay(ws.getRow(r).getCell(index + 1)).slice(0, limit.max * 2)));
    }
    col.width = Math.min(limit.max, Math.max(limit.min, widest + 2));
  });
}
