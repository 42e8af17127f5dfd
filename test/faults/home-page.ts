import { FAULT_LINKS, TLS_LINK_TEXT } from './catalogue.js';
import { unitPage } from './page.js';

/** The unit's home page: ordinary columns on the outside, every fault one click away. */
export function homePage(tls: { selfSigned: string; expired: string } | null): string {
  const items = Object.values(FAULT_LINKS).map((l) => `<li><a href="${l.path.replace(/&/g, '&amp;')}">${l.text}</a></li>`);
  if (tls) {
    items.push(`<li><a href="${tls.selfSigned}">${TLS_LINK_TEXT.selfSigned}</a></li>`);
    items.push(`<li><a href="${tls.expired}">${TLS_LINK_TEXT.expired}</a></li>`);
  }
  return unitPage('首页', `<section class="news"><h3>政府信息公开</h3><ul>${items.join('\n')}</ul></section>`);
}
