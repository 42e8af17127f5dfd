/**
 * privacy.mobile: personal mobile numbers in a list of people are a violation; other mobile numbers
 * (a 联系人 line in a notice) need review; official hotlines are nothing. Pages (page rule) and
 * attachments (site rule); one finding per page or attachment.
 */
import type { PageRule, SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { attachmentLabel, PRIVACY_MESSAGES as M } from '../messages/privacy.zh-CN.js';
import { maskMobile } from './digits.js';
import { maskedData, maskedTarget } from './evidence.js';
import { scanMobiles } from './scan.js';
import { pageSource, textSource } from './source.js';

const RULE_ID = 'privacy.mobile';

export const mobilePageRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const scan = scanMobiles(pageSource(ctx.dom));
    if (scan.listed.length > 0) {
      const data = maskedData(scan.listed.map(maskMobile));
      const target = maskedTarget(ctx.dom, scan.selector);
      return [{ ruleId: RULE_ID, outcome: 'violation', url: ctx.url, ...(target ? { target } : {}), message: M.mobileListOnPage(data.masked, data.count), data }];
    }
    if (scan.loose.length > 0) {
      const data = maskedData(scan.loose.map(maskMobile));
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: ctx.url, message: M.mobileLooseOnPage(data.masked, data.count), data }];
    }
    return [];
  },
};

export const mobileAttachmentRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    let read = 0;
    for (const a of site.attachments) {
      if (a.text === null) continue;
      read++;
      const name = attachmentLabel(a.fromText, a.url);
      const scan = scanMobiles(textSource(a.text, a.fromText));
      const extra = { fromUrl: a.fromUrl, type: a.type, truncated: a.truncated };
      if (scan.listed.length > 0) {
        const data = maskedData(scan.listed.map(maskMobile));
        findings.push({ ruleId: RULE_ID, outcome: 'violation', url: a.url, message: M.mobileListInAttachment(name, data.masked, data.count), data: { ...data, ...extra } });
      } else if (scan.loose.length > 0) {
        const data = maskedData(scan.loose.map(maskMobile));
        findings.push({ ruleId: RULE_ID, outcome: 'incomplete', url: a.url, message: M.mobileLooseInAttachment(name, data.masked, data.count), data: { ...data, ...extra } });
      }
    }
    if (site.attachments.length === 0) {
      findings.push({ ruleId: RULE_ID, outcome: 'inapplicable', url: site.home?.url ?? site.unit.url, message: M.noAttachments(), data: { checked: 0 } });
    } else if (read > 0 && !findings.some((f) => f.outcome === 'violation')) {
      findings.push({ ruleId: RULE_ID, outcome: 'pass', url: site.home?.url ?? site.unit.url, message: M.attachmentsCleanMobile(read), data: { checked: read } });
    }
    return findings;
  },
};
