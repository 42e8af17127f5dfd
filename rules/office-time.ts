/**
 * Times as the office reads them. Shared by every part that shows a time (crawler log lines, reports,
 * dashboard), so each says the same time in the same form.
 */

/**
 * An ISO timestamp as Beijing time `YYYY-MM-DD HH:mm:ss` (UTC+8, no daylight saving). Unparsable
 * input is returned unchanged so nothing is silently lost.
 */
export function formatBeijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const shifted = new Date(ms + 8 * 3600 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}
