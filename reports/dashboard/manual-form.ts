/**
 * The hand-entered 30 points of a unit on its page: what was entered (labelled 人工录入) and the
 * form to enter or change it. Items and their maxima come from reports/manual-scores.ts, the same
 * list the manual.yaml uses.
 */
import { escapeAttr, escapeHtml } from '../../rules/escape.js';
import type { ManualScore } from '../export-schema.js';
import { formatBeijingTime } from '../../rules/office-time.js';
import { formatScore } from '../messages.zh-CN.js';
import { DAILY_ITEMS, DEDUCTION_ITEMS, OTHER_DEDUCTION } from '../manual-scores.js';
import { tableHead } from './layout.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';
import { tokenField } from './token-field.js';

export function renderManualSummary(manual: ManualScore | undefined): string {
  if (!manual) return `<p class="muted">${escapeHtml(T.manualNone)}</p>`;
  const daily = manual.daily
    .map((d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(formatScore(d.score))}</td><td class="num">${escapeHtml(formatScore(d.max))}</td><td>${escapeHtml(d.note ?? '')}</td></tr>`)
    .join('');
  const deductions = manual.deductions
    .map((d) => `<tr><td>${escapeHtml(d.name)}</td><td class="num">${escapeHtml(formatScore(d.points))}</td><td>${escapeHtml(d.note ?? '')}</td></tr>`)
    .join('');
  const predicted = manual.predictedTotal === null ? T.manualPredictedNone : T.manualPredicted(manual.predictedTotal, manual.predictedMax);
  const who = manual.enteredBy || manual.enteredAt ? `<p class="muted">${escapeHtml(T.manualEntered(manual.enteredBy ?? '—', manual.enteredAt ? formatBeijingTime(manual.enteredAt) : '—'))}</p>` : '';
  return `${daily ? `<table>${tableHead(T.manualDailyHead)}<tbody>${daily}</tbody></table>` : ''}
<p>${escapeHtml(T.manualDailyTotal(manual.dailyTotal, manual.dailyMax))}</p>
${deductions ? `<table>${tableHead(T.manualDeductionHead)}<tbody>${deductions}</tbody></table>` : ''}
<p>${escapeHtml(T.manualDeductionTotal(manual.deductionTotal))}</p>
<p><strong>${escapeHtml(predicted)}</strong></p>${who}`;
}

/** The entry form, pre-filled with what was entered before. */
export function renderManualForm(action: string, manual: ManualScore | undefined): string {
  const dailyNow = new Map((manual?.daily ?? []).map((d) => [d.id, d]));
  const deductionNow = new Map((manual?.deductions ?? []).map((d) => [d.id, d]));
  const dailyRows = DAILY_ITEMS.map((item) => {
    const now = dailyNow.get(item.id);
    return `<tr><td>${escapeHtml(item.name)}<br><span class="muted">${escapeHtml(item.detail)}</span></td>
<td><input type="number" name="${escapeAttr(`daily.${item.id}`)}" min="0" max="${item.points}" step="0.5" value="${now ? escapeAttr(now.score) : ''}"></td>
<td class="num">${item.points}</td>
<td><input type="text" name="${escapeAttr(`daily.${item.id}.note`)}" maxlength="500" value="${escapeAttr(now?.note ?? '')}" aria-label="${escapeAttr(T.manualFieldNote)}"></td></tr>`;
  }).join('');
  const deductionRows = DEDUCTION_ITEMS.map((item) => {
    const now = deductionNow.get(item.id);
    return `<tr><td><label><input type="checkbox" name="${escapeAttr(`deduction.${item.id}`)}" value="1"${now ? ' checked' : ''}> ${escapeHtml(item.name)}</label></td>
<td class="num">${item.points}</td>
<td><input type="text" name="${escapeAttr(`deduction.${item.id}.note`)}" maxlength="500" value="${escapeAttr(now?.note ?? '')}" aria-label="${escapeAttr(T.manualFieldNote)}"></td></tr>`;
  }).join('');
  const other = deductionNow.get(OTHER_DEDUCTION.id);
  const otherRow = `<tr><td>${escapeHtml(OTHER_DEDUCTION.name)}</td>
<td><input type="number" name="deduction.other.points" min="0" max="30" step="0.5" value="${other ? escapeAttr(other.points) : ''}" aria-label="${escapeAttr(T.manualDeductionPoints)}"></td>
<td><input type="text" name="deduction.other.note" maxlength="500" value="${escapeAttr(other?.note ?? '')}" aria-label="${escapeAttr(T.manualFieldNote)}"></td></tr>`;
  return `<details><summary>${escapeHtml(T.manualFormTitle)}</summary>
<form method="post" action="${escapeAttr(action)}">
<table>${tableHead(T.manualDailyHead)}<tbody>${dailyRows}</tbody></table>
<table>${tableHead(T.manualDeductionHead)}<tbody>${deductionRows}${otherRow}</tbody></table>
<div class="inline-row"><label>${escapeHtml(T.manualBy)}<input type="text" name="by" required maxlength="100" autocomplete="username" value="${escapeAttr(manual?.enteredBy ?? '')}"></label>
${tokenField()}<button type="submit">${escapeHtml(T.manualSave)}</button></div>
</form></details>`;
}
