/**
 * The opening shared by the rules about one part of the 政府信息公开 column (指南, 年报): without
 * the column or the part the rule does not apply (disclosure.column.present / disclosure.parts
 * report that); when the column page could not be read nothing can be said (`incomplete`).
 */
import type { DisclosurePart, Finding, PageSnapshot, SiteModel } from '../types.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';

export type PartGate = { part: DisclosurePart } | { findings: Finding[] };

export function gateOnPart(ruleId: string, site: SiteModel, home: PageSnapshot, standard: string, missing: () => string): PartGate {
  const column = site.disclosure;
  if (!column) return { findings: [{ ruleId, outcome: 'inapplicable', url: home.url, message: M.noDisclosureColumn(), data: {} }] };
  if (column.parts.length === 0) return { findings: [{ ruleId, outcome: 'incomplete', url: column.url, message: M.partsUnread(), data: {} }] };
  const part = column.parts.find((p) => p.standard === standard);
  if (part?.uncertain) return { findings: [{ ruleId, outcome: 'incomplete', url: column.url, message: M.partsUnread(), data: {} }] };
  if (!part || !part.found) {
    return { findings: [{ ruleId, outcome: 'inapplicable', url: column.url, message: missing(), data: { part: standard } }] };
  }
  return { part };
}
