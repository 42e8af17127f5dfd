/**
 * The HTML report: one self-contained zh-CN file (inline CSS, no scripts, no external resources)
 * that a district office can open, mail or print. It renders an ExportDocument as it is; it does
 * not score or judge anything itself.
 *
 * Every string from the document is untrusted (crawled pages feed unit messages, URLs, snippets
 * and data): all text goes through escapeHtml/escapeAttr and only http(s) URLs become links. A
 * Content-Security-Policy meta tag forbids scripts and remote loads as a second line of defence.
 */
import type { ExportDocument, ExportFinding, ExportUnit } from './export-schema.js';
import { escapeAttr, escapeHtml, safeHttpUrl } from './escape.js';
import {
  DATA_KEY_LABELS,
  DATA_VALUE_LABELS,
  OUTCOME_LABELS,
  REPORT,
  UNIT_TYPE_LABELS,
  YES_NO,
  formatBeijingTime,
  formatScore,
  formatScoreOf,
} from './messages.zh-CN.js';
import { districtAverage, isAssessed, rankUnits, type RankedUnit } from './ranking-table.js';

export interface RuleInfo {
  title: string;
  fix: string;
  source?: string;
  threshold?: string;
  indicator?: string;
}

export interface HtmlReportOptions {
  districtName: string;
  ruleInfo: (ruleId: string) => RuleInfo | undefined;
  /** ISO timestamp shown as the generation time; omitted when absent (keeps output reproducible). */
  generatedAt?: string;
  /**
   * The screenshot of a violation's element, as a `data:image/png;base64,…` URI, or null when
   * there is none. Asked only for violations with a target; anything that is not a PNG data URI
   * is dropped.
   */
  screenshot?: (unitId: string, finding: ExportFinding) => string | null;
}

/**
 * A screenshot this large (about 9 MB of PNG) is not embedded: element shots are capped at
 * 1200×800 and stay far below it, so a bigger one is not ours and would bloat the report.
 */
const MAX_SCREENSHOT_URI_CHARS = 12_000_000;

const PNG_DATA_URI_PREFIX = 'data:image/png;base64,';
/** base64 of the 8-byte PNG signature plus the first byte of the IHDR length: every PNG starts so. */
const PNG_BASE64_START = 'iVBORw0KGgo';

/**
 * The URI when it is a well-formed base64 PNG data URI, else null. The report's only `src`
 * values come from here: no other scheme, no parameters, no characters outside base64, so
 * nothing can break out of the attribute or load anything.
 */
export function safePngDataUri(uri: unknown): string | null {
  if (typeof uri !== 'string' || uri.length > MAX_SCREENSHOT_URI_CHARS) return null;
  if (!uri.startsWith(PNG_DATA_URI_PREFIX)) return null;
  const data = uri.slice(PNG_DATA_URI_PREFIX.length);
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return null;
  return data.startsWith(PNG_BASE64_START) ? uri : null;
}

/** Long crawled values (snippets, data) are cut for display; the JSON export keeps them whole. */
const MAX_SNIPPET_CHARS = 1200;
const MAX_VALUE_CHARS = 400;

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/**
 * A fragment id from an untrusted id: safe characters kept (so `link.broken` gives
 * `rule-link.broken`), anything else encoded as `_xx` so ids stay unique and attribute-safe.
 */
function anchorId(prefix: string, raw: string): string {
  let out = '';
  for (const ch of raw) {
    out += /^[A-Za-z0-9._-]$/.test(ch) ? ch : `_${(ch.codePointAt(0) ?? 0).toString(16)}_`;
  }
  return `${prefix}-${out}`;
}

/** A link to a crawled URL when it is http(s); otherwise the URL as plain text. */
function externalLink(url: string, text?: string): string {
  const href = safeHttpUrl(url);
  const label = escapeHtml(text ?? url);
  if (href === null) {
    return `<span class="url not-link" title="${escapeAttr(REPORT.notALink)}">${label}</span>`;
  }
  return `<a class="url" href="${escapeAttr(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}

/** The reader-facing name of a rule: its catalogue title, or the id when the rule is unknown. */
function ruleTitle(ruleId: string, opts: HtmlReportOptions): string {
  return opts.ruleInfo(ruleId)?.title ?? ruleId;
}

function ruleLink(ruleId: string, opts: HtmlReportOptions): string {
  return `<a class="rule-title" href="#${escapeAttr(anchorId('rule', ruleId))}">${escapeHtml(
    ruleTitle(ruleId, opts),
  )}</a> <span class="rule-id">${escapeHtml(ruleId)}</span>`;
}

/** Data keys whose values are URLs: shown as links when they are absolute http(s). */
const URL_DATA_KEYS: ReadonlySet<string> = new Set(['href', 'columnUrl', 'partUrl']);

/**
 * Data keys that are internal bookkeeping, meaningless to a reader: `columnBy` only records how
 * the crawler recognised a column page (meta tag, Hanweb datastore, URL shape).
 */
const HIDDEN_DATA_KEYS: ReadonlySet<string> = new Set(['columnBy']);

/** One primitive data value as display text: booleans as 是/否, codes of known keys translated. */
function dataScalarText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? YES_NO.yes : YES_NO.no;
  if (typeof value === 'string') {
    const table = DATA_VALUE_LABELS[key];
    // Own properties only: a crawled value like `constructor` must not hit Object.prototype.
    return table !== undefined && Object.hasOwn(table, value) ? (table[value] ?? value) : value;
  }
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** One data value as display text: primitives translated, lists joined with 、, objects as JSON. */
function dataValueText(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (isRecord(v) ? recordText(v) : dataScalarText(key, v))).join('、');
  if (isRecord(value)) return recordText(value);
  return dataScalarText(key, value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A nested object (e.g. one column behind a veto) as 「栏目名称 工作动态，最新信息日期 2020-10-27」. */
function recordText(o: Record<string, unknown>): string {
  const parts = Object.entries(o)
    .filter(([k, v]) => v !== undefined && v !== null && v !== '' && !HIDDEN_DATA_KEYS.has(k))
    .map(([k, v]) => `${dataKeyLabel(k)} ${isRecord(v) || Array.isArray(v) ? JSON.stringify(v) : dataScalarText(k, v)}`);
  return `（${parts.join('，')}）`;
}

function dataKeyLabel(key: string): string {
  return Object.hasOwn(DATA_KEY_LABELS, key) ? (DATA_KEY_LABELS[key] ?? key) : key;
}

/** The `reason` of a finding, when the message does not already say it (home-required does). */
function reasonDetail(finding: ExportFinding): string {
  const reason = finding.data['reason'];
  if (reason === undefined || reason === null || reason === '') return '';
  const text = dataValueText('reason', reason);
  if (finding.message.includes(text)) return '';
  return `<p class="reason-detail">${escapeHtml(REPORT.reasonDetail(truncate(text, MAX_VALUE_CHARS)))}</p>`;
}

/** The `<figure>` for a violation's screenshot, or '' when there is none or it is not a safe PNG. */
function screenshotFigure(unitId: string, finding: ExportFinding, opts: HtmlReportOptions): string {
  if (opts.screenshot === undefined || finding.outcome !== 'violation' || !finding.target) return '';
  const src = safePngDataUri(opts.screenshot(unitId, finding));
  if (src === null) return '';
  return [
    '<figure class="screenshot">',
    `<img src="${escapeAttr(src)}" alt="${escapeAttr(REPORT.screenshotAlt)}">`,
    `<figcaption>${escapeHtml(REPORT.screenshotCaption)}</figcaption>`,
    '</figure>',
  ].join('');
}

function evidenceList(finding: ExportFinding, screenshot = ''): string {
  const rows: string[] = [];
  const row = (label: string, html: string) =>
    rows.push(`<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`);

  row(REPORT.page, externalLink(finding.url));
  for (const [key, value] of Object.entries(finding.data)) {
    if (value === undefined || value === null || value === '') continue;
    // `reason` is a sentence, shown under the message by reasonDetail, not as a data row.
    if (HIDDEN_DATA_KEYS.has(key) || key === 'reason') continue;
    const label = dataKeyLabel(key);
    if (URL_DATA_KEYS.has(key) && typeof value === 'string') {
      row(label, externalLink(value));
    } else if (key === 'src' && typeof value === 'string' && safeHttpUrl(value) !== null) {
      row(label, externalLink(value));
    } else {
      row(label, escapeHtml(truncate(dataValueText(key, value), MAX_VALUE_CHARS)));
    }
  }
  if (finding.target) {
    if (finding.target.selector !== '') {
      row(REPORT.element, `<code>${escapeHtml(truncate(finding.target.selector, MAX_VALUE_CHARS))}</code>`);
    }
    if (finding.target.snippet !== '') {
      row(
        REPORT.snippet,
        `<pre><code>${escapeHtml(truncate(finding.target.snippet, MAX_SNIPPET_CHARS))}</code></pre>`,
      );
    }
  }
  if (screenshot !== '') row(REPORT.screenshot, screenshot);
  return `<dl class="evidence">${rows.join('')}</dl>`;
}

function violationItem(unitId: string, finding: ExportFinding, opts: HtmlReportOptions): string {
  const fix = opts.ruleInfo(finding.ruleId)?.fix;
  return [
    '<li class="finding violation">',
    `<div class="finding-head">${ruleLink(finding.ruleId, opts)}</div>`,
    `<p class="message">${escapeHtml(finding.message)}</p>`,
    reasonDetail(finding),
    evidenceList(finding, screenshotFigure(unitId, finding, opts)),
    fix ? `<p class="fix"><strong>${escapeHtml(REPORT.fix)}：</strong>${escapeHtml(fix)}</p>` : '',
    '</li>',
  ].join('');
}

function reviewItem(finding: ExportFinding, opts: HtmlReportOptions): string {
  return [
    `<li class="finding review ${finding.outcome === 'error' ? 'error' : 'incomplete'}">`,
    `<div class="finding-head">${ruleLink(finding.ruleId, opts)}`,
    ` <span class="tag">${escapeHtml(OUTCOME_LABELS[finding.outcome])}</span></div>`,
    `<p class="message"><strong>${escapeHtml(REPORT.reason)}：</strong>${escapeHtml(finding.message)}</p>`,
    reasonDetail(finding),
    evidenceList(finding),
    '</li>',
  ].join('');
}

/** Stable sort by rule id so findings of one rule sit together, keeping their own order. */
function byRule(findings: ExportFinding[]): ExportFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) =>
      a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : a.index - b.index,
    )
    .map((entry) => entry.finding);
}

/** `<details>` listing how many findings of one outcome each rule produced. */
function countsPerRule(
  findings: ExportFinding[],
  summary: (rules: number, results: number) => string,
  cssClass: string,
  opts: HtmlReportOptions,
): string {
  if (findings.length === 0) return '';
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const items = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([ruleId, n]) =>
        `<li>${ruleLink(ruleId, opts)}<span class="count">${escapeHtml(REPORT.timesSuffix(n))}</span></li>`,
    );
  return `<details class="${cssClass}"><summary>${escapeHtml(summary(counts.size, findings.length))}</summary><ul>${items.join(
    '',
  )}</ul></details>`;
}

function percent(score: number, max: number): number {
  if (!(max > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((score / max) * 1000) / 10));
}

function scoreCard(unit: ExportUnit): string {
  const rows = unit.score.indicators.map((ind) => {
    const pct = percent(ind.score, ind.max);
    const full = ind.score >= ind.max ? ' full' : '';
    return [
      '<tr>',
      `<td>${escapeHtml(ind.name)}</td>`,
      `<td class="num">${escapeHtml(formatScoreOf(ind.score, ind.max))}</td>`,
      `<td class="bar-cell"><span class="bar${full}" role="img" aria-label="${escapeAttr(`${pct}%`)}">`,
      `<span class="fill" style="width:${pct}%"></span></span></td>`,
      '</tr>',
    ].join('');
  });
  return [
    `<h4>${escapeHtml(REPORT.scoreCardHeading)}</h4>`,
    '<table class="scorecard"><thead><tr>',
    `<th scope="col">${escapeHtml(REPORT.colIndicator)}</th>`,
    `<th scope="col" class="num">${escapeHtml(REPORT.colIndicatorScore)}</th>`,
    '<th scope="col"><span class="sr-only">%</span></th>',
    '</tr></thead><tbody>',
    rows.join(''),
    '</tbody><tfoot><tr>',
    `<th scope="row">${escapeHtml(REPORT.totalScore)}</th>`,
    `<td class="num total">${escapeHtml(unitScoreText(unit))}</td>`,
    `<td>${unit.score.vetoed ? `<span class="veto">${escapeHtml(REPORT.vetoed)}</span>` : ''}</td>`,
    '</tr></tfoot></table>',
  ].join('');
}

/** 62.5/70, or 未能评分 for a unit whose home page could not be fetched. */
function unitScoreText(unit: ExportUnit): string {
  return isAssessed(unit) ? formatScoreOf(unit.score.total, unit.score.max) : REPORT.notAssessed;
}

function unitSection(ranked: RankedUnit, opts: HtmlReportOptions): string {
  const { unit } = ranked;
  const violations = byRule(unit.findings.filter((f) => f.outcome === 'violation'));
  const review = byRule(unit.findings.filter((f) => f.outcome === 'incomplete' || f.outcome === 'error'));
  const passes = unit.findings.filter((f) => f.outcome === 'pass');
  const inapplicable = unit.findings.filter((f) => f.outcome === 'inapplicable');
  return [
    `<section class="unit" id="${escapeAttr(anchorId('unit', unit.id))}">`,
    `<h3>${escapeHtml(unit.name)} <span class="unit-type">${escapeHtml(UNIT_TYPE_LABELS[unit.type])}</span>`,
    ` <span class="unit-score">${escapeHtml(unitScoreText(unit))}</span></h3>`,
    `<p class="unit-url">${escapeHtml(REPORT.unitUrl)}：${externalLink(unit.url)}</p>`,
    unit.score.vetoed ? `<p class="veto-note">${escapeHtml(REPORT.vetoNote)}</p>` : '',
    isAssessed(unit) ? '' : `<p class="veto-note not-assessed-note">${escapeHtml(REPORT.notAssessedNote)}</p>`,
    // A unit that was not assessed has nothing deducted: full bars would read as a perfect site.
    isAssessed(unit) ? scoreCard(unit) : `<p class="score-line">${escapeHtml(REPORT.notAssessedScoreLine)}</p>`,
    `<h4 class="violations-heading">${escapeHtml(REPORT.violationsHeading(violations.length))}</h4>`,
    violations.length > 0
      ? `<ol class="findings violations">${violations.map((f) => violationItem(unit.id, f, opts)).join('')}</ol>`
      : `<p class="empty">${escapeHtml(isAssessed(unit) ? REPORT.noViolations : REPORT.noViolationsNotAssessed)}</p>`,
    `<h4 class="review-heading">${escapeHtml(REPORT.reviewHeading(review.length))}</h4>`,
    review.length > 0
      ? `<ol class="findings reviews">${review.map((f) => reviewItem(f, opts)).join('')}</ol>`
      : `<p class="empty">${escapeHtml(REPORT.noReview)}</p>`,
    countsPerRule(passes, REPORT.passesSummary, 'passes', opts),
    countsPerRule(inapplicable, REPORT.inapplicableSummary, 'inapplicable', opts),
    `<p class="to-top"><a href="#top">${escapeHtml(REPORT.backToTop)}</a></p>`,
    '</section>',
  ].join('');
}

function rankingTable(ranked: RankedUnit[]): string {
  if (ranked.length === 0) return `<p class="empty">${escapeHtml(REPORT.noUnits)}</p>`;
  const head = [REPORT.colRank, REPORT.colUnit, REPORT.colType, REPORT.colScore, REPORT.colViolations, REPORT.colReview, REPORT.colVeto]
    .map((h, i) => `<th scope="col"${i === 0 || i >= 3 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`)
    .join('');
  const rows = ranked.map((r) =>
    [
      r.unit.score.vetoed ? '<tr class="vetoed">' : '<tr>',
      `<td class="num">${r.rank}</td>`,
      `<td><a href="#${escapeAttr(anchorId('unit', r.unit.id))}">${escapeHtml(r.unit.name)}</a></td>`,
      `<td>${escapeHtml(UNIT_TYPE_LABELS[r.unit.type])}</td>`,
      `<td class="num">${escapeHtml(unitScoreText(r.unit))}</td>`,
      `<td class="num">${r.violations}</td>`,
      `<td class="num">${r.review}</td>`,
      `<td class="num">${r.unit.score.vetoed ? `<span class="veto">${escapeHtml(REPORT.vetoed)}</span>` : escapeHtml(REPORT.notVetoed)}</td>`,
      '</tr>',
    ].join(''),
  );
  return `<table class="ranking"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function summary(doc: ExportDocument, ranked: RankedUnit[]): string {
  const units = doc.units;
  const { average, max, excluded } = districtAverage(doc);
  const averageText = average === null ? '—' : max !== undefined ? formatScoreOf(average, max) : formatScore(average);
  const averageNote = excluded > 0 ? REPORT.summaryAverageExcludes(excluded) : undefined;
  const violations = ranked.reduce((sum, r) => sum + r.violations, 0);
  const review = ranked.reduce((sum, r) => sum + r.review, 0);
  const vetoed = units.filter((u) => u.score.vetoed).length;
  const tile = (label: string, value: string, cssClass = '', note?: string) =>
    [
      `<div class="${cssClass === '' ? 'tile' : `tile ${cssClass}`}">`,
      `<div class="tile-value">${escapeHtml(value)}</div>`,
      `<div class="tile-label">${escapeHtml(label)}</div>`,
      note === undefined ? '' : `<div class="tile-note">${escapeHtml(note)}</div>`,
      '</div>',
    ].join('');
  return [
    '<div class="summary">',
    tile(REPORT.summaryUnits, REPORT.countUnit(units.length)),
    tile(REPORT.summaryAverage, averageText, '', averageNote),
    tile(REPORT.summaryViolations, REPORT.countItem(violations), violations > 0 ? 'has-violations' : ''),
    tile(REPORT.summaryReview, REPORT.countItem(review), review > 0 ? 'has-review' : ''),
    tile(REPORT.summaryVetoed, REPORT.countUnit(vetoed), vetoed > 0 ? 'has-violations' : ''),
    '</div>',
  ].join('');
}

/** Indicator id → name, as the units' score cards name them (for the rule reference). */
function indicatorNames(doc: ExportDocument): Map<string, string> {
  const names = new Map<string, string>();
  for (const unit of doc.units) {
    for (const ind of unit.score.indicators) if (!names.has(ind.id)) names.set(ind.id, ind.name);
  }
  return names;
}

function ruleReference(doc: ExportDocument, opts: HtmlReportOptions): string {
  const ruleIds = [...new Set(doc.units.flatMap((u) => u.findings.map((f) => f.ruleId)))].sort();
  const indicators = indicatorNames(doc);
  const sections = ruleIds.map((ruleId) => {
    const info = opts.ruleInfo(ruleId);
    const rows: string[] = [`<dt>${escapeHtml(REPORT.ruleId)}</dt><dd><code>${escapeHtml(ruleId)}</code></dd>`];
    const add = (label: string, value: string | undefined) => {
      if (value) rows.push(`<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`);
    };
    if (info) {
      add(REPORT.ruleSource, info.source);
      add(REPORT.ruleThreshold, info.threshold);
      add(REPORT.ruleFix, info.fix);
      if (info.indicator) add(REPORT.ruleIndicator, indicators.get(info.indicator) ?? info.indicator);
    }
    return [
      `<section class="rule" id="${escapeAttr(anchorId('rule', ruleId))}">`,
      `<h3>${escapeHtml(info?.title ?? ruleId)}</h3>`,
      info ? '' : `<p class="empty">${escapeHtml(REPORT.ruleUnknown)}</p>`,
      `<dl>${rows.join('')}</dl>`,
      '</section>',
    ].join('');
  });
  return sections.join('');
}

function header(doc: ExportDocument, opts: HtmlReportOptions): string {
  const run = doc.run;
  const item = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  const time = (iso: string) => `${formatBeijingTime(iso)}${REPORT.timeZoneNote}`;
  return [
    '<header>',
    `<h1>${escapeHtml(REPORT.heading(opts.districtName))}</h1>`,
    '<dl class="run-meta">',
    item(REPORT.evalDate, run.evalDate),
    item(REPORT.runId, run.id),
    item(REPORT.startedAt, time(run.startedAt)),
    item(REPORT.finishedAt, run.finishedAt === null ? REPORT.unfinished : time(run.finishedAt)),
    item(REPORT.ruleSetVersion, run.ruleSetVersion),
    opts.generatedAt ? item(REPORT.generatedAt, time(opts.generatedAt)) : '',
    '</dl>',
    '</header>',
  ].join('');
}

const STYLE = `
:root { color-scheme: light; --text:#1f2328; --muted:#59636e; --line:#d8dee4; --soft:#f6f8fa;
  --bar:#4b6584; --bar-bg:#e3e8ee; --red:#9c3d36; --red-bg:#fbf1f0; --amber:#8a5a00; --amber-bg:#fcf5e3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 20px 48px; color: var(--text); background: #fff;
  font: 15px/1.65 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif; }
h1 { font-size: 26px; margin: 0 0 12px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 18px 0 8px; }
a { color: #2f5d8a; }
code, pre { font-family: ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace; font-size: 13px; }
pre { margin: 0; padding: 8px 10px; background: var(--soft); border-radius: 4px; white-space: pre-wrap;
  word-break: break-all; max-height: 16em; overflow: auto; }
.url { word-break: break-all; }
.not-link { color: var(--muted); }
.run-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); }
.run-meta dt { font-weight: 600; }
.run-meta dd { margin: 0; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; background: var(--soft); }
.tile-value { font-size: 22px; font-weight: 600; }
.tile-label { color: var(--muted); }
.tile-note { color: var(--muted); font-size: 12px; margin-top: 2px; }
.tile.has-violations .tile-value { color: var(--red); }
.tile.has-review .tile-value { color: var(--amber); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.veto { color: var(--red); font-weight: 600; }
tr.vetoed td { background: var(--red-bg); }
.unit { border-top: 2px solid var(--line); margin-top: 28px; }
.unit-type { font-size: 13px; font-weight: normal; color: var(--muted); border: 1px solid var(--line);
  border-radius: 3px; padding: 0 6px; margin-left: 6px; }
.unit-score { font-weight: normal; color: var(--muted); margin-left: 6px; }
.veto-note { color: var(--red); }
.scorecard { max-width: 720px; }
.scorecard tfoot th, .scorecard tfoot td { border-bottom: none; font-weight: 600; }
.bar-cell { width: 40%; }
.bar { display: block; height: 10px; margin-top: 7px; background: var(--bar-bg); border-radius: 5px; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--bar); }
.bar, .fill, tr.vetoed td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.findings { padding-left: 0; list-style: none; margin: 0; }
.finding { border-left: 4px solid var(--line); padding: 8px 12px; margin: 0 0 10px; border-radius: 0 4px 4px 0; }
.finding.violation { border-left-color: var(--red); background: var(--red-bg); }
.finding.review { border-left-color: var(--amber); background: var(--amber-bg); }
.finding-head { font-weight: 600; }
.violations-heading { color: var(--red); }
.review-heading { color: var(--amber); }
.rule-id { font-weight: normal; font-size: 12px; color: var(--muted); font-family: ui-monospace,Menlo,Consolas,monospace; }
.tag { font-weight: normal; font-size: 12px; border: 1px solid var(--amber); color: var(--amber); border-radius: 3px; padding: 0 5px; }
.message { margin: 4px 0; }
.reason-detail { margin: 4px 0; }
.score-line { color: var(--muted); }
.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 14px; }
.evidence dt { color: var(--muted); }
.evidence dd { margin: 0; min-width: 0; }
.fix { margin: 6px 0 0; }
.screenshot { margin: 4px 0; }
.screenshot img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
.screenshot figcaption { color: var(--muted); font-size: 13px; }
.empty { color: var(--muted); }
details { margin: 10px 0; }
summary { cursor: pointer; color: var(--muted); }
details ul { margin: 6px 0; }
.count { margin-left: 8px; color: var(--muted); }
.rule { border-bottom: 1px solid var(--line); padding-bottom: 8px; }
.rule dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.rule dt { color: var(--muted); }
.rule dd { margin: 0; }
.to-top { font-size: 13px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  a { color: inherit; text-decoration: none; }
  .unit { break-before: page; border-top: none; }
  .finding, tr, .rule { break-inside: avoid; }
  .to-top { display: none; }
  pre { max-height: none; overflow: visible; }
  .screenshot { break-inside: avoid; }
  .screenshot img { max-height: 110mm; width: auto; max-width: 100%; }
}
@page { margin: 15mm; }
`;

/** Renders the whole report as one HTML document string. */
export function renderHtmlReport(doc: ExportDocument, opts: HtmlReportOptions): string {
  const ranked = rankUnits(doc);
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    // No scripts, no remote loads: the report needs neither, and crawled text must not run.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(REPORT.documentTitle(opts.districtName))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body id="top">',
    header(doc, opts),
    '<main>',
    `<section class="district"><h2>${escapeHtml(REPORT.summaryHeading)}</h2>${summary(doc, ranked)}</section>`,
    `<section class="ranking-section"><h2>${escapeHtml(REPORT.rankingHeading)}</h2>${rankingTable(ranked)}</section>`,
    `<section class="units"><h2>${escapeHtml(REPORT.unitsHeading)}</h2>${ranked.map((r) => unitSection(r, opts)).join('')}</section>`,
    `<section class="rules"><h2>${escapeHtml(REPORT.rulesHeading)}</h2>${ruleReference(doc, opts)}</section>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
