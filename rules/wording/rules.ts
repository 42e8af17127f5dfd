/**
 * wording.typo, wording.serious and wording.forbidden: the page rules read the page's visible text
 * (and its <title>), the site rules read each attachment's text. One finding per distinct wrong
 * form on a page or in an attachment, with the sentence it stands in (the form marked 【…】), the
 * correction, and how often it occurs; on a page the target is the smallest element holding it, so
 * the extension can mark the text itself.
 */
import type { DomView } from '../dom/view.js';
import { attachmentLabel } from '../messages/privacy.zh-CN.js';
import { WORDING_MESSAGES as M } from '../messages/wording.zh-CN.js';
import type { PageRule, SiteRule } from '../rule.js';
import type { Finding, PageContext, Target } from '../types.js';
import { scanForbidden, scanSerious, scanTypos, type WordingHit } from './scan.js';

const TEXT_ELEMENTS = 'title, h1, h2, h3, h4, h5, h6, p, li, td, th, dd, dt, caption, label, a, span, strong, b, em, font, div, section, article';

/** The page's text as the rules read it: the title, then the visible body text. */
function pageText(ctx: PageContext): string {
  const body = ctx.dom.querySelector('body') ?? ctx.dom.root;
  return `${ctx.snapshot.title}\n${body.visibleText()}`;
}

/** The smallest element whose text holds `wrong`: where the overlay marks it. */
export function elementHolding(dom: DomView, wrong: string): Target | null {
  let best: { node: ReturnType<DomView['querySelectorAll']>[number]; length: number } | null = null;
  for (const node of dom.querySelectorAll(TEXT_ELEMENTS)) {
    const text = node.text();
    if (!text.includes(wrong)) continue;
    if (!best || text.length < best.length) best = { node, length: text.length };
  }
  return best ? { selector: best.node.selector(), snippet: best.node.snippet() } : null;
}

/** Hits grouped by wrong form, first occurrence first. */
function grouped(hits: WordingHit[]): { first: WordingHit; count: number }[] {
  const by = new Map<string, { first: WordingHit; count: number }>();
  for (const h of hits) {
    const key = `${h.serious ?? h.kind}\u0000${h.wrong}`;
    const g = by.get(key);
    if (g) g.count++;
    else by.set(key, { first: h, count: 1 });
  }
  return [...by.values()];
}

type Source = { kind: 'page'; ctx: PageContext } | { kind: 'attachment'; url: string; name: string; fromUrl: string };

function findingsOf(ruleId: string, hits: WordingHit[], source: Source): Finding[] {
  return grouped(hits).map(({ first: h, count }) => {
    const attachment = source.kind === 'attachment' ? source.name : null;
    const message =
      h.kind === 'typo' ? M.typo(h.wrong, h.right ?? '', h.sentence, count, attachment)
      : h.kind === 'serious' ? M.serious(h.serious ?? 'organ', h.wrong, h.right ?? '', h.sentence, count, attachment)
      : M.forbidden(h.wrong, h.right, h.sentence, count, attachment);
    const data: Record<string, unknown> = {
      wrong: h.wrong, ...(h.right !== null ? { right: h.right } : {}), sentence: h.sentence, count,
      ...(h.serious ? { category: h.serious } : {}), ...(h.reason ? { note: h.reason } : {}),
      ...(source.kind === 'attachment' ? { fromUrl: source.fromUrl } : {}),
    };
    const target = source.kind === 'page' ? elementHolding(source.ctx.dom, h.wrong) : null;
    return {
      ruleId, outcome: h.certain ? 'violation' as const : 'incomplete' as const, url: source.kind === 'page' ? source.ctx.url : source.url,
      ...(target ? { target } : {}), message, data,
    };
  });
}

function pageRule(ruleId: string, scan: (text: string, ctx: PageContext) => WordingHit[]): PageRule {
  return { id: ruleId, evaluate: (ctx) => findingsOf(ruleId, scan(pageText(ctx), ctx), { kind: 'page', ctx }) };
}

function attachmentRule(ruleId: string, scan: (text: string, unitName: string) => WordingHit[]): SiteRule {
  return {
    id: ruleId,
    evaluate(site) {
      const findings: Finding[] = [];
      let read = 0;
      for (const a of site.attachments) {
        if (a.text === null) continue;
        read++;
        const source: Source = { kind: 'attachment', url: a.url, name: attachmentLabel(a.fromText, a.url), fromUrl: a.fromUrl };
        findings.push(...findingsOf(ruleId, scan(a.text, site.unit.name), source));
      }
      // As a site rule, it also says what it checked.
      const at = site.home?.url ?? site.unit.url;
      if (site.attachments.length === 0) {
        findings.push({ ruleId, outcome: 'inapplicable', url: at, message: M.noAttachments(), data: { checked: 0 } });
      } else if (read > 0 && !findings.some((f) => f.outcome === 'violation')) {
        findings.push({ ruleId, outcome: 'pass', url: at, message: M.attachmentsClean(read, M.cleanWhat[ruleId] ?? ''), data: { checked: read } });
      }
      return findings;
    },
  };
}

export const typoPageRule = pageRule('wording.typo', (text) => scanTypos(text));
export const typoAttachmentRule = attachmentRule('wording.typo', (text) => scanTypos(text));
export const seriousPageRule = pageRule('wording.serious', (text, ctx) => scanSerious(text, ctx.unitName ? { unitName: ctx.unitName } : {}));
export const seriousAttachmentRule = attachmentRule('wording.serious', (text, unitName) => scanSerious(text, { unitName }));
export const forbiddenPageRule = pageRule('wording.forbidden', (text) => scanForbidden(text));
export const forbiddenAttachmentRule = attachmentRule('wording.forbidden', (text) => scanForbidden(text));
