/**
 * `export --format csv`: every finding of the export, one row each, for a spreadsheet or another
 * tool. RFC 4180 (CRLF line ends, fields quoted when they hold a quote, comma or line break), UTF-8
 * with a byte order mark so Excel opens the Chinese text correctly, and the same formula guard as
 * the workbook: a crawled string cannot turn into a formula.
 */
import type { ExportDocument } from './export-schema.js';
import { ruleMeta } from '../rules/catalogue.js';
import { cellText } from './xlsx/cell-text.js';
import { CHANGE_LABELS, CSV_HEADER, CSV_OUTCOME_LABELS, markText } from './xlsx/texts.zh-CN.js';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** One RFC 4180 field: quoted (quotes doubled) only when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: string[]): string {
  return fields.map((f) => csvField(cellText(f))).join(',') + CRLF;
}

/** The findings file, BOM first; units in export order, findings in the order of the export. */
export function renderFindingsCsv(doc: ExportDocument): string {
  let out = BOM + csvLine([...CSV_HEADER]);
  for (const unit of doc.units) {
    for (const f of unit.findings) {
      out += csvLine([
        unit.id,
        unit.name,
        f.ruleId,
        ruleMeta(f.ruleId)?.title ?? f.ruleId,
        CSV_OUTCOME_LABELS[f.outcome],
        f.url,
        f.target?.selector ?? '',
        f.message,
        f.firstSeen ?? '',
        f.change ? CHANGE_LABELS[f.change] : '',
        markText(f),
        // Last, so earlier columns keep their places: what `gongkai mark --key` takes.
        f.key ?? '',
      ]);
    }
  }
  return out;
}
