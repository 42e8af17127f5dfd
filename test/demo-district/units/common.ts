/**
 * Pieces every reachable demo unit shares: identity, the home page's external links (to hosts that
 * cannot resolve: needs-review, never a violation), and a helper for column plans.
 */
import type { ColumnPlan } from '../cms-style.js';
import type { SiteIdentity } from '../html.js';
import type { SeededFinding } from './unit-definition.js';

export function identity(sponsor: string, siteName: string, siteDomain: string, code: string, address: string, phone: string): SiteIdentity {
  return {
    siteName,
    sponsor,
    siteDomain,
    siteIdCode: code,
    icp: '鲁ICP备05012345号-1',
    police: '鲁公网安备 37021102000123号',
    address,
    phone,
  };
}

/** `.invalid` never resolves (RFC 2606): a DNS failure on a third-party host. */
export const EXTERNAL_LINKS = [
  { label: '中国政府网', href: 'http://www.gov.cn.invalid/' },
  { label: '山东省人民政府', href: 'http://www.shandong.gov.cn.invalid/' },
] as const;

export function externalLinksHtml(): string {
  const lis = EXTERNAL_LINKS.map((l) => `<li><a href="${l.href}" target="_blank">${l.label}</a></li>`).join('');
  return `<div class="block links"><h3>相关链接</h3><ul>${lis}</ul></div>`;
}

/** The home page's external links: each is a link check that cannot decide (incomplete). */
export function externalLinkIncompletes(): SeededFinding[] {
  return EXTERNAL_LINKS.map((l) => ({ ruleId: 'link.broken', path: '/', href: l.href }));
}

type ColumnBasics = Pick<ColumnPlan, 'key' | 'name' | 'pool' | 'ages'> & Partial<ColumnPlan>;

export function column(c: ColumnBasics): ColumnPlan {
  return {
    perPage: 10,
    listStyle: 'ul',
    dateStyle: 'iso',
    folder: `/${c.key}/`,
    hanwebId: 0,
    inNav: true,
    ...c,
  };
}
