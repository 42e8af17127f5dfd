/**
 * A unit's nightly message in the three shapes it is sent in: robot markdown (企业微信 / 钉钉),
 * plain text and simple HTML (e-mail). Crawled strings are neutralised for each shape:
 * - markdown: characters that make links, emphasis, headings, code, tables or HTML (企业微信 accepts
 *   `<font>`) become their full-width look-alikes, so a page title cannot forge a link or a heading;
 *   URLs become plain text with those characters percent-encoded (the same address);
 * - HTML: escaped (rules/escape.ts), links only for http(s);
 * - everywhere: invisible and control characters are shown as [U+XXXX], line breaks become spaces,
 *   and over-long values are shortened.
 */
import { escapeHtml, escapeTerminal, safeHttpUrl } from '../../rules/escape.js';
import { alertText } from './messages.zh-CN.js';
import type { AlertFinding, UnitAlert } from './summary.js';

/** 企业微信 robot markdown: content at most 4096 bytes (UTF-8). */
export const WECOM_MARKDOWN_LIMIT = 4096;
/** 钉钉 robot: the whole message at most 20000 bytes; the text is kept well below. */
export const DINGTALK_MARKDOWN_LIMIT = 18000;

const FIELD_MAX = { title: 60, message: 160, url: 300 } as const;

function shorten(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const MARKDOWN_LOOKALIKES: Record<string, string> = {
  '\\': '＼', '`': '｀', '*': '＊', '_': '＿', '{': '｛', '}': '｝', '[': '［', ']': '］', '(': '（', ')': '）',
  '#': '＃', '!': '！', '|': '｜', '<': '＜', '>': '＞', '~': '～', '&': '＆', '@': '＠',
};

/**
 * Untrusted text for robot markdown: one line, nothing markdown or HTML can act on. Every line of a
 * message starts with our own words, so line-start marks (`-`, `+`, `1.`) need no treatment.
 */
export function markdownText(value: string, max: number = FIELD_MAX.message): string {
  return shorten(escapeTerminal(value), max).replace(/[\\`*_{}[\]()#!|<>~&@]/g, (ch) => MARKDOWN_LOOKALIKES[ch] ?? ch);
}

/** An untrusted URL for robot markdown: the same address with markdown characters percent-encoded. */
export function markdownUrl(value: string): string {
  const url = safeHttpUrl(value);
  if (!url) return markdownText(value, FIELD_MAX.url);
  const encoded = url.replace(/[\\`*_{}[\]()|<>~!@\s'"]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // Shortened addresses would be wrong addresses: a long one is shown as text, not cut.
  return encoded.length <= FIELD_MAX.url ? encoded : markdownText(value, FIELD_MAX.url);
}

/** How much of each list a rendering shows (shrunk until the message fits). */
interface Shown { items: number; reappeared: number; forecast: number }

type Line =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; strong?: boolean }
  | { kind: 'item'; index?: number; text: string; url?: string; note?: string };

/** The message as lines of trusted structure around untrusted values (neutralised by the renderer). */
function lines(a: UnitAlert, shown: Shown): Line[] {
  const out: Line[] = [];
  const score = a.score.assessed ? a.score.total : null;
  let scoreLine = score !== null ? alertText.score(score, a.score.max) : alertText.notAssessed;
  if (score !== null && a.previous) scoreLine += alertText.scoreChange(a.previous.total, score);
  if (a.score.vetoed) scoreLine += ` · ${alertText.vetoed}`;
  out.push({ kind: 'text', text: scoreLine, strong: true });
  if (a.previous && a.counts.new !== null) {
    out.push({ kind: 'text', text: `${alertText.compared(a.previous.runId, a.previous.evalDate)}${alertText.counts(a.counts.new, a.counts.fixed ?? 0, a.counts.open ?? 0)}` });
  } else {
    out.push({ kind: 'text', text: `${alertText.firstRun}；${alertText.currentCount(a.counts.violations)}` });
  }
  const total = a.items.length + a.moreItems;
  if (total === 0) {
    out.push({ kind: 'text', text: a.listed === 'new' ? alertText.noNew : alertText.noViolations });
  } else {
    out.push({ kind: 'heading', text: a.listed === 'new' ? alertText.newHeading(total) : alertText.currentHeading(total) });
    a.items.slice(0, shown.items).forEach((f, i) => out.push(itemLine(f, i + 1)));
    const hidden = total - Math.min(shown.items, a.items.length);
    if (hidden > 0) out.push({ kind: 'text', text: alertText.more(hidden) });
  }
  if (a.reappeared.length > 0) {
    out.push({ kind: 'heading', text: alertText.reappearedHeading(a.reappeared.length) });
    out.push({ kind: 'text', text: alertText.reappearedNote });
    a.reappeared.slice(0, shown.reappeared).forEach((f, i) => out.push(itemLine(f, i + 1)));
    const hidden = a.reappeared.length - Math.min(shown.reappeared, a.reappeared.length);
    if (hidden > 0) out.push({ kind: 'text', text: alertText.more(hidden) });
  }
  if (a.forecast.length > 0) {
    out.push({ kind: 'heading', text: alertText.forecastHeading(a.nextEvaluation) });
    for (const f of a.forecast.slice(0, shown.forecast)) out.push({ kind: 'item', text: f.message });
    const hidden = a.forecast.length - Math.min(shown.forecast, a.forecast.length);
    if (hidden > 0) out.push({ kind: 'text', text: alertText.more(hidden) });
    else out.push({ kind: 'text', text: alertText.forecastNote });
  }
  return out;
}

function itemLine(f: AlertFinding, index: number): Line {
  return {
    kind: 'item', index, text: `${shorten(f.title, FIELD_MAX.title)}：${f.message}`, url: f.url,
    ...(f.templatePages !== undefined && f.templatePages > 1 ? { note: alertText.templatePages(f.templatePages) } : {}),
  };
}

export function alertTitle(a: UnitAlert): string {
  return alertText.title(a.district, a.unit.name, a.evalDate);
}

/** 钉钉 shows single line breaks inconsistently across clients; blank lines separate reliably. */
function markdownOf(a: UnitAlert, shown: Shown, flavor: 'wecom' | 'dingtalk'): string {
  const headingMark = flavor === 'wecom' ? '###' : '####';
  const md: string[] = [`${headingMark} ${markdownText(alertTitle(a), 120)}`];
  for (const l of lines(a, shown)) {
    if (l.kind === 'heading') md.push('', `**${markdownText(l.text)}**`);
    else if (l.kind === 'text') md.push(l.strong ? `**${markdownText(l.text)}**` : markdownText(l.text));
    else {
      const lead = l.index !== undefined ? `${l.index}. ` : '· ';
      md.push(`${lead}${markdownText(l.text, FIELD_MAX.title + FIELD_MAX.message)}${l.note ? `（${markdownText(l.note)}）` : ''}`);
      if (l.url) md.push(`   ${markdownUrl(l.url)}`);
    }
  }
  return flavor === 'dingtalk' ? md.filter((l) => l !== '').join('\n\n') : md.join('\n');
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Robot markdown within `limitBytes`: lists are shortened first (the rest is counted as 另有 N 项),
 * and only if even the shortest message is too long is the text cut at a character boundary.
 */
export function renderMarkdown(a: UnitAlert, limitBytes: number, flavor: 'wecom' | 'dingtalk' = 'wecom'): string {
  const shown: Shown = { items: a.items.length, reappeared: a.reappeared.length, forecast: a.forecast.length };
  const order: (keyof Shown)[] = ['items', 'forecast', 'reappeared'];
  let text = markdownOf(a, shown, flavor);
  for (const key of order) {
    while (bytes(text) > limitBytes && shown[key] > 0) {
      shown[key]--;
      text = markdownOf(a, shown, flavor);
    }
  }
  if (bytes(text) <= limitBytes) return text;
  const tail = `\n${alertText.truncated}`;
  let cut = '';
  for (const ch of text) {
    if (bytes(cut) + bytes(ch) + bytes(tail) > limitBytes) break;
    cut += ch;
  }
  return cut + tail;
}

/** Plain text (e-mail body). */
export function renderPlainText(a: UnitAlert): string {
  const out: string[] = [escapeTerminal(alertTitle(a)), ''];
  const shown: Shown = { items: a.items.length, reappeared: a.reappeared.length, forecast: a.forecast.length };
  for (const l of lines(a, shown)) {
    if (l.kind === 'heading') out.push('', `【${escapeTerminal(l.text)}】`);
    else if (l.kind === 'text') out.push(escapeTerminal(l.text));
    else {
      out.push(`${l.index !== undefined ? `${l.index}. ` : '· '}${escapeTerminal(shorten(l.text, FIELD_MAX.title + FIELD_MAX.message))}${l.note ? `（${escapeTerminal(l.note)}）` : ''}`);
      if (l.url) out.push(`   ${escapeTerminal(l.url)}`);
    }
  }
  out.push('', alertText.footer);
  return `${out.join('\n')}\n`;
}

/** Simple HTML (e-mail body): every value escaped, links only to http(s) addresses. */
export function renderHtml(a: UnitAlert): string {
  const body: string[] = [`<h2>${escapeHtml(alertTitle(a))}</h2>`];
  let list: string[] | null = null;
  const closeList = () => {
    if (list) body.push(`<ol>${list.join('')}</ol>`);
    list = null;
  };
  const shown: Shown = { items: a.items.length, reappeared: a.reappeared.length, forecast: a.forecast.length };
  for (const l of lines(a, shown)) {
    if (l.kind !== 'item') closeList();
    if (l.kind === 'heading') body.push(`<h3>${escapeHtml(l.text)}</h3>`);
    else if (l.kind === 'text') body.push(l.strong ? `<p><strong>${escapeHtml(l.text)}</strong></p>` : `<p>${escapeHtml(l.text)}</p>`);
    else {
      list ??= [];
      const href = l.url ? safeHttpUrl(l.url) : null;
      const url = l.url ? `<br>${href ? `<a href="${escapeHtml(href)}">${escapeHtml(l.url)}</a>` : escapeHtml(l.url)}` : '';
      list.push(`<li>${escapeHtml(shorten(l.text, FIELD_MAX.title + FIELD_MAX.message))}${l.note ? `（${escapeHtml(l.note)}）` : ''}${url}</li>`);
    }
  }
  closeList();
  body.push(`<p style="color:#666">${escapeHtml(alertText.footer)}</p>`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(alertTitle(a))}</title></head><body>${body.join('\n')}</body></html>\n`;
}
