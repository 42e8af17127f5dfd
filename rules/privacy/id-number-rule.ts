/**
 * privacy.id-number: a valid, unmasked 身份证号 on a page (page rule) or in an attachment (site rule).
 * One finding per page or attachment with a count; numbers stored only masked.
 */
import type { PageRule, SiteRule } from '../rule.js';
import type { AttachmentText, Finding } from '../types.js';
import { attachmentLabel, PRIVACY_MESSAGES as M } from '../messages/privacy.zh-CN.js';
import { maskIdNumber } from './digits.js';
import { maskedData, maskedTarget, maskNumbers } from './evidence.js';
import { scanIds } from './scan.js';
import { pageSource, textSource } from './source.js';
import { unreadAttachment, unreadableListAttachment } from './attachment-doubt.js';

const RULE_ID = 'privacy.id-number';
/** Unreadable attachments listed in the unit-level doubt. */
const UNREAD_EXAMPLES = 5;

export const idNumberPageRule: PageRule = {
  id: RULE_ID,
  evaluate(ctx) {
    const scan = scanIds(pageSource(ctx.dom), ctx.evalDate);
    if (scan.ids.length === 0) {
      if (scan.doubtful.length === 0) return [];
      const data = maskedData(scan.doubtful.map(maskIdNumber));
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: ctx.url, message: M.idDoubtOnPage(data.masked, data.count), data }];
    }
    const data = maskedData(scan.ids.map(maskIdNumber));
    const target = maskedTarget(ctx.dom, scan.selector);
    return [{ ruleId: RULE_ID, outcome: 'violation', url: ctx.url, ...(target ? { target } : {}), message: M.idOnPage(data.masked, data.count), data }];
  },
};

export const idNumberAttachmentRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    let read = 0;
    const unread: AttachmentText[] = [];
    for (const a of site.attachments) {
      const name = attachmentLabel(a.fromText, a.url);
      if (a.text === null) {
        // The unreadable-list doubt is reported once, here (privacy.mobile does not repeat it).
        if (unreadableListAttachment(a)) {
          findings.push({ ruleId: RULE_ID, outcome: 'incomplete', url: a.url, message: M.attachmentUnread(name, a.error ?? ''),
            data: { fromUrl: a.fromUrl, type: a.type, error: a.error === null ? null : maskNumbers(a.error) } });
        } else if (unreadAttachment(a)) {
          unread.push(a);
        }
        continue;
      }
      read++;
      const scan = scanIds(textSource(a.text, a.fromText), site.evalDate);
      if (scan.ids.length === 0) {
        if (scan.doubtful.length > 0) {
          const data = maskedData(scan.doubtful.map(maskIdNumber));
          findings.push({ ruleId: RULE_ID, outcome: 'incomplete', url: a.url, message: M.idDoubtInAttachment(name, data.masked, data.count),
            data: { ...data, fromUrl: a.fromUrl, type: a.type, truncated: a.truncated } });
        }
        continue;
      }
      const data = maskedData(scan.ids.map(maskIdNumber));
      findings.push({ ruleId: RULE_ID, outcome: 'violation', url: a.url, message: M.idInAttachment(name, data.masked, data.count),
        data: { ...data, fromUrl: a.fromUrl, type: a.type, truncated: a.truncated } });
    }
    // Other unreadable attachments: one unit-level doubt with how many, not one finding each.
    if (unread.length > 0) {
      const first = unread[0]!;
      findings.push({ ruleId: RULE_ID, outcome: 'incomplete', url: site.home?.url ?? site.unit.url,
        message: M.attachmentsUnread(unread.length, attachmentLabel(first.fromText, first.url)),
        data: { unread: unread.length, examples: unread.slice(0, UNREAD_EXAMPLES).map((a) => ({ url: a.url, fromUrl: a.fromUrl, error: a.error === null ? null : maskNumbers(a.error) })) } });
    }
    if (site.attachments.length === 0) {
      findings.push({ ruleId: RULE_ID, outcome: 'inapplicable', url: site.home?.url ?? site.unit.url, message: M.noAttachments(), data: { checked: 0 } });
    } else if (read > 0 && !findings.some((f) => f.outcome === 'violation')) {
      findings.push({ ruleId: RULE_ID, outcome: 'pass', url: site.home?.url ?? site.unit.url, message: M.attachmentsClean(read), data: { checked: read } });
    }
    return findings;
  },
};
