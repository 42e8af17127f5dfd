/**
 * `gongkai export` in every format over one real demo crawl, run as a user would (the CLI in a
 * child process): the CSV and the XLSX read back equal the JSON export, `--units` narrows each
 * format, binary files are written whole. The PDF is checked when Chromium is present.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../helpers/material.js';
import * as XLSX from 'xlsx';
import { stringify } from 'yaml';
import { findChromium } from '../../crawler/browser/chromium-path.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { rankUnits } from '../../reports/ranking-table.js';
import { cellText } from '../../reports/xlsx/cell-text.js';
import { unitSheetNames } from '../../reports/xlsx/render-xlsx.js';
import { UNIT_COLUMNS, UNIT_HEADER_ROW } from '../../reports/xlsx/unit-sheet.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const EVAL_DATE = '2020-11-26';
const dir = mkdtempSync(join(tmpdir(), 'gk-export-formats-'));
const db = join(dir, 'demo.sqlite');
const SOME_UNITS = ['bsz', 'jty'];

let district: DemoDistrict;
let doc: ExportDocument;

async function exportTo(format: string, file: string, extra: string[] = []): Promise<void> {
  const r = await runCli(['export', '--db', db, '--format', format, '--out', file, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(file);
}

function readCsv(file: string): string[][] {
  const content = readFileSync(file, 'utf8');
  expect(content.startsWith('\uFEFF')).toBe(true);
  // Parsed by an independent reader (SheetJS), values left as the text they are.
  const wb = XLSX.read(content.slice(1), { type: 'string', raw: true });
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
}

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const config = join(dir, 'gongkai.config.yaml');
  writeFileSync(config, stringify({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0 },
  }));
  const crawl = await runCli(['crawl', '--config', config, '--db', db, '--now', EVAL_DATE, '--quiet']);
  expect(crawl.code, crawl.stderr).toBe(0);
  const json = join(dir, 'all.json');
  await exportTo('json', json);
  doc = ExportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
}, 180_000);

afterAll(async () => {
  await district?.close();
});

describe('export formats over a real demo crawl', () => {
  it('csv: one row per finding of the JSON export', async () => {
    const file = join(dir, 'all.csv');
    await exportTo('csv', file);
    const [header, ...rows] = readCsv(file);
    expect(header?.slice(0, 3)).toEqual(['单位标识', '单位名称', '规则标识']);
    const findings = doc.units.flatMap((u) => u.findings.map((f) => ({ u, f })));
    expect(rows).toHaveLength(findings.length);
    expect(findings.length).toBeGreaterThan(50);
    rows.forEach((row, i) => {
      const { u, f } = findings[i]!;
      expect([row[0], row[1], row[2], row[5], row[7]]).toEqual([u.id, u.name, f.ruleId, cellText(f.url), cellText(f.message)]);
      expect(row[8]).toBe(f.firstSeen ?? '');
    });
    expect(new Set(rows.map((r) => r[4]))).toContain('不达标');
  });

  it('xlsx: a summary equal to the ranking and a sheet per unit with every violation and its URL', async () => {
    const file = join(dir, 'all.xlsx');
    await exportTo('xlsx', file);
    const wb = await readXlsx(file);
    const names = unitSheetNames(doc);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', ...names.map((n) => n.sheetName)]);

    const summary = wb.getWorksheet('汇总')!;
    let headerRow = 1;
    while (text(summary.getCell(headerRow, 1)) !== '排名') headerRow += 1;
    const ranked = rankUnits(doc);
    ranked.forEach((r, i) => {
      const row = summary.getRow(headerRow + 1 + i);
      expect([row.getCell(1).value, text(row.getCell(2)), row.getCell(4).value, row.getCell(5).value, text(row.getCell(6)), row.getCell(7).value, row.getCell(8).value]).toEqual([
        r.rank, r.unit.name, r.unit.score.assessed === false ? '未能评分' : r.unit.score.total, r.unit.score.max, r.unit.score.vetoed ? '是' : '否', r.violations, r.review,
      ]);
    });
    expect(text(summary.getCell(headerRow + ranked.length + 1, 1))).toBe('');

    const urlCol = UNIT_COLUMNS.indexOf('证据网址') + 1;
    const resultCol = UNIT_COLUMNS.indexOf('结果') + 1;
    let violations = 0;
    for (const { unitId, sheetName } of names) {
      const unit = doc.units.find((u) => u.id === unitId)!;
      const ws = wb.getWorksheet(sheetName)!;
      const rows: ExcelJS.Row[] = [];
      for (let r = UNIT_HEADER_ROW + 1; text(ws.getRow(r).getCell(1)) !== ''; r += 1) rows.push(ws.getRow(r));
      for (const f of unit.findings.filter((x) => x.outcome === 'violation')) {
        violations += 1;
        const row = rows.find((r) => text(r.getCell(urlCol)) === f.url && text(r.getCell(resultCol)) === '不达标' && text(r.getCell(5)) === f.message);
        expect(row, `${unitId} ${f.ruleId} ${f.url}`).toBeDefined();
        expect(row!.getCell(urlCol).value).toMatchObject({ hyperlink: new URL(f.url).href });
      }
      expect(rows.filter((r) => text(r.getCell(resultCol)) === '不达标')).toHaveLength(unit.findings.filter((x) => x.outcome === 'violation').length);
    }
    expect(violations).toBeGreaterThan(10);
  });

  it('--units narrows json, csv and xlsx to the units asked for', async () => {
    const units = ['--units', SOME_UNITS.join(',')];
    const json = join(dir, 'some.json');
    await exportTo('json', json, units);
    const some = ExportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(some.units.map((u) => u.id).sort()).toEqual([...SOME_UNITS].sort());

    const csv = join(dir, 'some.csv');
    await exportTo('csv', csv, units);
    const [, ...rows] = readCsv(csv);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(SOME_UNITS));
    expect(rows).toHaveLength(some.units.reduce((n, u) => n + u.findings.length, 0));

    const xlsx = join(dir, 'some.xlsx');
    await exportTo('xlsx', xlsx, units);
    const wb = await readXlsx(xlsx);
    const names = SOME_UNITS.map((id) => doc.units.find((u) => u.id === id)!.name);
    expect(wb.worksheets.map((w) => w.name).slice(1).sort()).toEqual([...names].sort());

    const bad = await runCli(['export', '--db', db, '--format', 'xlsx', '--out', join(dir, 'x.xlsx'), '--units', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/这次运行中没有单位 “nope”/);
  });

  it('replaces an existing file whole and leaves nothing behind when the path cannot be written', async () => {
    const file = join(dir, 'replace.xlsx');
    writeFileSync(file, 'old content');
    await exportTo('xlsx', file, ['--units', 'fgj']);
    expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
    const target = join(dir, 'a-directory.xlsx');
    mkdirSync(target);
    const r = await runCli(['export', '--db', db, '--format', 'xlsx', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/这是一个目录，请给出文件名/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.skipIf(skipWithout({ chromium: true }))("pdf: one unit's report", { timeout: 120_000 }, async () => {
    const file = join(dir, 'bsz.pdf');
    await exportTo('pdf', file, ['--units', 'bsz']);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const words = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(words).toContain(doc.units.find((u) => u.id === 'bsz')!.name);
    for (const other of doc.units.filter((u) => u.id !== 'bsz')) expect(words).not.toContain(other.name);
  });
});
