/**
 * Template groups: one problem repeated on many pages because it sits in the markup the CMS puts on
 * every page (header, footer, navigation). The office fixes it once in the template, so reports show
 * it once, with the pages it appears on. Pure.
 *
 * Findings of one unit are grouped when they have the same rule and outcome, the same *place*, and
 * appear on at least MIN_TEMPLATE_PAGES different pages. The place:
 * - a target (selector + snippet with whitespace collapsed): the same element, same markup;
 * - meta.article: its target is the page's <head>, whose snippet carries each article's own title,
 *   so the place is the selector plus which metadata names are missing — the article template;
 * - link.broken: the broken target (`data.href`): one dead link in the template, linked from many pages.
 * Findings without a common place (no target, no href) are never grouped: sameness of a message
 * alone does not prove a shared template.
 */
import { createHash } from 'node:crypto';
import type { Outcome, Target } from '../rules/types.js';
import type { TemplateGroup } from './export-schema.js';
import { keyUrl } from './finding-key.js';

export const MIN_TEMPLATE_PAGES = 3;

export interface GroupableFinding {
  ruleId: string;
  outcome: Outcome;
  url: string;
  target?: Target;
  message: string;
  data: Record<string, unknown>;
}

export interface TemplateGrouping {
  groups: TemplateGroup[];
  /** Parallel to the input: the group id of each finding, or null. */
  groupOf: (string | null)[];
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function stringList(v: unknown): string {
  return Array.isArray(v) ? v.map(String).sort().join(',') : '';
}

/** The place a finding is at, or null when it has none that pages could share. */
export function templatePlace(f: GroupableFinding): string | null {
  if (f.ruleId === 'link.broken') {
    const href = f.data['href'];
    return typeof href === 'string' && href !== '' ? `href\u0000${keyUrl(href)}` : null;
  }
  if (!f.target || f.target.selector === '') return null;
  if (f.ruleId === 'meta.article') {
    return `meta\u0000${f.target.selector}\u0000${stringList(f.data['missing'])}\u0000${stringList(f.data['empty'])}`;
  }
  return `target\u0000${f.target.selector}\u0000${collapse(f.target.snippet)}`;
}

function groupId(signature: string, ruleId: string): string {
  return `tpl:${ruleId}:${createHash('sha1').update(signature, 'utf8').digest('hex').slice(0, 10)}`;
}

export function templateGroups(findings: readonly GroupableFinding[]): TemplateGrouping {
  const bySignature = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const place = templatePlace(f);
    if (place === null) return;
    const signature = `${f.ruleId}\u0000${f.outcome}\u0000${place}`;
    const list = bySignature.get(signature) ?? [];
    list.push(i);
    bySignature.set(signature, list);
  });

  const groups: TemplateGroup[] = [];
  const groupOf: (string | null)[] = findings.map(() => null);
  for (const [signature, indexes] of bySignature) {
    const pages = [...new Set(indexes.map((i) => findings[i]!.url))];
    if (pages.length < MIN_TEMPLATE_PAGES) continue;
    const first = findings[indexes[0]!]!;
    const id = groupId(signature, first.ruleId);
    groups.push({
      id,
      ruleId: first.ruleId,
      outcome: first.outcome,
      message: first.message,
      ...(first.target ? { target: { selector: first.target.selector, snippet: first.target.snippet } } : {}),
      count: pages.length,
      pages,
    });
    for (const i of indexes) groupOf[i] = id;
  }
  return { groups, groupOf };
}
