/**
 * Fetches a page's site findings from the Gongkai server (`gongkai serve`, /api/findings) for the
 * service worker. The response is untrusted: validated, and every failure becomes a zh-CN reason
 * (the page's own results are shown either way).
 */
import { siteFindingsResponseSchema, type SiteResult } from './messages.js';
import { siteFindingsUrl } from './settings.js';

/** How long a server request may take before the page shows its own results only. */
export const FETCH_TIMEOUT_MS = 8000;

export async function fetchSiteFindings(serverUrl: string | null, pageUrl: string): Promise<SiteResult> {
  if (!serverUrl) return { status: 'no-server' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(siteFindingsUrl(serverUrl, pageUrl), {
      signal: controller.signal,
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return { status: 'failed', reason: `服务返回状态 ${response.status}` };
    const parsed = siteFindingsResponseSchema.safeParse(await response.json());
    if (!parsed.success) return { status: 'failed', reason: '服务返回的数据格式不正确' };
    return { status: 'ok', response: parsed.data };
  } catch {
    return { status: 'failed', reason: controller.signal.aborted ? '服务响应超时' : '无法连接服务' };
  } finally {
    clearTimeout(timer);
  }
}
