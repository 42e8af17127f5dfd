/**
 * interpretation.linked: a policy document published in a 政策文件-type column links its
 * interpretation (解读、图解、问答、一图读懂; requirements §7: published with it and linked both ways).
 *
 * Conservative on purpose. Only articles whose title reads as a policy document are judged
 * (印发…意见/办法/方案…, titles ending in 办法/细则/实施意见…, 规范性文件); meeting notices,
 * appointments, announcements, replies and forwarded documents need no interpretation and are
 * skipped. An article whose page was not crawled is `incomplete`. A menu link such as 「政策解读」
 * that also appears on the home page (the site's navigation) does not count as this document's
 * interpretation; any other link whose text names an interpretation does.
 */
import type { SiteRule } from '../rule.js';
import type { Finding, PageSnapshot, SiteModel } from '../types.js';
import { DECISIONS_MESSAGES } from '../messages/decisions.zh-CN.js';
import { normalizeName } from '../text.js';

const RULE_ID = 'interpretation.linked';

const INTERPRETATION = /解读|图解|问答|一图读懂|一图看懂|答记者问/;
/** Short generic labels that name an interpretation column rather than one interpretation. */
const GENERIC_LABEL = /^(?:政策)?(?:解读|图解|问答)(?:回应|专栏|栏目)?$|^(?:政策解读|图解政策|一图读懂)$/;

const DOC_KINDS = '意见|办法|方案|规定|规划|细则|措施|规则|条例|纲要|计划|标准|指引|准则|若干政策|政策';
/** 「关于印发《…办法》的通知」: the classic form of a policy document. */
const ISSUED = new RegExp(`印发.*(?:${DOC_KINDS})`);
/** A title that is itself the document: 「…管理办法（试行）」「…实施细则」. */
const DOC_TITLE = new RegExp(`(?:${DOC_KINDS})(?:[（(](?:试行|暂行|修订|修正|\\d{4}年修订)[)）])?[》」]?$`);
/** Documents that do not need an interpretation (or are not the issuer's own policy). */
const NO_INTERPRETATION_NEEDED =
  /会议|任免|任职|免职|人事|表彰|通报|公示|公告|招聘|招考|名单|结果|征求意见|复函|函$|批复|答复|建议|提案|废止|失效|转发|工作要点|总结|报告|讲话|请示|计划完成|统计/;

/** Does the title read as a policy document that should have an interpretation? */
export function looksLikePolicyDocument(rawTitle: string): boolean {
  const title = normalizeName(rawTitle);
  if (title === '' || INTERPRETATION.test(title)) return false;
  // The exclusions judge the issuer's own words, not the name of the document it issues:
  // 「关于印发《行政执法公示制度实施办法》的通知」 is a policy document, not a 公示.
  const ownWords = title.replace(/《[^》]*》/g, '《》').replace(/(?:公示|公告|通报|会议|统计|人事|招聘|名单|信息公开)制度/g, '制度');
  if (NO_INTERPRETATION_NEEDED.test(ownWords)) return false;
  return title.includes('规范性文件') || ISSUED.test(title) || DOC_TITLE.test(title);
}

/** The page is an interpretation itself (its title says so). */
function isInterpretationPage(s: PageSnapshot, listedTitle: string): boolean {
  const titles = [listedTitle, s.title ?? '', s.meta['articletitle'] ?? '', ...s.headings.filter((h) => h.level <= 2).map((h) => h.text)];
  return titles.some((t) => INTERPRETATION.test(normalizeName(t)));
}

/** The first link of the page that names an interpretation, navigation menus aside. */
function interpretationLink(s: PageSnapshot, navigation: ReadonlySet<string>): { text: string; href: string } | null {
  for (const link of s.links) {
    if (link.kind !== 'page' || link.href === s.url) continue;
    const text = normalizeName(link.text);
    if (!INTERPRETATION.test(text)) continue;
    if (GENERIC_LABEL.test(text) && navigation.has(pageKey(link.href))) continue;
    return { text: link.text, href: link.href };
  }
  return null;
}

/** `/zcjd`, `/zcjd/` and `/zcjd/index.html` are one page to a menu. */
function pageKey(href: string): string {
  return href.replace(/\/(?:index\.s?html?)?$/i, '');
}

/** Link targets of the site's navigation: what the home page links, and the column pages. */
function navigationTargets(site: SiteModel): Set<string> {
  const targets = new Set<string>();
  for (const link of site.home?.links ?? []) targets.add(pageKey(link.href));
  for (const column of site.columns) for (const p of column.pages) targets.add(pageKey(p));
  return targets;
}

export const interpretationLinkedRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const navigation = navigationTargets(site);
    for (const column of site.columns) {
      if (column.type !== 'policy' || column.exempt) continue;
      for (const item of column.items) {
        if (item.href === '' || seen.has(item.href) || !looksLikePolicyDocument(item.title)) continue;
        seen.add(item.href);
        const base = { ruleId: RULE_ID, url: item.href };
        const data = { column: column.name, title: item.title };
        const page = site.page(item.href);
        if (page === null) {
          findings.push({ ...base, outcome: 'incomplete', message: DECISIONS_MESSAGES.interpretationPageUnread(item.title), data });
          continue;
        }
        if (isInterpretationPage(page, item.title)) continue;
        const link = interpretationLink(page, navigation);
        findings.push(
          link
            ? { ...base, outcome: 'pass', message: DECISIONS_MESSAGES.interpretationLinked(item.title, link.text), data: { ...data, href: link.href } }
            : { ...base, outcome: 'violation', message: DECISIONS_MESSAGES.interpretationMissing(item.title, column.name), data },
        );
      }
    }
    if (findings.length === 0 && seen.size === 0) {
      const url = site.home?.url ?? site.unit.url;
      findings.push({ ruleId: RULE_ID, outcome: 'inapplicable', url, message: DECISIONS_MESSAGES.interpretationNoPolicyDocs(), data: {} });
    }
    return findings;
  },
};
