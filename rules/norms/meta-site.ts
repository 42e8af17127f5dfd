/**
 * meta.site: the home page carries the site metadata of 《政府网站发展指引》 — SiteName, SiteDomain and
 * SiteIDCode — and the SiteIDCode has the 网站标识码 format. A meta present with empty content counts
 * as missing: it names nothing.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { homeRequired } from '../site/home-required.js';
import { NORMS_MESSAGES as M } from '../messages/norms.zh-CN.js';
import { isValidSiteIdCode } from './site-id-code.js';

const RULE_ID = 'meta.site';

/** Meta names as the guideline writes them; snapshot.meta is keyed in lower case. */
export const SITE_META_NAMES = ['SiteName', 'SiteDomain', 'SiteIDCode'] as const;

export const metaSiteRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (_site, home): Finding[] => {
    const missing = SITE_META_NAMES.filter((name) => !home.meta[name.toLowerCase()]?.trim());
    const idCode = home.meta['siteidcode']?.trim() ?? '';
    const badIdCode = idCode !== '' && !isValidSiteIdCode(idCode);
    const url = home.url;

    if (missing.length > 0 && home.meta['refresh'] !== undefined) {
      // A redirect stub is not the home page people see: its head proves nothing about the real one.
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: M.metaSiteRedirectPage(missing), data: { missing } }];
    }
    if (missing.length === 0 && !badIdCode) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url, message: M.metaSitePass(idCode), data: { siteIdCode: idCode } }];
    }
    const message =
      missing.length > 0 && badIdCode ? M.metaSiteMissingAndBadIdCode(missing, idCode)
      : badIdCode ? M.metaSiteBadIdCode(idCode)
      : M.metaSiteMissing(missing);
    const data: Record<string, unknown> = { missing };
    if (badIdCode) data['value'] = idCode;
    return [{ ruleId: RULE_ID, outcome: 'violation', url, message, data }];
  }),
};
