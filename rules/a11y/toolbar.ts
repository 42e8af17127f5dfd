/**
 * a11y.toolbar (unit): the home page offers an accessibility / elderly-friendly entry — 无障碍浏览,
 * 长者模式, 关怀版, 适老化 … (《互联网网站适老化通用设计规范》, requirements §8). Found as
 *   - the short label of a link, a script-driven link (`javascript:`, onclick) or an image's alt;
 *   - the script of a known toolbar vendor (the aria.js / wza toolbars of gov sites, 九鱼 jiuyu,
 *     cniil assist), which draws the entry itself at run time.
 * None of these → violation. The entry word only in the page text (e.g. on a <button>, which the
 * snapshot does not keep apart, or in a news headline) → incomplete: it may be an entry, it may not.
 */
import type { SiteRule } from '../rule.js';
import type { Finding, PageSnapshot } from '../types.js';
import { homeRequired } from '../site/home-required.js';
import { A11Y_MESSAGES as M } from '../messages/a11y.zh-CN.js';

const RULE_ID = 'a11y.toolbar';

/** Words that name the entry. Matched only in short labels, so news headlines do not count. */
const ENTRY_WORD = /无障碍|长者模式|长者版|适老化|适老版|关怀版|关怀模式|关爱版|老年版|读屏/;
/** An entry label is short (「网站无障碍开关」, 「进入长者模式」); a headline is not. */
const LABEL_MAX_CHARS = 12;
/** Phrases that, seen only in the page text, suggest an entry that the rule cannot locate. */
const TEXT_HINT = /无障碍浏览|无障碍阅读|网站无障碍|长者模式|关怀版|适老版|老年版|读屏/;

/** Script URLs of the accessibility toolbars common on Chinese government sites. */
const TOOLBAR_SCRIPT = [
  /(?:^|[/.\-_])wza(?:[/.\-_]|$)/i, // wza.www.gov.cn/dist/aria.js, /wza/…
  /(?:^|\/)aria(?:\.min)?\.js(?:[?#]|$)/i, // the aria.js toolbar (a copy is often served from the site itself)
  /jiuyu/i, // 九鱼网 toolbar
  /cniil/i, // 中国互联网无障碍 toolbar
  /(?:^|\/)assist[\w.-]*\.js(?:[?#]|$)/i, // assist.js style toolbar loaders
];

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

function isEntryLabel(text: string): boolean {
  const t = compact(text);
  return t.length > 0 && t.length <= LABEL_MAX_CHARS && ENTRY_WORD.test(t);
}

interface EntryEvidence {
  via: 'link' | 'image' | 'unlinked' | 'script';
  label: string;
}

function findEntry(home: PageSnapshot): EntryEvidence | null {
  for (const link of home.links) {
    if (link.tag === 'img' && isEntryLabel(link.text)) return { via: 'image', label: compact(link.text) };
    if (link.kind === 'page' && isEntryLabel(link.text)) return { via: 'link', label: compact(link.text) };
  }
  for (const image of home.images) {
    if (image.alt !== null && isEntryLabel(image.alt)) return { via: 'image', label: compact(image.alt) };
  }
  for (const text of home.unlinkedLinkTexts ?? []) if (isEntryLabel(text)) return { via: 'unlinked', label: compact(text) };
  for (const link of home.links) {
    if (link.tag === 'script' && TOOLBAR_SCRIPT.some((re) => re.test(link.href))) return { via: 'script', label: link.href };
  }
  return null;
}

const VIA_ZH: Record<EntryEvidence['via'], string> = {
  link: '链接',
  image: '图片',
  unlinked: '按钮式链接',
  script: '无障碍工具条脚本',
};

export const a11yToolbarRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (_site, home): Finding[] => {
    const url = home.url;
    const entry = findEntry(home);
    if (entry) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url, message: M.toolbarFound(`${VIA_ZH[entry.via]}“${entry.label}”`), data: { ...entry } }];
    }
    const hint = TEXT_HINT.exec(home.text);
    if (hint) return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: M.toolbarUnsure(hint[0]), data: { textHint: hint[0] } }];
    return [{ ruleId: RULE_ID, outcome: 'violation', url, message: M.toolbarMissing(), data: {} }];
  }),
};
