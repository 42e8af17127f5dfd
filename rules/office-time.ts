/**
 * Times as the office reads them: one time zone (config `timeZone`, default Asia/Shanghai) decides
 * what "today" is (the default evaluation date) and how every time is shown (reports, dashboard,
 * `mark --list`, the schedule), whatever the clock of the machine that runs Gongkai. Shared by every
 * part that shows a time, so each says the same time in the same form. Intl only (browser-safe).
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether the runtime knows this IANA time zone (Asia/Shanghai, Asia/Urumqi …). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, tz: string): Record<string, string> {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

/** The calendar date (YYYY-MM-DD) it is now in the office's time zone. */
export function todayIn(tz: string = DEFAULT_TIME_ZONE, now: Date = new Date()): string {
  const p = partsIn(now, tz);
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/**
 * A time as `YYYY-MM-DD HH:mm:ss` in the office's time zone. Unparsable input is returned
 * unchanged so nothing is silently lost.
 */
export function formatOfficeTime(iso: string | Date, tz: string = DEFAULT_TIME_ZONE): string {
  const ms = iso instanceof Date ? iso.getTime() : Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const p = partsIn(new Date(ms), tz);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
}

/** How the zone is named next to a time: 北京时间 for China's zones, else the IANA name. */
export function zoneLabel(tz: string = DEFAULT_TIME_ZONE): string {
  return tz === 'Asia/Shanghai' || tz === 'Asia/Chongqing' || tz === 'Asia/Harbin' || tz === 'PRC' ? '北京时间' : tz;
}

/** An ISO timestamp as Beijing time `YYYY-MM-DD HH:mm:ss` (the default office zone). */
export function formatBeijingTime(iso: string): string {
  return formatOfficeTime(iso, DEFAULT_TIME_ZONE);
}
