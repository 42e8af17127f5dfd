/**
 * One finding on the unit page: its badges (outcome, 新增/仍存在, marks, 整改后再次出现), the message,
 * the evidence (page link, snippet as text, screenshot from the store), the points at stake, the
 * rule's requirement and fix advice, and the mark form. Everything from the crawl is escaped.
 */
import { escapeAttr, escapeHtml, isolateHtml, safeHttpUrl } from '../../rules/escape.js';
import type { ExportFinding, FindingMark } from '../export-schema.js';
import { formatBeijingTime } from '../../rules/office-time.js';
import { OUTCOME_LABELS, verifiedOnText } from '../messages.zh-CN.js';
import { reportRuleInfo } from '../rule-info.js';
import { ruleStakeText } from '../../rules/scoring.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { tokenField } from './token-field.js';

/** Only PNG data URIs from our own store are shown (CSP allows `img-src data:` and nothing else). */
const PNG_DATA_URI = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

export function linkOrText(url: string): string {
  const href = safeHttpUrl(url);
  return href
    ? `<a class="url" href="${escapeAttr(href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(url)}</a>`
    : `<span class="url">${escapeHtml(url)}</span>`;
}

export function markKindText(kind: FindingMark['kind']): string {
  return kind === 'false-positive' ? T.markFalsePositive : T.markFixed;
}

export function findingBadges(f: Pick<ExportFinding, 'outcome' | 'change' | 'mark' | 'reappeared'>): string {
  const out = [`<span class="badge b-${escapeAttr(f.outcome)}">${escapeHtml(OUTCOME_LABELS[f.outcome])}</span>`];
  if (f.change === 'new') out.push(`<span class="badge b-new">${escapeHtml(T.changeNew)}</span>`);
  if (f.change === 'open') out.push(`<span class="badge b-open">${escapeHtml(T.changeOpen)}</span>`);
  if (f.reappeared) out.push(`<span class="badge b-reappeared">${escapeHtml(T.reappeared)}</span>`);
  if (f.mark) out.push(`<span class="badge b-mark">${escapeHtml(markKindText(f.mark.kind))}</span>`);
  return out.join('');
}

export function markLine(mark: FindingMark): string {
  return `<p class="mark">${escapeHtml(T.markLine(markKindText(mark.kind), mark.by, formatBeijingTime(mark.at), mark.reason))}</p>`;
}

export interface MarkTarget {
  /** Where the form posts (the unit's mark action). */
  action: string;
  /** Hidden fields naming what is marked: a finding key, or a template group id. */
  fields: Record<string, string>;
  current: FindingMark | undefined;
}

/** The 标记误报或已整改 form, folded away so the list stays readable. */
export function renderMarkForm(target: MarkTarget): string {
  const hidden = Object.entries(target.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeAttr(name)}" value="${escapeAttr(value)}">`)
    .join('');
  const kind = target.current?.kind;
  const clear = target.current
    ? `<form class="inline" method="post" action="${escapeAttr(target.action)}">${hidden}<input type="hidden" name="action" value="clear">${tokenField()}<button type="submit">${escapeHtml(T.markClear)}</button></form>`
    : '';
  return `<details><summary>${escapeHtml(T.markFormSummary)}</summary>
<form class="inline" method="post" action="${escapeAttr(target.action)}">${hidden}<input type="hidden" name="action" value="set">
<label>${escapeHtml(T.markKind)}<select name="kind"><option value="false-positive"${kind === 'false-positive' ? ' selected' : ''}>${escapeHtml(T.markFalsePositive)}</option><option value="fixed"${kind === 'fixed' ? ' selected' : ''}>${escapeHtml(T.markFixed)}</option></select></label>
<label>${escapeHtml(T.markReason)}<input type="text" name="reason" required maxlength="500" autocomplete="off"></label>
<label>${escapeHtml(T.markBy)}<input type="text" name="by" required maxlength="100" autocomplete="username"></label>
${tokenField()}<button type="submit">${escapeHtml(T.markSave)}</button></form>${clear}</details>`;
}

export interface FindingCardOptions {
  screenshot: string | null;
  /** null: no mark form (no key, or marks cannot be stored). */
  mark: MarkTarget | null;
}

export function renderFindingCard(f: ExportFinding, opts: FindingCardOptions): string {
  const info = reportRuleInfo(f.ruleId);
  const stake = f.outcome === 'violation' ? ruleStakeText(f.ruleId) : null;
  const parts: string[] = [
    `<div>${findingBadges(f)}<strong>${escapeHtml(info?.title ?? f.ruleId)}</strong> <span class="muted">${escapeHtml(f.ruleId)}</span></div>`,
    `<p>${isolateHtml(f.message)}</p>`,
    `<p>${escapeHtml(T.evidenceUrl)}：${linkOrText(f.url)}${f.firstSeen ? ` <span class="muted">${escapeHtml(T.firstSeen(f.firstSeen))}</span>` : ''}${
      f.verifiedOn ? ` <span class="muted">${escapeHtml(verifiedOnText(f.verifiedOn))}</span>` : ''}</p>`,
  ];
  if (f.target?.snippet) parts.push(`<div>${escapeHtml(T.evidenceSnippet)}：<div class="snippet">${escapeHtml(f.target.snippet)}</div></div>`);
  if (opts.screenshot && PNG_DATA_URI.test(opts.screenshot)) {
    parts.push(`<p>${escapeHtml(T.evidenceScreenshot)}：<br><img class="shot" src="${escapeAttr(opts.screenshot)}" alt="${escapeAttr(T.screenshotAlt)}"></p>`);
  }
  if (stake) parts.push(`<p>${escapeHtml(T.stake)}：${escapeHtml(stake)}</p>`);
  if (info) {
    if (info.threshold) parts.push(`<p>${escapeHtml(T.threshold)}：${escapeHtml(info.threshold)}</p>`);
    if (info.source) parts.push(`<p class="muted">${escapeHtml(T.source)}：${escapeHtml(info.source)}</p>`);
    parts.push(`<p>${escapeHtml(T.fixAdvice)}：${escapeHtml(info.fix)}</p>`);
  }
  if (f.mark) parts.push(markLine(f.mark));
  if (opts.mark) parts.push(renderMarkForm(opts.mark));
  const cls = f.reappeared ? 'finding reappeared' : 'finding';
  const id = f.key ? ` id="${escapeAttr(`f-${f.key}`)}"` : '';
  return `<article class="${cls}"${id}>${parts.join('\n')}</article>`;
}
