/**
 * How the footer identity marks of a government site read on real pages (gov-pages samples):
 *   网站标识码bm01000001 · 政府网站标识码：3609000002 · 网站标识码 1304000009
 *   京ICP备05070218号 · 冀ICP备05029117号-1 · 京ICP证030173号 · ICP备案号：浙ICP备05018911号
 *   京公网安备11010202000001号 · 冀公网安备 13042002000523号 · 公安备案号：35012899001-19002
 *   党政机关网站标识: a link to bszs.conac.cn (sometimes via an IPv6 proxy host such as
 *   bszs-conac-cn….ipv6best.cn) or the dcs.conac.cn script that writes it.
 * Sites also write them in full-width forms (鲁ＩＣＰ备０５…, ３７０２…): text is NFKC-normalised first.
 * Pure functions over a snapshot's text and links.
 */
import type { LinkRef } from '../types.js';

export type IdentityMark = '网站标识码' | 'ICP备案号' | '公安机关备案号';

export const IDENTITY_MARKS: readonly IdentityMark[] = ['网站标识码', 'ICP备案号', '公安机关备案号'];

/** `鲁ICP备05002386号`, also with a 经营许可 `B2-` prefix (`鲁ICP备B2-2005-0238号`). */
const ICP_NUMBER = /ICP\s*[备证](?:案号|案编号)?\s*[:：]?\s*(?:[\u4e00-\u9fff]\s*ICP\s*[备证]\s*)?(?:B2\s*-?\s*)?\d{4,}/i;
/** `鲁公网安备 37021102000123号`, also with the digits spaced in groups (`3702 1102 0001 23`). */
const POLICE_NUMBER = /(?:公网安备|公安(?:机关)?备案)(?:案)?(?:号|编号)?\s*[:：]?\s*(?:[\u4e00-\u9fff]\s*公网安备\s*)?\d(?: ?\d){5,}/;
/** The label with its value: an empty `网站标识码：` shows no code. */
const SITE_ID_LABELLED = /标识码\s*(?:[:：]\s*)?(?:bm\d{8}|\d{10})(?![0-9])/i;
const SITE_ID_VALUE = /(?:^|[^0-9a-z])(?:bm\d{8}|\d{10})(?![0-9])/i;

/** Full-width letters, digits and colons (ＩＣＰ, ３７０２, ：) read as their ASCII forms. */
function normalise(s: string): string {
  return s.normalize('NFKC');
}

/** The 公安 filing site's record link carries the number even when the badge is only an image. */
function isPoliceRecordLink(href: string): boolean {
  try {
    const u = new URL(href);
    return /(?:^|\.)beian\.gov\.cn$/i.test(u.hostname) && /^\d{6,}$/.test(u.searchParams.get('recordcode') ?? '');
  } catch {
    return false;
  }
}

function isConacHost(href: string): boolean {
  try {
    return /conac/i.test(new URL(href).hostname);
  } catch {
    return false;
  }
}

/**
 * Which required marks the page shows. `siteIdCode` is the page's SiteIDCode meta, when valid: the
 * footer may show the bare code without its label.
 */
export function foundIdentityMarks(text: string, links: readonly LinkRef[], siteIdCode: string | null): Set<IdentityMark> {
  const linkTexts = links.map((l) => l.text).join('\n');
  const all = normalise(`${text}\n${linkTexts}`);
  const found = new Set<IdentityMark>();
  const code = siteIdCode === null ? null : normalise(siteIdCode).trim();
  const codeShown = code !== null && SITE_ID_VALUE.test(code) && all.includes(code);
  if (SITE_ID_LABELLED.test(all) || codeShown) found.add('网站标识码');
  if (ICP_NUMBER.test(all)) found.add('ICP备案号');
  if (POLICE_NUMBER.test(all) || links.some((l) => isPoliceRecordLink(l.href))) found.add('公安机关备案号');
  return found;
}

/** The 党政机关网站标识 (conac badge) link or its script. */
export function hasConacMark(links: readonly LinkRef[]): boolean {
  return links.some((l) => isConacHost(l.href));
}

/**
 * Words only a page footer uses. 网站地图 / 联系我们 are not among them: they usually sit in the top
 * navigation, so finding them says nothing about whether the footer was in the HTML.
 */
const FOOTER_HINT = /版权所有|主办单位|主办[:：]|承办|技术支持|维护单位|Copyright|©|标识码|ICP|公网安备|公安备案/i;
/** The footer is at the end of the text: only its last part is searched (at least this many characters). */
const FOOTER_TAIL_MIN = 600;
const FOOTER_TAIL_SHARE = 1 / 3;

/**
 * Whether the text ends with footer words. Without any, the footer is probably written by a script
 * or an iframe, and marks missing from the text are not proof they are missing from the page.
 */
export function hasFooterText(text: string): boolean {
  const t = normalise(text);
  const tail = Math.max(FOOTER_TAIL_MIN, Math.ceil(t.length * FOOTER_TAIL_SHARE));
  return FOOTER_HINT.test(t.slice(-tail));
}
