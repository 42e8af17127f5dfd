/**
 * site.identity: the home page shows 网站标识码, ICP备案号 and 公安机关备案号 (requirements §5). The
 * rule reads the home page's whole text (the snapshot has no DOM: the footer is where these marks are
 * in practice, and nowhere else on a page do they occur). Absence is a violation only when the footer
 * was seen and the text was read in full; otherwise it is `incomplete`. The 党政机关网站标识 is
 * usually written by a conac.cn script, so its absence in the HTML proves nothing: it is only noted.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { DEFAULT_MAX_TEXT } from '../extract/snapshot.js';
import { homeRequired } from '../site/home-required.js';
import { NORMS_MESSAGES as M } from '../messages/norms.zh-CN.js';
import { foundIdentityMarks, hasConacMark, hasFooterText, IDENTITY_MARKS } from './identity-marks.js';
import { isValidSiteIdCode } from './site-id-code.js';

const RULE_ID = 'site.identity';

export const siteIdentityRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (_site, home): Finding[] => {
    const idMeta = home.meta['siteidcode']?.trim() ?? '';
    const found = foundIdentityMarks(home.text, home.links, isValidSiteIdCode(idMeta) ? idMeta : null);
    const missing = IDENTITY_MARKS.filter((m) => !found.has(m));
    const conac = hasConacMark(home.links);
    const url = home.url;

    if (missing.length === 0) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url, message: conac ? M.identityPass() : M.identityPassNoConac(), data: { missing, conac } }];
    }
    // Stored text is capped: a long home page may have lost its footer.
    const truncated = home.text.length >= DEFAULT_MAX_TEXT;
    const reason = truncated ? M.identityReasonTruncated() : !hasFooterText(home.text) ? M.identityReasonNoFooter() : null;
    if (reason !== null) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: M.identityUnsure(missing, reason), data: { missing, conac, reason } }];
    }
    return [{ ruleId: RULE_ID, outcome: 'violation', url, message: M.identityMissing(missing), data: { missing, conac } }];
  }),
};
