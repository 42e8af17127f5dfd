/**
 * Whether a page must be rendered in Chromium before its lists can be read (config `render`).
 *
 * In `auto` mode the static HTML is searched for content that only scripts produce:
 * - list templates (avalon `ms-repeat`/`ms-for`, Vue `v-for`, Angular `ng-repeat`, `<script
 *   type="text/html">` templates) whose entries link through a script binding;
 * - empty list containers (ul/ol/dl/tbody/div with a list-like class or id and nothing inside)
 *   on a page whose scripts load lists (jpage, dataproxy.jsp, `$.ajax`/`$.get`/`fetch(` with a
 *   list or JSON address, list scripts);
 * - list entries written with `document.write(`;
 * - an empty pager on a list page with no `createPageHTML` call (which the static reader handles);
 * - a body with almost no text but scripts.
 * A Hanweb datastore is read statically (and its further batches through dataproxy.jsp), so its
 * empty container does not call for a browser.
 *
 * Pure: no I/O. Rendering too often only costs time; rendering too rarely loses lists, but the
 * signals stay specific enough that ordinary article pages are not rendered.
 */
import { load } from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { hasDatastore } from '../../rules/extract/hanweb.js';
import type { PageSnapshot } from '../../rules/types.js';
import { browserMessages } from './messages.zh-CN.js';

export type RenderMode = 'auto' | 'never' | 'always';

export interface RenderDecision {
  render: boolean;
  /** zh-CN, one per signal found (empty when not rendering). */
  reasons: string[];
}

/** Attributes that repeat an element per list entry in the script frameworks seen on gov sites. */
const REPEAT_ATTR = /^(?:ms-repeat(?:-[\w-]+)?|ms-for|ms-each(?:-[\w-]+)?|v-for|ng-repeat|x-for|wx:for)$/i;
/** Attributes that set a link's address from script data. */
const BOUND_HREF = /^(?:ms-attr-href|ms-href|:href|v-bind:href|ng-href|x-bind:href)$/i;
const TEMPLATE_SCRIPT_TYPE = /^text\/(?:html|template|x-template|x-jsrender|x-handlebars-template|x-tmpl)$/i;
/** Template placeholders: {{x}}, <%= x %>, ${x}, {$x}. */
const PLACEHOLDER = /\{\{[\s\S]*?\}\}|<%[\s\S]*?%>|\$\{[^}]+\}|\{\$[^}]+\}/;

/** Class/id tokens that name a list of entries (English and pinyin abbreviations). */
const LIST_TOKEN = /list|news|xxgk|gkml|xwdt|tzgg|^lb$|lb[-_]|[-_]lb$|^items?$|[-_]items?$|articles$|datas?[-_]?box|^con[-_]?list/i;
/** Class/id tokens that name a pager. */
const PAGER_TOKEN = /^(?:pages?|pager|pagination|pagebar|page[-_]?(?:base|box|nav|num|bar|list|div)|paging|fenye|pg[-_]?bar|pagelist)$|(?:^|[-_])(?:pager|pagination|pagebar|paging|fenye)(?:$|[-_])/i;

const AJAX_CALL = /\$\.(?:ajax|get|getJSON|post)\s*\(|\bfetch\s*\(|\baxios\b|\bXMLHttpRequest\b|\.load\s*\(\s*['"]/;
/** A quoted address that reads a list or JSON. */
const LIST_ADDRESS = /['"][^'"\n]{0,200}(?:list|json|query|search|page|channel|column|news|xxgk|getdata|api\/)[^'"\n]{0,200}['"]/i;
const LIST_SCRIPT_SRC = /jpage|dataproxy|trsapi|(?:^|[/_-])list[\w.-]*\.js|avalon|vue(?:\.min)?\.js/i;
const DOCUMENT_WRITE = /document\.write(?:ln)?\s*\(/;
const WRITTEN_ENTRY = /<(?:li|tr|dd)\b[\s\S]{0,400}?<a\b/i;

/** Below this many characters of body text, a page with scripts is taken as script-built. */
const SCRIPT_ONLY_TEXT_MAX = 40;
const MAX_REASONS = 6;

function describe($el: Cheerio<Element>): string {
  const el = $el.get(0);
  if (!el) return '';
  const id = $el.attr('id');
  const cls = ($el.attr('class') ?? '').trim().split(/\s+/).filter(Boolean)[0];
  return `<${el.tagName}${id ? `#${id}` : cls ? `.${cls}` : ''}>`;
}

function tokens($el: Cheerio<Element>): string[] {
  return [...($el.attr('class') ?? '').split(/\s+/), $el.attr('id') ?? ''].filter(Boolean);
}

function isEmpty($el: Cheerio<Element>): boolean {
  return $el.children().length === 0 && $el.text().trim() === '';
}

function hasBoundLink($: CheerioAPI, $el: Cheerio<Element>): boolean {
  const anchors = $el.is('a') ? $el.add($el.find('a')) : $el.find('a');
  return anchors.toArray().some((a) => {
    const attribs = a.attribs ?? {};
    if (Object.keys(attribs).some((name) => BOUND_HREF.test(name))) return true;
    return PLACEHOLDER.test(attribs['href'] ?? '');
  }) || $.html($el).includes('{{');
}

interface Scripts {
  inline: string[];
  sources: string[];
}

function scripts($: CheerioAPI): Scripts {
  const inline: string[] = [];
  const sources: string[] = [];
  $('script').each((_, el) => {
    const src = el.attribs?.['src'];
    if (src) sources.push(src);
    else inline.push($(el).text());
  });
  return { inline, sources };
}

/** Why the page's scripts look like they load a list (null when they don't). */
function listLoadingMarker(s: Scripts): string | null {
  for (const text of s.inline) {
    if (/dataproxy\.jsp/i.test(text)) return 'dataproxy.jsp';
    if (/\bjpage\b/i.test(text)) return 'jpage';
    if (AJAX_CALL.test(text) && LIST_ADDRESS.test(text)) return AJAX_CALL.exec(text)?.[0].replace(/\s+/g, '') ?? 'ajax';
  }
  const src = s.sources.find((x) => LIST_SCRIPT_SRC.test(x));
  return src ? src.split('/').pop() ?? src : null;
}

/**
 * `parsed`: the page's HTML as cheerio already parsed it (the crawl's page analysis); without it the
 * HTML is parsed here. The crawl decides on the DOM it parsed for the snapshot, in the page thread:
 * deciding from the HTML alone had parsed every list page a second time in the crawl's own thread.
 */
export function needsRendering(html: string, snapshot: PageSnapshot, mode: RenderMode, parsed?: CheerioAPI): RenderDecision {
  if (mode === 'never') return { render: false, reasons: [] };
  if (mode === 'always') return { render: true, reasons: [browserMessages.reasonAlways] };
  // An article already carries what the rules need (its text and date). Site-wide widgets (visit
  // counters, share bars, banners) would otherwise send every article of a template to the browser.
  if (snapshot.isArticle) return { render: false, reasons: [] };
  // Without any script nothing is built after load: skip the parse (this runs on every crawled page).
  if (!/<script/i.test(html)) return { render: false, reasons: [] };

  const $ = parsed ?? load(html);
  const s = scripts($);
  const reasons: string[] = [];
  const add = (reason: string): void => {
    if (reasons.length < MAX_REASONS && !reasons.includes(reason)) reasons.push(reason);
  };
  if (s.inline.every((t) => t.trim() === '') && s.sources.length === 0 && !hasTemplateAttributes($)) {
    return { render: false, reasons: [] };
  }

  // 1. Script templates that repeat linked entries.
  let hasTemplateList = false;
  $('body *').each((_, el) => {
    const repeat = Object.keys(el.attribs ?? {}).find((name) => REPEAT_ATTR.test(name));
    if (!repeat) return;
    const $el = $(el);
    if (!hasBoundLink($, $el)) return;
    hasTemplateList = true;
    add(browserMessages.reasonTemplateList(repeat, describe($el)));
  });
  $('script').each((_, el) => {
    if (!TEMPLATE_SCRIPT_TYPE.test(el.attribs?.['type'] ?? '')) return;
    const text = $(el).text();
    if (!/<a\b/i.test(text) || !PLACEHOLDER.test(text)) return;
    hasTemplateList = true;
    add(browserMessages.reasonTemplateList(`<script type="${el.attribs['type']}">`, describe($(el))));
  });

  // 2. Empty list containers on a page whose scripts load lists. A Hanweb datastore fills its
  // container from data the static reader already has.
  const datastore = hasDatastore(html);
  const marker = datastore ? null : listLoadingMarker(s);
  let hasEmptyList = false;
  if (marker !== null) {
    $('body ul, body ol, body dl, body tbody, body table, body div').each((_, el) => {
      const $el = $(el);
      if (!tokens($el).some((t) => LIST_TOKEN.test(t)) || !isEmpty($el)) return;
      hasEmptyList = true;
      add(browserMessages.reasonEmptyList(describe($el), marker));
    });
  }

  // 3. Entries written by document.write (the static reader sees only the script).
  if (s.inline.some((t) => DOCUMENT_WRITE.test(t) && WRITTEN_ENTRY.test(t))) add(browserMessages.reasonDocumentWrite);

  // 4. An empty pager on a list page, not built by createPageHTML (which is read statically).
  const listPage = snapshot.isListPage || hasTemplateList || hasEmptyList;
  if (listPage && !datastore && snapshot.paginationLinks.length === 0 && !s.inline.some((t) => /createPageHTML/.test(t))) {
    $('body div, body ul, body p, body span, body nav').each((_, el) => {
      const $el = $(el);
      if (!tokens($el).some((t) => PAGER_TOKEN.test(t)) || !isEmpty($el)) return;
      add(browserMessages.reasonEmptyPager(describe($el)));
    });
  }

  // 5. Nearly no text, but scripts: the page is built in the browser (or sends it elsewhere).
  const textChars = snapshot.text.replace(/\s+/g, '').length;
  const framed = $('frameset, frame, iframe').length > 0;
  if (reasons.length === 0 && !datastore && !framed && textChars < SCRIPT_ONLY_TEXT_MAX) {
    add(browserMessages.reasonScriptOnlyBody(textChars));
  }

  return { render: reasons.length > 0, reasons };
}

function hasTemplateAttributes($: CheerioAPI): boolean {
  return $('body *')
    .toArray()
    .some((el) => Object.keys(el.attribs ?? {}).some((name) => REPEAT_ATTR.test(name)));
}
