/**
 * Which 政府信息公开工作年度报告 a demo unit lists, computed from evalDate so that the answer key holds
 * on any day. The deadline per unit type is the one in rules/data/annual-report.json (31 January for
 * every unit type of a district, 条例第四十九条 and the 2021 年度报告格式). Before the deadline of year
 * Y the report for Y-2 is the one required; from the day after, the report for Y-1.
 */
import annualReportData from '../../rules/data/annual-report.json' with { type: 'json' };
import { dateParts } from './dates.js';
import type { DemoUnitType } from './units/unit-definition.js';

/** The day of year Y by which the report for Y-1 must be out, as MM-DD (the checker's rules data). */
export function deadlineMonthDay(type: DemoUnitType): string {
  return annualReportData.deadlines[type];
}

export interface RequiredReport {
  /** The year the required report is about. */
  year: number;
  /** Its publication deadline, YYYY-MM-DD. */
  deadline: string;
}

/** The report an evaluator expects on evalDate (the deadline day itself still counts as "before"). */
export function requiredReport(evalDate: string, type: DemoUnitType): RequiredReport {
  const { year } = dateParts(evalDate);
  const deadlineThisYear = `${year}-${deadlineMonthDay(type)}`;
  const reportYear = evalDate > deadlineThisYear ? year - 1 : year - 2;
  return { year: reportYear, deadline: `${reportYear + 1}-${deadlineMonthDay(type)}` };
}

/** Every demo report comes out on 15 January of the following year: before both deadlines. */
export function publishedOn(reportYear: number): string {
  return `${reportYear + 1}-01-15`;
}

/**
 * The three newest report years a unit lists on evalDate: only reports already published. With
 * `withoutRequired` the unit has not published the required report (nor any newer one).
 */
export function listedReportYears(evalDate: string, type: DemoUnitType, withoutRequired = false): number[] {
  const required = requiredReport(evalDate, type).year;
  let newest = dateParts(evalDate).year - 1;
  while (publishedOn(newest) >= evalDate) newest--;
  if (withoutRequired) newest = Math.min(newest, required - 1);
  return [newest, newest - 1, newest - 2];
}
