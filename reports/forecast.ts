/**
 * Foresight: which columns (and the home page) that pass today will pass their update limit before
 * a given date (the next evaluation), so the unit can publish in time. Pure.
 *
 * Read from the passing freshness.column / freshness.homepage findings, whose data carries `newest`
 * (the newest counted item) and `limitDays`. The rules call a list stale when its age exceeds the
 * limit, so it goes stale on newest + limitDays + 1 day — provided nothing newer is published.
 */
import type { ExportUnit } from './export-schema.js';

const FORECAST_RULES = new Set(['freshness.column', 'freshness.homepage']);
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ForecastItem {
  ruleId: string;
  url: string;
  key?: string;
  /** The column's name, or 首页 for the home page. */
  name: string;
  newest: string;
  limitDays: number;
  /** The first day the list is over its limit (YYYY-MM-DD). */
  staleOn: string;
  /** Days from the evaluation date to staleOn (≥ 1 for a list that passes today). */
  daysLeft: number;
  /** 「通知公告 将于 9 天后（2020-12-05）超过更新期限」 */
  message: string;
}

function dayNumber(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  // Reject dates that roll over (2020-02-31).
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return Math.round(t / DAY_MS);
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function forecastMessage(name: string, daysLeft: number, staleOn: string): string {
  // A forecast asked for a later day than the crawl's evaluation date may already be past.
  if (daysLeft <= 0) return `${name} 已于 ${staleOn} 超过更新期限`;
  const when = daysLeft === 1 ? '明天' : `${daysLeft} 天后`;
  return `${name} 将于 ${when}（${staleOn}）超过更新期限`;
}

/** Columns passing today that go stale on or before `until` (both dates YYYY-MM-DD), soonest first. */
export function forecastUnit(unit: Pick<ExportUnit, 'findings'>, evalDate: string, until: string): ForecastItem[] {
  const today = dayNumber(evalDate);
  const last = dayNumber(until);
  if (today === null || last === null) return [];
  const items: ForecastItem[] = [];
  for (const f of unit.findings) {
    if (f.outcome !== 'pass' || !FORECAST_RULES.has(f.ruleId)) continue;
    const newest = typeof f.data['newest'] === 'string' ? f.data['newest'] : null;
    const limitDays = f.data['limitDays'];
    if (newest === null || typeof limitDays !== 'number' || !Number.isFinite(limitDays) || limitDays < 0) continue;
    const newestDay = dayNumber(newest);
    if (newestDay === null) continue;
    const staleDay = newestDay + Math.floor(limitDays) + 1;
    if (staleDay > last) continue;
    const daysLeft = staleDay - today;
    const column = f.data['column'];
    const name = f.ruleId === 'freshness.homepage' ? '首页' : typeof column === 'string' && column !== '' ? column : f.url;
    const staleOn = isoOf(staleDay);
    items.push({
      ruleId: f.ruleId,
      url: f.url,
      ...(f.key !== undefined ? { key: f.key } : {}),
      name,
      newest,
      limitDays,
      staleOn,
      daysLeft,
      message: forecastMessage(name, daysLeft, staleOn),
    });
  }
  return items.sort((a, b) => a.daysLeft - b.daysLeft || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
