/**
 * The extension's settings in chrome.storage.local (docs/contracts.md, “浏览器扩展”): `autoScanOrigins`, the
 * origins whose pages are scanned as soon as they load, and `serverUrl`, the `gongkai serve` address.
 * Stored values are validated: anything malformed counts as "not set".
 */
import { z } from 'zod';

export interface Settings {
  autoScanOrigins: string[];
  serverUrl: string | null;
}

const originsSchema = z.array(z.string()).catch([]);
const serverUrlSchema = z.string().nullable().optional().catch(null);

/** `http://a.gov.cn/x` or `http://a.gov.cn` → `http://a.gov.cn`; null when not http(s). */
export function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Only http(s) server addresses, without a trailing slash. */
export function normaliseServerUrl(value: string | null | undefined): string | null {
  if (!value || !value.trim()) return null;
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export function parseSettings(raw: Record<string, unknown>): Settings {
  const origins = originsSchema.parse(raw['autoScanOrigins'])
    .map(normaliseOrigin)
    .filter((o): o is string => o !== null);
  return { autoScanOrigins: [...new Set(origins)], serverUrl: normaliseServerUrl(serverUrlSchema.parse(raw['serverUrl'])) };
}

/** Whether a page at `url` should be scanned on load. */
export function isAutoScanned(settings: Settings, url: string): boolean {
  const origin = normaliseOrigin(url);
  return origin !== null && settings.autoScanOrigins.includes(origin);
}

/** The API address for one page's site findings. */
export function siteFindingsUrl(serverUrl: string, pageUrl: string): string {
  return `${serverUrl}/api/findings?url=${encodeURIComponent(pageUrl)}`;
}
