/**
 * Text from an attachment's bytes, one reader per type, all well-kept libraries. Spreadsheet rows
 * and document table rows become tab-separated lines, so the privacy rules can read column headers
 * (rules/privacy/source.ts). Runs inside a worker thread (read-attachment.ts): these parsers meet
 * untrusted files, and the worker's time and memory limits contain a parser that hangs or bloats.
 */
import { createRequire } from 'node:module';
import { htmlToText } from '../../rules/extract/html-text.js';
import { csvToTabs } from './csv.js';
import { decodeText } from './decode-text.js';
import type { AttachmentType } from './file-type.js';

const require = createRequire(import.meta.url);
// Each parser is loaded only when a file of its type comes: a worker reads one file, and loading
// every parser would cost each worker more than the reading.

/** mammoth and word-extractor ship no usable types for ESM: the little used here, typed here. */
interface Mammoth {
  convertToHtml(input: { buffer: Buffer }): Promise<{ value: string }>;
}
interface WordDocument {
  getBody(): string;
  getHeaders(options?: { includeFooters?: boolean }): string;
  getTextboxes(options?: { includeHeadersAndFooters?: boolean }): string;
}
type WordExtractorCtor = new () => { extract(input: Buffer): Promise<WordDocument> };

async function xlsxText(buf: Buffer): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const lines: string[] = [];
  wb.eachSheet((sheet) => {
    lines.push(sheet.name, '');
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      // `text` is what Excel shows (numbers formatted, formulas' results), 1-based columns.
      for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text.replace(/[\t\r\n]+/g, ' '));
      lines.push(cells.join('\t'));
    });
    lines.push('');
  });
  return lines.join('\n');
}

async function xlsText(buf: Buffer): Promise<string> {
  const XLSX = await import('xlsx');
  const wb = XLSX.read(buf, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false });
  const parts: string[] = [];
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (!sheet) continue;
    parts.push(name, '', XLSX.utils.sheet_to_csv(sheet, { FS: '\t', RS: '\n', blankrows: false, strip: true }), '');
  }
  return parts.join('\n');
}

/** mammoth's HTML keeps tables; each row becomes one tab-separated line, the rest plain text. */
async function docxText(buf: Buffer): Promise<string> {
  const mammoth = require('mammoth') as Mammoth;
  const { value } = await mammoth.convertToHtml({ buffer: buf });
  const cheerio = await import('cheerio');
  const $ = cheerio.load(value);
  // Innermost tables first, so an outer table sees its nested ones already flattened.
  for (const table of $('table').toArray().reverse()) {
    const rows = $(table).find('tr').toArray().map((tr) =>
      $(tr).children('td, th').toArray().map((td) => $(td).text().replace(/\s+/g, ' ').trim()).join('\t'));
    $(table).replaceWith(`<pre>${rows.map((r) => escapeHtml(r)).join('<br>')}</pre>`);
  }
  return htmlToText($('body').html() ?? '');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function docText(buf: Buffer): Promise<string> {
  const WordExtractor = require('word-extractor') as WordExtractorCtor;
  const doc = await new WordExtractor().extract(buf);
  return [doc.getBody(), doc.getTextboxes({ includeHeadersAndFooters: false })].filter((s) => s.trim() !== '').join('\n');
}

async function pdfText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    const result = await parser.getText();
    return result.text;
  } finally {
    await parser.destroy();
  }
}

export async function extractText(buf: Buffer, type: AttachmentType): Promise<string> {
  switch (type) {
    case 'xlsx': return xlsxText(buf);
    case 'xls': case 'et': return xlsText(buf);
    case 'docx': return docxText(buf);
    case 'doc': case 'wps': return docText(buf);
    case 'pdf': return pdfText(buf);
    case 'txt': return decodeText(buf);
    case 'csv': return csvToTabs(decodeText(buf));
  }
}
