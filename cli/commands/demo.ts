/**
 * `gongkai demo` (what `npm start` runs): starts the bundled demo district on 127.0.0.1, crawls it
 * as it was the night before and as it is tonight (two runs, so the reports and the dashboard show
 * what changed overnight), audits and scores it, writes the database, the HTML report and the JSON
 * export of tonight's run, prints where.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { ensureOutputDir, writeOutputFile } from '../../store/output-file.js';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { daysBefore } from '../../test/demo-district/dates.js';
import { startDemoDistrict } from '../../test/demo-district/server.js';
import { buildExport } from '../../reports/build-export.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { renderRankingTable } from '../../reports/ranking-table.js';
import { coverageText } from '../../reports/messages.zh-CN.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { storeScreenshots } from '../../reports/screenshot-source.js';
import { evalDateFrom, parseCommandArgs } from '../main.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { loadManualEntries, saveManualEntries } from '../../store/manual.js';
import { marksOf } from '../../store/marks.js';
import { parseManualFile } from '../../reports/manual-scores.js';

/**
 * The hand-entered part of the demo (the 30 points of daily work and the major deductions), as an
 * office would fill in manual.yaml. Clearly an example: no crawl can know these.
 */
const DEMO_MANUAL_YAML = `# 演示用的人工录入示例（日常考核 30 分与大比例扣分事项），实际使用时由政务公开办填写
enteredBy: 演示数据
units:
  fgj:
    daily: { policy-interpretation: 5, decision-preview: 4, open-day: 5, grassroots-standard: 5, rectify-training: 4, innovation: 2 }
    note: 演示示例
  jty:
    daily: { policy-interpretation: 4, decision-preview: 4, open-day: 2.5, grassroots-standard: 5, rectify-training: 3, innovation: 0 }
    deductions:
      - item: notice-city
        note: 演示示例：市级网站检查通报
`;

/** The demo's sites live only while `gongkai demo` runs: said where the office will read it. */
const DEMO_CONFIG_HEADER =
  '# 演示区县的配置。其中的网址（127.0.0.1 和临时端口）只在 npx gongkai demo 运行期间可以访问：\n' +
  '# demo 结束后用这份配置运行 crawl 或 schedule，所有单位都会“首页无法访问、未能评分”。\n' +
  '# 检查自己的区县时，请按 README 的“配置说明”另写配置文件。\n';

const DEMO_SITES_STOPPED = '演示网站已随 demo 结束而关闭：看板和报告可以继续查看；要检查自己的区县，请另写配置文件（见 README）。';

/**
 * The previous demo database, when the office did work in it (marks, or manual entries other than
 * the demo's own example): renamed aside with the time, and the line that says so. null otherwise.
 */
export function keepOfficeWork(dbFile: string): string | null {
  if (!existsSync(dbFile)) return null;
  let marks = 0;
  let manual = 0;
  try {
    const old = openStore(dbFile, { mustExist: true });
    try {
      marks = marksOf(old).length;
      const demoEntries = parseManualFile(DEMO_MANUAL_YAML, 'manual.yaml');
      for (const [unitId, entry] of loadManualEntries(old)) {
        const demo = demoEntries.get(unitId);
        if (!demo || JSON.stringify(demo.daily) !== JSON.stringify(entry.daily) || JSON.stringify(demo.deductions) !== JSON.stringify(entry.deductions)) manual++;
      }
    } finally {
      old.close();
    }
  } catch {
    return null; // not a readable store: nothing of the office's to keep
  }
  if (marks === 0 && manual === 0) return null;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const aside = `${dbFile}.${stamp}.bak`;
  renameSync(dbFile, aside);
  for (const suffix of ['-wal', '-shm']) if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix);
  return `上次演示的数据库中有 ${marks} 条标记、${manual} 个单位的人工录入，已另存为 ${aside}（本次演示使用新的数据库）。`;
}

export async function demoCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('demo', args, { out: { type: 'string' }, now: { type: 'string' }, quiet: { type: 'boolean' } });
  if (!parsed) return 0;
  const v = parsed.values;
  const evalDate = evalDateFrom(v.now);
  const outDir = resolve(v.out ?? 'gongkai-demo');
  ensureOutputDir(outDir);
  const progress = createProgress(process.stderr, { quiet: v.quiet ?? false });

  const district = await startDemoDistrict({ evalDate });
  try {
    progress.log(`演示区县“${district.name}”已在本机启动（${district.units.length} 个单位）。`);
    const raw = {
      name: district.name,
      evalDate,
      units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
      // The demo sites are local: no need for the polite delay real government servers get.
      // axe on three pages per unit (home, disclosure column, one column) keeps the demo quick.
      // revisitDays 1: the demo district is tiny, so each night verifies every known page again and the
      // overnight change on an old article (a broken attachment link) shows the next morning; a real
      // district keeps the default of 7 (README: 每晚抓取计划).
      crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 5000, a11yPagesPerUnit: 3, revisitDays: 1 },
    };
    const configFile = join(outDir, 'gongkai.config.yaml');
    writeOutputFile(configFile, `${DEMO_CONFIG_HEADER}${stringify(raw)}`);
    const config = validateConfig(raw, configFile);

    const dbFile = join(outDir, 'gongkai.sqlite');
    // A fresh database each time; one the office has worked in (marks, its own manual entries) is
    // kept aside, never deleted without a word.
    const kept = keepOfficeWork(dbFile);
    if (kept) process.stdout.write(`${kept}\n`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    const db = openStore(dbFile);
    try {
      // The night before first, then tonight: the second run is compared with the first.
      const previousDate = daysBefore(evalDate, 1);
      progress.log(`第 1 次运行：模拟前一晚（评估日期 ${previousDate}）。`);
      district.setNight('previous');
      await runCrawl(db, config, { evalDate: previousDate }, progress);
      progress.log(`第 2 次运行：今晚（评估日期 ${evalDate}）。`);
      district.setNight('tonight');
      const outcome = await runCrawl(db, config, { evalDate }, progress);
      const manualFile = join(outDir, 'manual.yaml');
      writeOutputFile(manualFile, DEMO_MANUAL_YAML);
      saveManualEntries(db, parseManualFile(DEMO_MANUAL_YAML, manualFile));
      const doc = buildExport(db, outcome.run);
      const htmlFile = join(outDir, 'report.html');
      const jsonFile = join(outDir, 'report.json');
      writeOutputFile(htmlFile, renderHtmlReport(doc, { districtName: district.name, ruleInfo: reportRuleInfo, screenshot: storeScreenshots(db, outcome.run.id) }));
      writeOutputFile(jsonFile, `${JSON.stringify(doc, null, 2)}\n`);
      process.stdout.write(`\n${district.name} · 评估日期 ${evalDate} · 共抓取 ${outcome.stats.pages} 页\n`);
      if (doc.run.coverage) process.stdout.write(`${coverageText(doc.run.coverage)}\n`);
      process.stdout.write('\n');
      process.stdout.write(renderRankingTable(doc));
      process.stdout.write(`\n${overnightSummary(doc)}\n`);
      process.stdout.write(`\n报告（用浏览器打开）：${htmlFile}\nJSON 数据：${jsonFile}\n数据库：${dbFile}\n配置：${configFile}\n人工录入示例：${manualFile}\n`);
      process.stdout.write(`\n看板：npx gongkai serve --db ${dbFile}\n迎检报告：npx gongkai export --db ${dbFile} --format pdf --out ${join(outDir, 'report.pdf')}\n`);
      process.stdout.write(`${DEMO_SITES_STOPPED}\n`);
    } finally {
      db.close();
    }
  } finally {
    await district.close();
  }
  return 0;
}

/** 与前一晚相比：新增 3 项、已消除 1 项、仍存在 28 项 — the overnight change in one line. */
function overnightSummary(doc: ReturnType<typeof buildExport>): string {
  let added = 0;
  let fixed = 0;
  let open = 0;
  for (const unit of doc.units) {
    added += unit.changes?.new ?? 0;
    fixed += unit.changes?.fixed ?? 0;
    open += unit.changes?.open ?? 0;
  }
  return `与前一晚相比：新增问题 ${added} 项，已消除 ${fixed} 项，仍存在 ${open} 项。`;
}
