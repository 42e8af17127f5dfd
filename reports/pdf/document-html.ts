/**
 * The pre-inspection report (迎检预评估报告) as one self-contained HTML document, laid out for
 * printing to A4 by Chromium: cover, district summary, ranking, one chapter per unit with every
 * violation and its evidence, the items needing manual review, and the hand-entered points.
 *
 * Everything in the export document is untrusted (crawled names, messages, URLs, snippets): all
 * text goes through escapeHtml, images only as validated PNG data URIs, no links are live and the
 * CSP forbids scripts and remote loads. The printer also runs with JavaScript off and the network
 * blocked (print-chromium.ts).
 */
import type { ExportDocument, ExportFinding, ExportUnit, TemplateGroup } from '../export-schema.js';
import { escapeAttr, escapeHtml, isolateHtml, isolateIn } from '../../rules/escape.js';
import {
  REVIEW_OUTCOMES,
  VIOLATION_OUTCOMES,
  districtChanges,
  findingDataRows,
  fixFirstItems,
  markByline,
  officeStatus,
  rankingColumns,
  rankingTableHtml,
  reasonDetailText,
  reportItems,
  safePngDataUri,
  scoreChangeText,
  truncate,
  unitScoreText,
  type OfficeStatus,
  type ReportItem,
  type RuleInfo,
} from '../html-report.js';
import { formatBeijingTime } from '../../rules/office-time.js';
import { OFFICE, OUTCOME_LABELS, REPORT, UNIT_TYPE_LABELS, coverageText, formatScore, formatScoreOf, verifiedOnText } from '../messages.zh-CN.js';
import { districtAverage, isAssessed, rankUnits, type RankedUnit } from '../ranking-table.js';
import { ruleStakeText } from '../../rules/scoring.js';
import { PDF } from './messages.zh-CN.js';
import { PRINT_CSS, PDF_FONT_STACK } from './print-css.js';

export interface PdfDocumentOptions {
  districtName: string;
  /** Rule titles and fix advice (reports/rule-info.ts reportRuleInfo in production). */
  ruleInfo: (ruleId: string) => RuleInfo | undefined;
  /** Same as the HTML report's option: a PNG data URI of a violation's element, or null. */
  screenshot?: ((unitId: string, finding: ExportFinding) => string | null) | undefined;
  generatedAt: Date;
}

/** Printed snippets and values are shorter than on screen: a page is a page. */
const MAX_SNIPPET_CHARS = 600;
/** Pages of a template group listed in print; the rest are counted. */
const MAX_TEMPLATE_PAGES = 30;

/** YYYY-MM-DD in Beijing time. */
function beijingDate(date: Date): string {
  return formatBeijingTime(date.toISOString()).slice(0, 10);
}

function cover(doc: ExportDocument, opts: PdfDocumentOptions): string {
  const run = doc.run;
  const row = (label: string, value: string, extra = '') =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}${extra}</td></tr>`;
  return [
    '<section class="cover">',
    `<div class="district">${escapeHtml(opts.districtName)}</div>`,
    `<h1>${escapeHtml(PDF.title)}</h1>`,
    '<table><tbody>',
    row(PDF.coverDistrict, opts.districtName),
    row(PDF.coverEvalDate, run.evalDate),
    row(
      PDF.coverRunId,
      run.id,
      run.finishedAt === null ? `<span class="unfinished">${escapeHtml(PDF.coverUnfinished)}</span>` : '',
    ),
    run.previousRunId ? row(PDF.coverPreviousRun, run.previousRunId) : '',
    row(PDF.coverRuleSet, run.ruleSetVersion),
    row(PDF.coverGenerated, beijingDate(opts.generatedAt)),
    run.coverage ? row(OFFICE.coverage, coverageText(run.coverage)) : '',
    '</tbody></table>',
    `<p class="auto-note">${escapeHtml(PDF.autoNote)}</p>`,
    '</section>',
  ].join('');
}

function summary(doc: ExportDocument, ranked: RankedUnit[]): string {
  const { average, max } = districtAverage(doc);
  const assessed = doc.units.filter(isAssessed).length;
  const violations = ranked.reduce((n, r) => n + r.violations, 0);
  const review = ranked.reduce((n, r) => n + r.review, 0);
  const vetoed = doc.units.filter((u) => u.score.vetoed).length;
  const changes = districtChanges(doc);
  const withManual = doc.units.filter((u) => u.manual !== undefined).length;
  const previousRun = doc.run.previousRunId ?? doc.units.find((u) => u.changes)?.changes?.previousRunId;
  const row = (label: string, value: string) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${escapeHtml(value)}</td></tr>`;
  return [
    '<section class="chapter summary">',
    `<h2>${escapeHtml(PDF.summaryHeading)}</h2>`,
    `<table class="summary-table"><thead><tr><th scope="col">${escapeHtml(PDF.summaryItem)}</th><th scope="col" class="num">${escapeHtml(PDF.summaryValue)}</th></tr></thead><tbody>`,
    row(PDF.summaryUnits, PDF.countUnit(doc.units.length)),
    row(PDF.summaryAssessed, PDF.countUnit(assessed)),
    row(
      PDF.summaryAverage,
      average === null ? PDF.summaryAverageNone : max !== undefined ? formatScoreOf(average, max) : formatScore(average),
    ),
    row(PDF.summaryVetoed, PDF.countUnit(vetoed)),
    row(PDF.summaryViolations, PDF.countItem(violations)),
    row(PDF.summaryReview, PDF.countItem(review)),
    changes === null ? '' : row(PDF.summaryChanges(previousRun ?? '—'), PDF.summaryChangesValue(changes.new, changes.fixed, changes.open)),
    withManual > 0 ? row(PDF.summaryPredicted, PDF.countUnit(withManual)) : '',
    '</tbody></table>',
    ranking(ranked),
    '</section>',
  ].join('');
}

function ranking(ranked: RankedUnit[]): string {
  const heading = `<h2 class="ranking-heading">${escapeHtml(PDF.rankingHeading)}</h2>`;
  if (ranked.length === 0) return `${heading}<p class="empty">${escapeHtml(PDF.noUnits)}</p>`;
  // On paper: the name as plain text (no link), and the veto column left-aligned like the other words.
  const cols = rankingColumns(ranked, (r) => isolateHtml(r.unit.name)).map((c) =>
    c.head === REPORT.colUnit ? { ...c, cls: 'unit-name' } : c.head === REPORT.colVeto ? { ...c, num: false } : c,
  );
  return [heading, `<p class="muted">${escapeHtml(PDF.rankingNote)}</p>`, rankingTableHtml(ranked, cols)].join('');
}

function indicatorTable(unit: ExportUnit): string {
  if (!isAssessed(unit)) return `<p class="empty">${escapeHtml(REPORT.notAssessedScoreLine)}</p>`;
  const rows = unit.score.indicators.map(
    (ind) =>
      `<tr><td>${escapeHtml(ind.name)}</td><td class="num">${escapeHtml(formatScore(ind.max))}</td><td class="num">${escapeHtml(
        formatScore(ind.score),
      )}</td><td class="num">${escapeHtml(formatScore(Math.max(0, ind.max - ind.score)))}</td></tr>`,
  );
  return [
    `<h3>${escapeHtml(PDF.indicatorsHeading)}</h3>`,
    '<table class="indicators"><thead><tr>',
    `<th scope="col">${escapeHtml(PDF.colIndicator)}</th><th scope="col" class="num">${escapeHtml(PDF.colMax)}</th>`,
    `<th scope="col" class="num">${escapeHtml(PDF.colScore)}</th><th scope="col" class="num">${escapeHtml(PDF.colDeducted)}</th>`,
    '</tr></thead><tbody>',
    rows.join(''),
    `<tr><th scope="row">${escapeHtml(REPORT.totalScore)}</th><td class="num">${escapeHtml(formatScore(unit.score.max))}</td>`,
    `<td class="num">${escapeHtml(formatScore(unit.score.total))}</td><td class="num">${escapeHtml(formatScore(Math.max(0, unit.score.max - unit.score.total)))}</td></tr>`,
    '</tbody></table>',
  ].join('');
}

function statusBadges(status: OfficeStatus, group: TemplateGroup | undefined): string {
  const badge = (cssClass: string, text: string) => `<span class="badge ${cssClass}">${escapeHtml(text)}</span>`;
  return [
    group ? badge('template', OFFICE.templateGroup(group.count)) : '',
    status.change === 'new' ? badge('change-new', OFFICE.changeNew) : '',
    status.change === 'open' ? badge('change-open', OFFICE.changeOpen) : '',
    status.reappeared ? badge('reappeared', OFFICE.reappeared) : '',
    status.mark ? badge(`mark-${status.mark.kind}`, status.mark.kind === 'false-positive' ? OFFICE.markFalsePositive : OFFICE.markFixed) : '',
  ]
    .filter((b) => b !== '')
    .join(' ');
}

function statusClasses(status: OfficeStatus): string {
  return [
    status.mark?.kind === 'false-positive' ? ' marked-false-positive' : '',
    status.mark?.kind === 'fixed' ? ' marked-fixed' : '',
    status.reappeared ? ' reappeared' : '',
  ].join('');
}

/** What an item stands for: the finding itself, or a template group read as one finding. */
function itemFinding(item: ReportItem): ExportFinding {
  if (item.kind === 'finding') return item.finding;
  const first = item.members[0];
  return {
    ruleId: item.group.ruleId,
    outcome: item.group.outcome,
    url: first?.url ?? item.group.pages[0] ?? '',
    message: item.group.message,
    data: first?.data ?? {},
    ...(item.group.target ? { target: item.group.target } : first?.target ? { target: first.target } : {}),
    ...(first?.firstSeen ? { firstSeen: first.firstSeen } : {}),
    ...(first?.verifiedOn ? { verifiedOn: first.verifiedOn } : {}),
  };
}

function templatePageList(group: TemplateGroup): string {
  const shown = group.pages.slice(0, MAX_TEMPLATE_PAGES);
  const more = group.pages.length - shown.length;
  return [
    `<p>${escapeHtml(OFFICE.templatePages(group.pages.length))}</p><ol class="pages">`,
    shown.map((url) => `<li class="url">${escapeHtml(url)}</li>`).join(''),
    more > 0 ? `<li class="muted">${escapeHtml(OFFICE.morePages(more))}</li>` : '',
    '</ol>',
  ].join('');
}

function violationBlock(unit: ExportUnit, item: ReportItem, index: number, doc: ExportDocument, opts: PdfDocumentOptions): string {
  const finding = itemFinding(item);
  const group = item.kind === 'template' ? item.group : undefined;
  const status = officeStatus(item.kind === 'finding' ? [item.finding] : item.members);
  const info = opts.ruleInfo(finding.ruleId);
  const rows: string[] = [];
  const row = (label: string, html: string) => rows.push(`<tr><th scope="row">${escapeHtml(label)}</th><td>${html}</td></tr>`);

  row(PDF.rowRule, `${escapeHtml(info?.title ?? finding.ruleId)} ${ruleIdHtml(finding.ruleId, 'muted')}`);
  const reason = reasonDetailText(finding);
  row(
    PDF.rowMessage,
    `<span class="message">${isolateHtml(finding.message)}</span>${reason === null ? '' : `<br>${escapeHtml(reason)}`}${
      group ? `<br><span class="muted">${escapeHtml(OFFICE.templateGroupNote)}</span>` : ''
    }`,
  );
  row(PDF.rowPage, `<span class="url">${escapeHtml(finding.url)}</span>`);
  if (finding.firstSeen !== undefined) row(OFFICE.firstSeen, escapeHtml(finding.firstSeen));
  else row(OFFICE.dateSeen, escapeHtml(doc.run.evalDate));
  if (finding.verifiedOn !== undefined) row(OFFICE.verifiedOn, escapeHtml(verifiedOnText(finding.verifiedOn)));
  row(PDF.rowStake, escapeHtml(ruleStakeText(finding.ruleId) ?? PDF.stakeUnknown));
  const badges = statusBadges(status, group);
  if (status.change !== undefined || status.reappeared || status.mark !== undefined) {
    row(
      PDF.rowStatus,
      `${badges}${status.reappeared ? `<br><span class="reappeared-note">${escapeHtml(OFFICE.reappearedNote)}</span>` : ''}`,
    );
  }
  if (status.mark) {
    const reasonText = status.mark.reason.trim() === '' ? '' : `<br>${escapeHtml(OFFICE.markReason(status.mark.reason))}`;
    const fp = status.mark.kind === 'false-positive' ? `<br><span class="muted">${escapeHtml(OFFICE.falsePositiveNote)}</span>` : '';
    row(PDF.rowMark, `${escapeHtml(markByline(status.mark))}${reasonText}${fp}`);
  }
  for (const data of findingDataRows(finding)) {
    row(data.label, data.isUrl ? `<span class="url">${escapeHtml(data.text)}</span>` : escapeHtml(data.text));
  }
  if (finding.target && finding.target.selector !== '') row(PDF.rowElement, `<code>${escapeHtml(truncate(finding.target.selector, 300))}</code>`);
  if (finding.target && finding.target.snippet !== '') {
    row(PDF.rowSnippet, `<pre>${escapeHtml(truncate(finding.target.snippet, MAX_SNIPPET_CHARS))}</pre>`);
  }
  const shotOf = item.kind === 'finding' ? item.finding : (item.members.find((m) => m.target) ?? finding);
  const shot = opts.screenshot !== undefined && shotOf.target ? safePngDataUri(opts.screenshot(unit.id, shotOf)) : null;
  if (shot !== null) row(PDF.rowScreenshot, `<div class="screenshot"><img src="${escapeAttr(shot)}" alt="${escapeAttr(PDF.screenshotAlt)}"></div>`);
  if (group) row(PDF.rowPages, templatePageList(group));
  if (info?.fix) row(PDF.rowFix, escapeHtml(info.fix));

  return [
    `<div class="finding${group ? ' template-group' : ''}${statusClasses(status)}">`,
    `<table><caption>${escapeHtml(PDF.findingNo(index))}${badges === '' ? '' : ` ${badges}`}</caption><tbody>`,
    rows.join(''),
    '</tbody></table></div>',
  ].join('');
}

/**
 * A rule id as one word that may wrap only after its dots: the body's `overflow-wrap: anywhere`
 * (needed for long page titles) would otherwise let a narrow table column print “interpretation.l / inked”.
 */
function ruleIdHtml(ruleId: string, extraClass = ''): string {
  return `<span class="mono rule-id${extraClass ? ` ${extraClass}` : ''}">${escapeHtml(ruleId).replace(/\./g, '.<wbr>')}</span>`;
}

function reviewTable(items: ReportItem[], count: number, opts: PdfDocumentOptions): string {
  const heading = `<h3>${escapeHtml(PDF.reviewHeading(count))}</h3>`;
  if (items.length === 0) return `${heading}<p class="empty">${escapeHtml(PDF.noReview)}</p>`;
  const rows = items.map((item, i) => {
    const f = itemFinding(item);
    const group = item.kind === 'template' ? item.group : undefined;
    const status = officeStatus(item.kind === 'finding' ? [item.finding] : item.members);
    const badges = statusBadges(status, group);
    return [
      `<tr class="review-row${statusClasses(status)}">`,
      `<td class="num">${i + 1}</td>`,
      `<td>${escapeHtml(opts.ruleInfo(f.ruleId)?.title ?? f.ruleId)}<br>${ruleIdHtml(f.ruleId, 'muted')}`,
      `<br><span class="badge">${escapeHtml(OUTCOME_LABELS[f.outcome])}</span>${badges}</td>`,
      `<td><span class="message">${isolateHtml(f.message)}</span></td>`,
      `<td class="url">${escapeHtml(f.url)}${group && group.pages.length > 1 ? `<br><span class="muted">${escapeHtml(OFFICE.morePages(group.pages.length - 1))}</span>` : ''}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    heading,
    `<p class="muted">${escapeHtml(PDF.reviewNote)}</p>`,
    '<table class="review"><thead><tr>',
    `<th scope="col" class="num">${escapeHtml(PDF.colNo)}</th><th scope="col">${escapeHtml(PDF.colRule)}</th>`,
    `<th scope="col">${escapeHtml(PDF.colReason)}</th><th scope="col" style="width:36%">${escapeHtml(PDF.colPage)}</th>`,
    '</tr></thead><tbody>',
    rows.join(''),
    '</tbody></table>',
  ].join('');
}

function fixFirstBlock(unit: ExportUnit): string {
  const items = fixFirstItems(unit);
  if (items.length === 0) return '';
  return [
    `<div class="fix-first keep"><h3>${escapeHtml(OFFICE.fixFirstHeading)}</h3>`,
    `<p class="muted">${escapeHtml(OFFICE.fixFirstNote)}</p><ol>`,
    items.map((item) => `<li>${escapeHtml(item.summary)}</li>`).join(''),
    '</ol></div>',
  ].join('');
}

function changesBlock(unit: ExportUnit): string {
  const c = unit.changes;
  if (c === undefined) return '';
  const previous = c.previousTotal === null ? OFFICE.previousNotAssessed : formatScoreOf(c.previousTotal, unit.score.max);
  const fixed = c.fixedFindings.map(
    (f) => `<tr><td>${ruleIdHtml(f.ruleId)}</td><td>${isolateHtml(f.message)}</td><td class="url">${escapeHtml(f.url)}</td></tr>`,
  );
  return [
    '<div class="changes keep">',
    `<h3>${escapeHtml(OFFICE.changesHeading)}</h3>`,
    `<p class="muted">${escapeHtml(OFFICE.changesSince(c.previousRunId, c.previousEvalDate))}</p>`,
    `<p>${escapeHtml(`${OFFICE.previousTotal}：${previous} → ${unitScoreText(unit)}（${OFFICE.scoreDelta} ${scoreChangeText(unit)}）`)}</p>`,
    `<p>${escapeHtml([OFFICE.countNew(c.new), OFFICE.countFixed(c.fixed), OFFICE.countOpen(c.open)].join('，'))}</p>`,
    '</div>',
    fixed.length > 0
      ? `<h4>${escapeHtml(OFFICE.fixedListHeading(fixed.length))}</h4><table class="fixed"><thead><tr><th scope="col">${escapeHtml(
          PDF.colRule,
        )}</th><th scope="col">${escapeHtml(PDF.rowMessage)}</th><th scope="col">${escapeHtml(PDF.colPage)}</th></tr></thead><tbody>${fixed.join('')}</tbody></table>`
      : '',
  ].join('');
}

function manualBlock(unit: ExportUnit): string {
  const m = unit.manual;
  if (m === undefined) return '';
  const label = `<span class="badge manual">${escapeHtml(OFFICE.manualLabel)}</span>`;
  const table = (first: string, rows: string[]) =>
    `<table class="manual-table"><thead><tr><th scope="col">${escapeHtml(first)}</th><th scope="col" class="num">${escapeHtml(
      OFFICE.manualPoints,
    )}</th><th scope="col">${escapeHtml(OFFICE.manualNoteCol)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const daily = m.daily.map(
    (d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(formatScoreOf(d.score, d.max))}</td><td>${escapeHtml(d.note ?? '')}</td></tr>`,
  );
  const deductions = m.deductions.map(
    (d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(`−${formatScore(d.points)}`)}</td><td>${escapeHtml(d.note ?? '')}</td></tr>`,
  );
  const by = [m.enteredBy ? OFFICE.manualEnteredBy(m.enteredBy) : '', m.enteredAt ? OFFICE.manualEnteredAt(m.enteredAt) : ''].filter((t) => t !== '').join('，');
  return [
    '<div class="manual">',
    `<h3>${escapeHtml(OFFICE.manualHeading)} ${label}</h3>`,
    `<div class="note-box"><span class="manual-label">${escapeHtml(OFFICE.manualLabel)}</span>：${escapeHtml(OFFICE.manualNote)}${by === '' ? '' : `<br>${escapeHtml(by)}`}</div>`,
    `<h4>${escapeHtml(OFFICE.manualDaily(formatScoreOf(m.dailyTotal, m.dailyMax)))}</h4>`,
    daily.length > 0 ? table(OFFICE.manualDailyItem, daily) : `<p class="empty">${escapeHtml(OFFICE.manualNoDaily)}</p>`,
    `<h4>${escapeHtml(OFFICE.manualDeductions(`−${formatScore(m.deductionTotal)}`))}</h4>`,
    deductions.length > 0 ? table(OFFICE.manualDeductionItem, deductions) : `<p class="empty">${escapeHtml(OFFICE.manualNoDeductions)}</p>`,
    `<p class="predicted keep">${label} ${escapeHtml(
      m.predictedTotal === null ? OFFICE.predictedUnavailable : OFFICE.predictedLine(formatScoreOf(m.predictedTotal, m.predictedMax)),
    )}</p>`,
    '</div>',
  ].join('');
}

/** `lead` goes above the first chapter's heading (the part's own heading, so it gets no page of its own). */
function unitChapter(ranked: RankedUnit, n: number, doc: ExportDocument, opts: PdfDocumentOptions, lead = ''): string {
  const { unit } = ranked;
  const byRule = (fs: ExportFinding[]) =>
    fs.map((f, i) => ({ f, i })).sort((a, b) => (a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : a.i - b.i)).map((e) => e.f);
  const violationFindings = byRule(unit.findings.filter((f) => f.outcome === 'violation'));
  const reviewFindings = byRule(unit.findings.filter((f) => f.outcome === 'incomplete' || f.outcome === 'error'));
  const violations = reportItems(unit, violationFindings, VIOLATION_OUTCOMES);
  const review = reportItems(unit, reviewFindings, REVIEW_OUTCOMES);
  return [
    '<section class="unit-chapter">',
    lead,
    `<h2 class="unit-heading">${isolateIn((name) => PDF.unitChapter(n, name), unit.name)} <span class="badge">${escapeHtml(UNIT_TYPE_LABELS[unit.type])}</span></h2>`,
    `<p>${escapeHtml(PDF.unitUrl)}：<span class="url">${escapeHtml(unit.url)}</span></p>`,
    `<p>${escapeHtml(PDF.unitScore)}：<strong>${escapeHtml(unitScoreText(unit))}</strong>${escapeHtml(`（${REPORT.colRank} ${ranked.rank}）`)}${
      unit.score.vetoed ? ` <span class="veto">${escapeHtml(REPORT.vetoed)}</span>` : ''
    }</p>`,
    unit.score.vetoed ? `<p class="veto">${escapeHtml(REPORT.vetoNote)}</p>` : '',
    isAssessed(unit) ? '' : `<p class="veto">${escapeHtml(REPORT.notAssessedNote)}</p>`,
    indicatorTable(unit),
    fixFirstBlock(unit),
    changesBlock(unit),
    `<h3>${escapeHtml(PDF.violationsHeading(violationFindings.length))}</h3>`,
    violations.length > 0
      ? violations.map((item, i) => violationBlock(unit, item, i + 1, doc, opts)).join('')
      : `<p class="empty">${escapeHtml(isAssessed(unit) ? PDF.noViolations : PDF.noViolationsNotAssessed)}</p>`,
    reviewTable(review, reviewFindings.length, opts),
    manualBlock(unit),
    '</section>',
  ].join('');
}

/** The whole document as an HTML string, ready for page.setContent. */
export function pdfDocumentHtml(doc: ExportDocument, opts: PdfDocumentOptions): string {
  const ranked = rankUnits(doc);
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(PDF.documentTitle(opts.districtName))}</title>`,
    `<style>${PRINT_CSS}</style>`,
    '</head>',
    '<body>',
    cover(doc, opts),
    summary(doc, ranked),
    ranked.map((r, i) => unitChapter(r, i + 1, doc, opts, i === 0 ? `<h1 class="part-heading">${escapeHtml(PDF.unitsHeading)}</h1>` : '')).join(''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Chromium's page header: the district and the document's name, small and grey. */
export function pdfHeaderTemplate(districtName: string): string {
  return `<div style="width:100%;margin:0 16mm;font-size:8pt;color:#777;font-family:${escapeAttr(PDF_FONT_STACK)};border-bottom:0.5pt solid #bbb;padding-bottom:2pt;">${escapeHtml(
    PDF.headerLeft(districtName),
  )}</div>`;
}

/** Chromium's page footer: 第 N 页 / 共 M 页 (Chromium fills the pageNumber and totalPages spans). */
export function pdfFooterTemplate(): string {
  const text = escapeHtml(PDF.footerPage)
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{total}', '<span class="totalPages"></span>');
  return `<div style="width:100%;text-align:center;font-size:8pt;color:#777;font-family:${escapeAttr(PDF_FONT_STACK)};">${text}</div>`;
}
