/**
 * How the footer identity marks of a government site read on real pages (gov-pages samples):
 *   网站标识码bm01000001 · 政府网站标识码：3609000002 · 网站标识码 1304000009
 *   京ICP备05070218号 · 冀ICP备05029117号-1 · 京ICP证030173号 · ICP备案号：浙ICP备05018911号
 *   京公网安备11010202000001号 · 冀公网安备 13042002000523号 · 公安备案号：35012899001-19002
 *   党政机关网站标识: a link to bszs.conac.cn (sometimes via an IPv6 proxy host such as
 *   bszs-conac-cn….ipv6best.cn) or the dcs.conac.cn script that writes it.
 * Pure functions over a snapshot's text and links.
 */
import type { LinkRef } from '../types.js';

export type IdentityMark = '网站标识码' | 'ICP备案号' | '公安机关备案号';

export const IDENTITY_MARKS: readonly IdentityMark[] = ['网站标识码', 'ICP备案号', '公安机关备案号'];

const ICP_NUMBER = /ICP\s*[备证](?:案号|案编号)?\s*[:：]?\s*(?:[\u4e00-\u9fff]\s*ICP\s*[备证]\s*)?\d{4,}/i;
const POLICE_NUMBER = /(?:公网安备|公安(?:机关)?备案)(?:案)?(?:号|编号)?\s*[:：]?\s*(?:[\u4e00-\u9fff]\s*公网安备\s*)?\d{6,}/;
const SITE_ID_LABEL = /标识码/;
const SITE_ID_VALUE = /(?:^|[^0-9a-z])(?:bm\d{8}|\d{10})(?![0-9])/i;

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
  const all = `${text}\n${linkTexts}`;
  const found = new Set<IdentityMark>();
  const codeShown = siteIdCode !== null && SITE_ID_VALUE.test(siteIdCode) && all.includes(siteIdCode);
  if (SITE_ID_LABEL.test(all) || codeShown) found.add('网站标识码');
  if (ICP_NUMBER.test(all)) found.add('ICP备案号');
  if (POLICE_NUMBER.test(all) || links.some((l) => isPoliceRecordLink(l.href))) found.add('公安机关备案号');
  return found;
}

/** The 党政机关网站标识 (conac badge) link or its script. */
export function hasConacMark(links: readonly LinkRef[]): boolean {
  return links.some((l) => isConacHost(l.href));
}

/** Words of a page footer: without any, the footer is probably written by a script or an iframe. */
const FOOTER_HINT = /版权所有|主办单位|主办：|主办:|承办单位|承办：|技术支持|维护单位|Copyright|©|网站地图|联系我们|标识码|ICP|公网安备|公安备案/i;

export function hasFooterText(text: string): boolean {
  return FOOTER_HINT.test(text);
}
