/**
 * A real .xlsx workbook for the demo, written with exceljs: a 名单 attached to a 公示 article, as
 * street offices publish them. Built when the district starts (exceljs writes asynchronously).
 */
import ExcelJS from 'exceljs';
import type { Resource } from './resource.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetSpec {
  sheetName: string;
  /** A title row above the header, as such lists usually have. */
  caption: string;
  header: string[];
  rows: (string | number)[][];
  /** Document dates (created/modified), so the bytes depend only on evalDate. */
  date: string;
}

export async function xlsxResource(spec: SheetSpec): Promise<Resource> {
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(`${spec.date}T09:00:00Z`);
  workbook.creator = '';
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(spec.sheetName);
  sheet.addRow([spec.caption]);
  sheet.addRow(spec.header);
  // Text cells: ID numbers must keep every digit (Excel would round them as numbers).
  for (const row of spec.rows) sheet.addRow(row);
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { status: 200, contentType: XLSX_CONTENT_TYPE, body };
}
