/**
 * The HTML report: one self-contained zh-CN file (inline CSS, no scripts, no external resources)
 * that a district office can open, mail or print. It renders an ExportDocument as it is; it does
 * not score or judge anything itself.
 *
 * Every string from the document is untrusted (crawled pages feed unit messages, URLs, snippets
 * and data): all text goes through escapeHtml/escapeAttr and only http(s) URLs become links. A
 * Content-Security-Policy meta tag forbids scripts and remote loads as a second line of defence.
 */
import type { ExportDocument, ExportFinding, ExportUnit, FindingMark, TemplateGroup } from './export-schema.js';
import type { Outcome } from '../rules/types.js';
import { escapeAttr, escapeHtml, isolateHtml, safeHttpUrl } from '../rules/escape.js';
import {
  DATA_KEY_LABELS,
  DATA_VALUE_LABELS,
  OFFICE,
  OUTCOME_LABELS,
  REPORT,
  UNIT_TYPE_LABELS,
  YES_NO,
  coverageText,
  formatScore,
  verifiedOnText,
  formatScoreOf,
} from './messages.zh-CN.js';
import { DEFAULT_TIME_ZONE, formatBeijingTime, formatOfficeTime, zoneLabel } from '../rules/office-time.js';
import { fixList, type FixItem } from './fix-list.js';
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

export function truncate(text: string, max: number): string {
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

/** The `reason` of a finding as a sentence, when the message does not already say it (home-required does). */
export function reasonDetailText(finding: ExportFinding): string | null {
  const reason = finding.data['reason'];
  if (reason === undefined || reason === null || reason === '') return null;
  const text = dataValueText('reason', reason);
  if (finding.message.includes(text)) return null;
  return REPORT.reasonDetail(truncate(text, MAX_VALUE_CHARS));
}

function reasonDetail(finding: ExportFinding): string {
  const text = reasonDetailText(finding);
  return text === null ? '' : `<p class="reason-detail">${escapeHtml(text)}</p>`;
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

/** One row of a finding's data as a reader sees it: a zh-CN label and the value as text. */
export interface FindingDataRow {
  label: string;
  text: string;
  /** The value is a URL: a link when it is http(s), plain text otherwise. */
  isUrl: boolean;
}

/**
 * A finding's data as labelled display rows, in the order the rule wrote them. Internal keys and
 * `reason` (a sentence of its own, see reasonDetailText) are left out; long values are cut.
 */
export function findingDataRows(finding: ExportFinding): FindingDataRow[] {
  const rows: FindingDataRow[] = [];
  for (const [key, value] of Object.entries(finding.data)) {
    if (value === undefined || value === null || value === '') continue;
    if (HIDDEN_DATA_KEYS.has(key) || key === 'reason') continue;
    const label = dataKeyLabel(key);
    if (URL_DATA_KEYS.has(key) && typeof value === 'string') {
      rows.push({ label, text: value, isUrl: true });
    } else if (key === 'src' && typeof value === 'string' && safeHttpUrl(value) !== null) {
      rows.push({ label, text: value, isUrl: true });
    } else {
      rows.push({ label, text: truncate(dataValueText(key, value), MAX_VALUE_CHARS), isUrl: false });
    }
  }
  return rows;
}

function evidenceList(finding: ExportFinding, screenshot = ''): string {
  const rows: string[] = [];
  const row = (label: string, html: string) =>
    rows.push(`<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`);

  row(REPORT.page, externalLink(finding.url));
  if (finding.firstSeen !== undefined) row(OFFICE.firstSeen, escapeHtml(finding.firstSeen));
  if (finding.verifiedOn !== undefined) row(OFFICE.verifiedOn, escapeHtml(verifiedOnText(finding.verifiedOn)));
  for (const data of findingDataRows(finding)) {
    row(data.label, data.isUrl ? externalLink(data.text) : escapeHtml(data.text));
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

/**
 * What a report lists: a finding on its own, or one entry for a finding repeated across the pages
 * of a shared template (unit.templateGroups), with the findings that belong to it.
 */
export type ReportItem =
  | { kind: 'finding'; finding: ExportFinding }
  | { kind: 'template'; group: TemplateGroup; members: ExportFinding[] };

/**
 * The findings as report items: each template group once, where its first member would stand;
 * groups of these outcomes that no listed finding refers to come last. A finding naming a group
 * the unit does not have is listed on its own (nothing is dropped).
 */
export function reportItems(unit: ExportUnit, findings: ExportFinding[], outcomes: ReadonlySet<Outcome>): ReportItem[] {
  const groups = new Map((unit.templateGroups ?? []).map((g) => [g.id, g]));
  const members = new Map<string, ExportFinding[]>();
  for (const f of findings) {
    if (f.templateGroup === undefined || !groups.has(f.templateGroup)) continue;
    const list = members.get(f.templateGroup) ?? [];
    list.push(f);
    members.set(f.templateGroup, list);
  }
  const items: ReportItem[] = [];
  const placed = new Set<string>();
  for (const f of findings) {
    const group = f.templateGroup === undefined ? undefined : groups.get(f.templateGroup);
    if (group === undefined) {
      items.push({ kind: 'finding', finding: f });
    } else if (!placed.has(group.id)) {
      placed.add(group.id);
      items.push({ kind: 'template', group, members: members.get(group.id) ?? [] });
    }
  }
  for (const group of groups.values()) {
    if (placed.has(group.id) || !outcomes.has(group.outcome)) continue;
    items.push({ kind: 'template', group, members: [] });
  }
  return items;
}

/** The office's state of one finding, or of a template group from its members. */
export interface OfficeStatus {
  change: 'new' | 'open' | undefined;
  mark: FindingMark | undefined;
  reappeared: boolean;
}

/**
 * A group counts as 仍存在 when any member was found before, as 新增 only when all are new; it
 * carries a mark only when every member has one of the same kind (the first member's is shown).
 */
export function officeStatus(findings: readonly ExportFinding[]): OfficeStatus {
  const changes = findings.map((f) => f.change);
  const change = changes.includes('open') ? 'open' : changes.length > 0 && changes.every((c) => c === 'new') ? 'new' : undefined;
  const first = findings[0]?.mark;
  const mark = first !== undefined && findings.every((f) => f.mark?.kind === first.kind) ? first : undefined;
  return { change, mark, reappeared: findings.some((f) => f.reappeared === true) };
}

export function markLabel(mark: FindingMark): string {
  return mark.kind === 'false-positive' ? OFFICE.markFalsePositive : OFFICE.markFixed;
}

/** 「误报：张三 于 2020-11-25 10:00:00 标记」 */
export function markByline(mark: FindingMark): string {
  return OFFICE.markedBy(markLabel(mark), mark.by, formatBeijingTime(mark.at));
}

function statusClasses(status: OfficeStatus): string {
  const classes: string[] = [];
  if (status.mark?.kind === 'false-positive') classes.push('marked-false-positive');
  if (status.mark?.kind === 'fixed') classes.push('marked-fixed');
  if (status.reappeared) classes.push('reappeared');
  return classes.map((c) => ` ${c}`).join('');
}

function statusBadges(status: OfficeStatus): string {
  const badge = (cssClass: string, text: string) => ` <span class="badge ${cssClass}">${escapeHtml(text)}</span>`;
  return [
    status.change === 'new' ? badge('change-new', OFFICE.changeNew) : '',
    status.change === 'open' ? badge('change-open', OFFICE.changeOpen) : '',
    status.reappeared ? badge('reappeared', OFFICE.reappeared) : '',
    status.mark ? badge(`mark-${status.mark.kind}`, markLabel(status.mark)) : '',
  ].join('');
}

function statusNotes(status: OfficeStatus): string {
  const notes: string[] = [];
  if (status.reappeared) notes.push(`<p class="reappeared-note">${escapeHtml(OFFICE.reappearedNote)}</p>`);
  if (status.mark) {
    const reason = status.mark.reason.trim() === '' ? '' : `；${OFFICE.markReason(status.mark.reason)}`;
    notes.push(`<p class="mark-detail">${escapeHtml(`${markByline(status.mark)}${reason}`)}</p>`);
    if (status.mark.kind === 'false-positive') notes.push(`<p class="mark-detail">${escapeHtml(OFFICE.falsePositiveNote)}</p>`);
  }
  return notes.join('');
}

/** Pages listed in a template group's <details>; the rest are counted. */
const MAX_TEMPLATE_PAGES = 200;

function templatePages(group: TemplateGroup): string {
  const shown = group.pages.slice(0, MAX_TEMPLATE_PAGES);
  const more = group.pages.length - shown.length;
  return [
    `<details class="template-pages"><summary>${escapeHtml(OFFICE.templatePages(group.pages.length))}</summary><ul>`,
    shown.map((url) => `<li>${externalLink(url)}</li>`).join(''),
    more > 0 ? `<li class="more">${escapeHtml(OFFICE.morePages(more))}</li>` : '',
    '</ul></details>',
  ].join('');
}

/** A template group read as one finding: its own message, target and first page. */
function groupAsFinding(group: TemplateGroup, members: ExportFinding[]): ExportFinding {
  const first = members[0];
  return {
    ruleId: group.ruleId,
    outcome: group.outcome,
    url: first?.url ?? group.pages[0] ?? '',
    message: group.message,
    data: first?.data ?? {},
    ...(group.target ? { target: group.target } : first?.target ? { target: first.target } : {}),
    ...(first?.firstSeen ? { firstSeen: first.firstSeen } : {}),
    ...(first?.verifiedOn ? { verifiedOn: first.verifiedOn } : {}),
  };
}

function violationItem(unitId: string, item: ReportItem, opts: HtmlReportOptions): string {
  const finding = item.kind === 'finding' ? item.finding : groupAsFinding(item.group, item.members);
  const status = officeStatus(item.kind === 'finding' ? [item.finding] : item.members);
  // The screenshot is the store's, keyed by a real finding: a group asks with its first member.
  const shotOf = item.kind === 'finding' ? item.finding : (item.members.find((m) => m.target) ?? finding);
  const fix = opts.ruleInfo(finding.ruleId)?.fix;
  return [
    `<li class="finding violation${item.kind === 'template' ? ' template-group' : ''}${statusClasses(status)}">`,
    `<div class="finding-head">${ruleLink(finding.ruleId, opts)}${templateBadge(item)}${statusBadges(status)}</div>`,
    `<p class="message">${isolateHtml(finding.message)}</p>`,
    item.kind === 'template' ? `<p class="template-note">${escapeHtml(OFFICE.templateGroupNote)}</p>` : '',
    statusNotes(status),
    reasonDetail(finding),
    evidenceList(finding, screenshotFigure(unitId, shotOf, opts)),
    item.kind === 'template' ? templatePages(item.group) : '',
    fix ? `<p class="fix"><strong>${escapeHtml(REPORT.fix)}：</strong>${escapeHtml(fix)}</p>` : '',
    '</li>',
  ].join('');
}

function templateBadge(item: ReportItem): string {
  return item.kind === 'template' ? ` <span class="badge template">${escapeHtml(OFFICE.templateGroup(item.group.count))}</span>` : '';
}

function reviewItem(item: ReportItem, opts: HtmlReportOptions): string {
  const finding = item.kind === 'finding' ? item.finding : groupAsFinding(item.group, item.members);
  const status = officeStatus(item.kind === 'finding' ? [item.finding] : item.members);
  return [
    `<li class="finding review ${finding.outcome === 'error' ? 'error' : 'incomplete'}${item.kind === 'template' ? ' template-group' : ''}${statusClasses(status)}">`,
    `<div class="finding-head">${ruleLink(finding.ruleId, opts)}`,
    ` <span class="tag">${escapeHtml(OUTCOME_LABELS[finding.outcome])}</span>${templateBadge(item)}${statusBadges(status)}</div>`,
    `<p class="message"><strong>${escapeHtml(REPORT.reason)}：</strong>${isolateHtml(finding.message)}</p>`,
    statusNotes(status),
    reasonDetail(finding),
    evidenceList(finding),
    item.kind === 'template' ? templatePages(item.group) : '',
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
export function unitScoreText(unit: ExportUnit): string {
  return isAssessed(unit) ? formatScoreOf(unit.score.total, unit.score.max) : REPORT.notAssessed;
}

export const VIOLATION_OUTCOMES: ReadonlySet<Outcome> = new Set(['violation']);
export const REVIEW_OUTCOMES: ReadonlySet<Outcome> = new Set(['incomplete', 'error']);

/** 上次得分 → 本次得分 with the difference, new/fixed/open counts and the list of what is gone. */
function changesBlock(unit: ExportUnit): string {
  const c = unit.changes;
  if (c === undefined) return '';
  const previous = c.previousTotal === null ? OFFICE.previousNotAssessed : formatScoreOf(c.previousTotal, unit.score.max);
  const delta = c.previousTotal !== null && isAssessed(unit) ? `<span class="delta">（${escapeHtml(OFFICE.deltaText(unit.score.total - c.previousTotal))}）</span>` : '';
  const fixed = c.fixedFindings.map(
    (f) =>
      `<li><span class="badge change-fixed">${escapeHtml(OFFICE.changeFixed)}</span> <span class="rule-id">${escapeHtml(f.ruleId)}</span> ${isolateHtml(f.message)}<br>${externalLink(f.url)}</li>`,
  );
  return [
    '<div class="changes">',
    `<h4>${escapeHtml(OFFICE.changesHeading)}</h4>`,
    `<p class="changes-since">${escapeHtml(OFFICE.changesSince(c.previousRunId, c.previousEvalDate))}</p>`,
    `<p class="changes-score">${escapeHtml(OFFICE.previousTotal)}：${escapeHtml(previous)} → ${escapeHtml(unitScoreText(unit))}${delta}</p>`,
    `<p class="changes-counts">${escapeHtml([OFFICE.countNew(c.new), OFFICE.countFixed(c.fixed), OFFICE.countOpen(c.open)].join('，'))}</p>`,
    fixed.length > 0
      ? `<details class="fixed-list"><summary>${escapeHtml(OFFICE.fixedListHeading(fixed.length))}</summary><ul>${fixed.join('')}</ul></details>`
      : '',
    '</div>',
  ].join('');
}

/** How many fix items the 先改这些 list shows: the few that matter most, not a second findings list. */
export const FIX_FIRST_ITEMS = 5;

/**
 * The unit's 先改这些 items: vetoes and rules whose fix wins points back, most first (fixList's
 * order). Rules whose fix changes no score are left to the full list below.
 */
export function fixFirstItems(unit: ExportUnit): FixItem[] {
  return fixList(unit)
    .filter((item) => item.veto || item.points > 0)
    .slice(0, FIX_FIRST_ITEMS);
}

function fixFirstBlock(unit: ExportUnit): string {
  const items = fixFirstItems(unit);
  if (items.length === 0) return '';
  const li = items.map(
    (item) =>
      `<li><strong>${escapeHtml(item.summary)}</strong>${item.fix ? `<br><span class="fix">${escapeHtml(item.fix)}</span>` : ''}</li>`,
  );
  return [
    '<div class="fix-first">',
    `<h4>${escapeHtml(OFFICE.fixFirstHeading)}</h4>`,
    `<p class="fix-first-note">${escapeHtml(OFFICE.fixFirstNote)}</p>`,
    `<ol>${li.join('')}</ol>`,
    '</div>',
  ].join('');
}

/** The hand-entered 30 points and the predicted 100-point total, labelled as entered by hand. */
function manualBlock(unit: ExportUnit): string {
  const m = unit.manual;
  if (m === undefined) return '';
  const label = `<span class="badge manual">${escapeHtml(OFFICE.manualLabel)}</span>`;
  const note = (text: string | undefined) => escapeHtml(text ?? '');
  const daily = m.daily.map(
    (d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(formatScoreOf(d.score, d.max))}</td><td>${note(d.note)}</td></tr>`,
  );
  const deductions = m.deductions.map(
    (d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(`−${formatScore(d.points)}`)}</td><td>${note(d.note)}</td></tr>`,
  );
  const head = (first: string) =>
    `<thead><tr><th scope="col">${escapeHtml(first)}</th><th scope="col" class="num">${escapeHtml(OFFICE.manualPoints)}</th><th scope="col">${escapeHtml(OFFICE.manualNoteCol)}</th></tr></thead>`;
  const by = [m.enteredBy ? OFFICE.manualEnteredBy(m.enteredBy) : '', m.enteredAt ? OFFICE.manualEnteredAt(m.enteredAt) : '']
    .filter((t) => t !== '')
    .join('，');
  return [
    '<div class="manual">',
    `<h4>${escapeHtml(OFFICE.manualHeading)} ${label}</h4>`,
    `<p class="manual-note">${escapeHtml(OFFICE.manualNote)}${by === '' ? '' : ` ${escapeHtml(by)}`}</p>`,
    `<p>${escapeHtml(OFFICE.manualDaily(formatScoreOf(m.dailyTotal, m.dailyMax)))}</p>`,
    daily.length > 0
      ? `<table class="manual-daily">${head(OFFICE.manualDailyItem)}<tbody>${daily.join('')}</tbody></table>`
      : `<p class="empty">${escapeHtml(OFFICE.manualNoDaily)}</p>`,
    `<p>${escapeHtml(OFFICE.manualDeductions(`−${formatScore(m.deductionTotal)}`))}</p>`,
    deductions.length > 0
      ? `<table class="manual-deductions">${head(OFFICE.manualDeductionItem)}<tbody>${deductions.join('')}</tbody></table>`
      : `<p class="empty">${escapeHtml(OFFICE.manualNoDeductions)}</p>`,
    `<p class="predicted">${label} ${escapeHtml(
      m.predictedTotal === null ? OFFICE.predictedUnavailable : OFFICE.predictedLine(formatScoreOf(m.predictedTotal, m.predictedMax)),
    )}</p>`,
    '</div>',
  ].join('');
}

function unitSection(ranked: RankedUnit, opts: HtmlReportOptions): string {
  const { unit } = ranked;
  const violations = reportItems(unit, byRule(unit.findings.filter((f) => f.outcome === 'violation')), VIOLATION_OUTCOMES);
  const violationCount = unit.findings.filter((f) => f.outcome === 'violation').length;
  const reviewFindings = byRule(unit.findings.filter((f) => f.outcome === 'incomplete' || f.outcome === 'error'));
  const review = reportItems(unit, reviewFindings, REVIEW_OUTCOMES);
  const passes = unit.findings.filter((f) => f.outcome === 'pass');
  const inapplicable = unit.findings.filter((f) => f.outcome === 'inapplicable');
  return [
    `<section class="unit" id="${escapeAttr(anchorId('unit', unit.id))}">`,
    `<h3>${isolateHtml(unit.name)} <span class="unit-type">${escapeHtml(UNIT_TYPE_LABELS[unit.type])}</span>`,
    ` <span class="unit-score">${escapeHtml(unitScoreText(unit))}</span></h3>`,
    `<p class="unit-url">${escapeHtml(REPORT.unitUrl)}：${externalLink(unit.url)}</p>`,
    unit.score.vetoed ? `<p class="veto-note">${escapeHtml(REPORT.vetoNote)}</p>` : '',
    isAssessed(unit) ? '' : `<p class="veto-note not-assessed-note">${escapeHtml(REPORT.notAssessedNote)}</p>`,
    // A unit that was not assessed has nothing deducted: full bars would read as a perfect site.
    isAssessed(unit) ? scoreCard(unit) : `<p class="score-line">${escapeHtml(REPORT.notAssessedScoreLine)}</p>`,
    fixFirstBlock(unit),
    manualBlock(unit),
    changesBlock(unit),
    `<h4 class="violations-heading">${escapeHtml(REPORT.violationsHeading(violationCount))}</h4>`,
    violations.length > 0
      ? `<ol class="findings violations">${violations.map((item) => violationItem(unit.id, item, opts)).join('')}</ol>`
      : `<p class="empty">${escapeHtml(isAssessed(unit) ? REPORT.noViolations : REPORT.noViolationsNotAssessed)}</p>`,
    `<h4 class="review-heading">${escapeHtml(REPORT.reviewHeading(reviewFindings.length))}</h4>`,
    review.length > 0
      ? `<ol class="findings reviews">${review.map((item) => reviewItem(item, opts)).join('')}</ol>`
      : `<p class="empty">${escapeHtml(REPORT.noReview)}</p>`,
    countsPerRule(passes, REPORT.passesSummary, 'passes', opts),
    countsPerRule(inapplicable, REPORT.inapplicableSummary, 'inapplicable', opts),
    `<p class="to-top"><a href="#top">${escapeHtml(REPORT.backToTop)}</a></p>`,
    '</section>',
  ].join('');
}

/** 较上次 cell: the score difference to the previous run, or — when there is none to compare. */
export function scoreChangeText(unit: ExportUnit): string {
  const previous = unit.changes?.previousTotal;
  if (previous === undefined || previous === null || !isAssessed(unit)) return '—';
  return OFFICE.deltaText(unit.score.total - previous);
}

/** 预测总分 cell: the predicted 100-point result from the hand-entered points, or —. */
export function predictedText(unit: ExportUnit): string {
  const m = unit.manual;
  if (m === undefined || m.predictedTotal === null) return '—';
  return formatScoreOf(m.predictedTotal, m.predictedMax);
}

/** One column of the ranking table: its head, alignment, an optional cell class and the cell's HTML. */
export interface RankingColumn {
  head: string;
  num: boolean;
  cls?: string;
  cell: (r: RankedUnit) => string;
}

/**
 * The ranking's columns (shared by the HTML report and the PDF). `unitCell` renders the unit name
 * (a link in the HTML report, plain text on paper). The office columns appear only when some unit
 * has the data (older stores, first runs: never).
 */
export function rankingColumns(ranked: RankedUnit[], unitCell: (r: RankedUnit) => string): RankingColumn[] {
  const withChanges = ranked.some((r) => r.unit.changes !== undefined);
  const withManual = ranked.some((r) => r.unit.manual !== undefined);
  return [
    { head: REPORT.colRank, num: true, cell: (r) => String(r.rank) },
    { head: REPORT.colUnit, num: false, cell: unitCell },
    { head: REPORT.colType, num: false, cell: (r) => escapeHtml(UNIT_TYPE_LABELS[r.unit.type]) },
    { head: REPORT.colScore, num: true, cell: (r) => escapeHtml(unitScoreText(r.unit)) },
    ...(withChanges ? [{ head: REPORT.colChange, num: true, cell: (r: RankedUnit) => escapeHtml(scoreChangeText(r.unit)) }] : []),
    ...(withManual ? [{ head: REPORT.colPredicted, num: true, cell: (r: RankedUnit) => escapeHtml(predictedText(r.unit)) }] : []),
    { head: REPORT.colViolations, num: true, cell: (r) => String(r.violations) },
    { head: REPORT.colReview, num: true, cell: (r) => String(r.review) },
    {
      head: REPORT.colVeto,
      num: true,
      cell: (r) => (r.unit.score.vetoed ? `<span class="veto">${escapeHtml(REPORT.vetoed)}</span>` : escapeHtml(REPORT.notVetoed)),
    },
  ];
}

/** The ranking as an HTML table; vetoed units' rows carry class `vetoed`. */
export function rankingTableHtml(ranked: RankedUnit[], columns: RankingColumn[]): string {
  const cellClass = (c: RankingColumn) => (c.num ? ' class="num"' : c.cls ? ` class="${c.cls}"` : '');
  const head = columns.map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${escapeHtml(c.head)}</th>`).join('');
  const rows = ranked.map((r) =>
    [
      r.unit.score.vetoed ? '<tr class="vetoed">' : '<tr>',
      ...columns.map((c) => `<td${cellClass(c)}>${c.cell(r)}</td>`),
      '</tr>',
    ].join(''),
  );
  return `<table class="ranking"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function rankingTable(ranked: RankedUnit[]): string {
  if (ranked.length === 0) return `<p class="empty">${escapeHtml(REPORT.noUnits)}</p>`;
  const unitLink = (r: RankedUnit) => `<a href="#${escapeAttr(anchorId('unit', r.unit.id))}">${isolateHtml(r.unit.name)}</a>`;
  return rankingTableHtml(ranked, rankingColumns(ranked, unitLink));
}

/** New, fixed and still-open violations over the units that have a comparison, or null when none has. */
export function districtChanges(doc: ExportDocument): { new: number; fixed: number; open: number } | null {
  const changes = doc.units.flatMap((u) => (u.changes ? [u.changes] : []));
  if (changes.length === 0) return null;
  return {
    new: changes.reduce((n, c) => n + c.new, 0),
    fixed: changes.reduce((n, c) => n + c.fixed, 0),
    open: changes.reduce((n, c) => n + c.open, 0),
  };
}

function summary(doc: ExportDocument, ranked: RankedUnit[]): string {
  const units = doc.units;
  const { average, max, excluded } = districtAverage(doc);
  const averageText = average === null ? '—' : max !== undefined ? formatScoreOf(average, max) : formatScore(average);
  const averageNote = excluded > 0 ? REPORT.summaryAverageExcludes(excluded) : undefined;
  const violations = ranked.reduce((sum, r) => sum + r.violations, 0);
  const review = ranked.reduce((sum, r) => sum + r.review, 0);
  const vetoed = units.filter((u) => u.score.vetoed).length;
  const changes = districtChanges(doc);
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
    changes === null ? '' : tile(REPORT.summaryNew, REPORT.countItem(changes.new), changes.new > 0 ? 'has-violations' : '', REPORT.summaryChangesNote),
    changes === null ? '' : tile(REPORT.summaryFixed, REPORT.countItem(changes.fixed), '', REPORT.summaryChangesNote),
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
  const tz = run.timeZone ?? DEFAULT_TIME_ZONE;
  const time = (iso: string) => `${formatOfficeTime(iso, tz)}（${zoneLabel(tz)}）`;
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
    run.coverage ? item(OFFICE.coverage, coverageText(run.coverage)) : '',
    '</dl>',
    '</header>',
  ].join('');
}

const STYLE = `
:root { color-scheme: light; --text:#1f2328; --muted:#59636e; --line:#d8dee4; --soft:#f6f8fa;
  --bar:#4b6584; --bar-bg:#e3e8ee; --red:#9c3d36; --red-bg:#fbf1f0; --amber:#8a5a00; --amber-bg:#fcf5e3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 20px 48px; color: var(--text); background: #fff;
  overflow-wrap: anywhere;
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
.badge { display: inline-block; font-weight: normal; font-size: 12px; border-radius: 3px; padding: 0 5px; margin-left: 4px;
  border: 1px solid var(--line); color: var(--muted); background: #fff; text-decoration: none; }
.badge.change-new { border-color: var(--red); color: var(--red); }
.badge.change-open { border-color: var(--muted); }
.badge.change-fixed { border-color: #2e6b3a; color: #2e6b3a; }
.badge.mark-fixed { border-color: #2e6b3a; color: #2e6b3a; }
.badge.reappeared { border-color: var(--red); background: var(--red); color: #fff; font-weight: 600; }
.badge.template { border-color: var(--bar); color: var(--bar); }
.badge.manual { border-color: var(--amber); color: var(--amber); }
.finding.marked-false-positive { opacity: .65; background: var(--soft); border-left-color: var(--line); }
.finding.marked-false-positive .message { text-decoration: line-through; }
.finding.reappeared { outline: 2px solid var(--red); }
.reappeared-note { color: var(--red); font-weight: 600; margin: 4px 0; }
.mark-detail, .template-note, .changes-since, .manual-note { color: var(--muted); margin: 4px 0; font-size: 14px; }
.changes, .manual { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px; margin: 12px 0; }
.manual table { max-width: 720px; margin: 6px 0; }
.predicted { font-weight: 600; }
.fix-first { border: 1px solid var(--red); border-radius: 6px; padding: 4px 14px; margin: 12px 0; }
.fix-first li { margin: 4px 0; }
.fix-first-note { color: var(--muted); margin: 4px 0; font-size: 14px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  a { color: inherit; text-decoration: none; }
  .unit { break-before: page; border-top: none; }
  .finding, tr, .rule, .changes, .manual { break-inside: avoid; }
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
