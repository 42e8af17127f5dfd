/**
 * Repairs the text layer of a PDF printed by Chromium, so Chinese text can be searched, copied and
 * extracted as written.
 *
 * Why: Noto CJK (the fonts the office machines have) draws a CJK radical and the ideograph it looks
 * like with one glyph: 网 and the Kangxi radical ⽹ (U+2F79), 青 and ⻘ (U+2EDE). Chromium's PDF
 * writer (Skia) maps each glyph back to one code point in the font's ToUnicode CMap and picks the
 * lowest, i.e. the radical. The page looks right, but a search for 青岛 finds nothing and copied
 * text is full of radicals. We rewrite those CMap entries to the unified ideographs. A radical
 * really written in a crawled string is then copied as its ideograph: same glyph, and the
 * ideograph is what a reader searching the report types.
 *
 * Only classic cross-reference tables are handled (what Skia writes); any other PDF is returned
 * unchanged, as is one with nothing to repair.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/**
 * CJK Radicals Supplement (U+2E81..U+2EF3) and their equivalent unified ideographs, from Unicode's
 * EquivalentUnifiedIdeograph.txt, as radical+ideograph pairs. Kangxi Radicals (U+2F00..U+2FD5)
 * need no table: NFKC maps each to its ideograph.
 */
const RADICAL_SUPPLEMENT_PAIRS =
  '⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺇𠘨 ⺈刀 ⺉刂 ⺊卜 ⺋㔾 ⺌小 ⺍小 ⺎兀 ⺏尣 ⺐尢 ⺑𡯂 ⺒巳 ⺓幺 ⺔彑 ⺕𫜹 ⺖忄 ⺗心 ⺘扌 ⺙攵 ⺛旡 ⺜日 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺤爫 ⺥爫 ⺦丬 ⺧牛 ⺨犭 ⺩王 ⺪𤴔 ⺫目 ⺬示 ⺭礻 ⺮𥫗 ⺯糹 ⺰纟 ⺱罓 ⺲罒 ⺳㓁 ⺴冗 ⺵𦉫 ⺶羊 ⺷𦍌 ⺸𦍋 ⺹耂 ⺺肀 ⺻聿 ⺼肉 ⺽𦥑 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻇𧢲 ⻈讠 ⻉贝 ⻊𧾷 ⻋车 ⻌辶 ⻍辶 ⻎辶 ⻏邑 ⻐钅 ⻑長 ⻒镸 ⻓长 ⻔门 ⻕𨸏 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻞𩙿 ⻟飠 ⻠饣 ⻡𩠐 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟';

const RADICAL_SUPPLEMENT = new Map<number, string>(
  RADICAL_SUPPLEMENT_PAIRS.split(' ').map((pair) => {
    const [radical, ideograph] = Array.from(pair);
    return [radical!.codePointAt(0)!, ideograph!];
  }),
);

/** The ideograph a radical code point stands for, or null when the code point is no radical we map. */
export function ideographForRadical(codePoint: number): string | null {
  if (codePoint >= 0x2f00 && codePoint <= 0x2fd5) {
    const nfkc = String.fromCodePoint(codePoint).normalize('NFKC');
    return nfkc.codePointAt(0) === codePoint ? null : nfkc;
  }
  return RADICAL_SUPPLEMENT.get(codePoint) ?? null;
}

/** UTF-16BE hex (as CMaps write destinations) to a string; null when it is not valid hex. */
function hexToString(hex: string): string | null {
  if (hex.length % 4 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return null;
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function stringToHex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return out;
}

/** The destination with a lone radical replaced by its ideograph, or null when nothing changes. */
function repairedDestination(hex: string): string | null {
  const text = hexToString(hex);
  if (text === null || Array.from(text).length !== 1) return null;
  const ideograph = ideographForRadical(text.codePointAt(0)!);
  return ideograph === null ? null : stringToHex(ideograph);
}

function isRadicalCode(cp: number): boolean {
  return (cp >= 0x2e80 && cp <= 0x2eff) || (cp >= 0x2f00 && cp <= 0x2fd5);
}

const CHUNK = 100; // a CMap block holds at most 100 entries

function blocks(kind: 'bfchar' | 'bfrange', lines: string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i += CHUNK) {
    const part = lines.slice(i, i + CHUNK);
    out += `${part.length} begin${kind}\n${part.join('\n')}\nend${kind}\n`;
  }
  return out;
}

/**
 * A ToUnicode CMap with radical destinations replaced by ideographs, or null when it has none.
 * Ranges that reach a radical are split into single entries; all others are kept as they are.
 */
export function repairToUnicodeCMap(cmap: string): string | null {
  const first = cmap.search(/\d+\s+beginbf(?:char|range)/);
  const last = cmap.lastIndexOf('endcmap');
  if (first < 0 || last < first) return null;
  const body = cmap.slice(first, last);
  const chars: string[] = [];
  const ranges: string[] = [];
  let changed = false;

  for (const block of body.matchAll(/begin(bfchar|bfrange)([\s\S]*?)end\1/g)) {
    const kind = block[1];
    const content = block[2] ?? '';
    if (kind === 'bfchar') {
      for (const m of content.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) {
        const fixed = repairedDestination(m[2]!);
        if (fixed !== null) changed = true;
        chars.push(`<${m[1]}> <${fixed ?? m[2]}>`);
      }
      continue;
    }
    for (const m of content.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const [, loHex, hiHex, startHex, array] = m;
      const lo = parseInt(loHex!, 16);
      const hi = parseInt(hiHex!, 16);
      const width = loHex!.length;
      const src = (code: number) => code.toString(16).toUpperCase().padStart(width, '0');
      if (array !== undefined) {
        // Array form: one destination per code; written out as single entries.
        const dests = [...array.matchAll(/<([0-9A-Fa-f]*)>/g)].map((d) => d[1]!);
        dests.forEach((dest, i) => {
          const fixed = repairedDestination(dest);
          if (fixed !== null) changed = true;
          chars.push(`<${src(lo + i)}> <${fixed ?? dest}>`);
        });
        continue;
      }
      // Only a one-unit start can step into a radical (the range increments the last unit).
      const start = startHex!.length === 4 ? parseInt(startHex!, 16) : -1;
      const reaches = start >= 0 && Array.from({ length: hi - lo + 1 }, (_, i) => start + i).some(isRadicalCode);
      if (!reaches) {
        ranges.push(`<${loHex}> <${hiHex}> <${startHex}>`);
        continue;
      }
      for (let code = lo; code <= hi; code++) {
        const dest = (start + code - lo).toString(16).toUpperCase().padStart(4, '0');
        const fixed = repairedDestination(dest);
        if (fixed !== null) changed = true;
        chars.push(`<${src(code)}> <${fixed ?? dest}>`);
      }
    }
  }
  if (!changed) return null;
  return `${cmap.slice(0, first)}${blocks('bfchar', chars)}${blocks('bfrange', ranges)}${cmap.slice(last)}`;
}

interface XrefEntry {
  num: number;
  offset: number;
  gen: number;
  inUse: boolean;
}

/** The classic xref table at `offset`, or null (xref streams, damage: leave the PDF alone). */
function readXref(text: string, offset: number): { entries: XrefEntry[]; sections: [number, number][]; end: number } | null {
  if (!text.startsWith('xref', offset)) return null;
  const entries: XrefEntry[] = [];
  const sections: [number, number][] = [];
  const re = /(\d+) (\d+)\r?\n|(\d{10}) (\d{5}) ([nf])\s{1,2}/y;
  re.lastIndex = offset + 4;
  while (/\s/.test(text[re.lastIndex] ?? '')) re.lastIndex++;
  let next = 0;
  for (;;) {
    const at = re.lastIndex;
    const m = re.exec(text);
    if (!m) return text.startsWith('trailer', at) ? { entries, sections, end: at } : null;
    if (m[1] !== undefined) {
      next = Number(m[1]);
      sections.push([next, Number(m[2])]);
    } else {
      entries.push({ num: next++, offset: Number(m[3]), gen: Number(m[4]), inUse: m[5] === 'n' });
    }
  }
}

/** The stream of an object chunk (`N G obj <<…>> stream … endstream endobj`), when it is Flate-compressed. */
function flateStream(chunk: Buffer): { dict: string; head: number; data: Buffer } | null {
  const head = chunk.indexOf('stream');
  if (head < 0) return null;
  const dict = chunk.subarray(0, head).toString('latin1');
  if (!/\/Filter\s*\/FlateDecode\b/.test(dict) || /\/DecodeParms/.test(dict)) return null;
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (!length) return null;
  let start = head + 'stream'.length;
  if (chunk[start] === 0x0d) start++;
  if (chunk[start] === 0x0a) start++;
  const data = chunk.subarray(start, start + Number(length[1]));
  return { dict, head, data };
}

/** The PDF with its ToUnicode maps repaired (see the file comment); the input itself when nothing needed it. */
export function repairCjkTextLayer(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const sx = text.lastIndexOf('startxref');
  if (sx < 0) return pdf;
  const xrefOffset = Number(/^\s*(\d+)/.exec(text.slice(sx + 'startxref'.length))?.[1] ?? NaN);
  if (!Number.isFinite(xrefOffset)) return pdf;
  const xref = readXref(text, xrefOffset);
  if (!xref) return pdf;
  // A PDF updated incrementally has older xref sections (/Prev): left alone.
  if (/\/Prev\s/.test(text.slice(xref.end, sx))) return pdf;

  const objects = xref.entries.filter((e) => e.inUse && e.offset > 0).sort((a, b) => a.offset - b.offset);
  if (objects.length === 0 || objects.some((o) => o.offset >= xrefOffset)) return pdf;
  const headerEnd = objects[0]!.offset;
  const parts: Buffer[] = [pdf.subarray(0, headerEnd)];
  const newOffsets = new Map<number, number>();
  let position = headerEnd;
  let changed = false;

  objects.forEach((object, i) => {
    const end = objects[i + 1]?.offset ?? xrefOffset;
    let chunk = pdf.subarray(object.offset, end);
    const stream = flateStream(chunk);
    if (stream) {
      let content: string | null = null;
      try {
        content = inflateSync(stream.data).toString('latin1');
      } catch {
        content = null;
      }
      const repaired = content !== null && content.includes('CMapName') ? repairToUnicodeCMap(content) : null;
      if (repaired !== null) {
        const data = deflateSync(Buffer.from(repaired, 'latin1'));
        const dict = stream.dict.replace(/\/Length\s+\d+/, `/Length ${data.length}`);
        chunk = Buffer.concat([Buffer.from(`${dict}stream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
        changed = true;
      }
    }
    newOffsets.set(object.num, position);
    parts.push(chunk);
    position += chunk.length;
  });
  if (!changed) return pdf;

  const byNum = new Map(xref.entries.map((e) => [e.num, e]));
  let table = 'xref\n';
  for (const [first, count] of xref.sections) {
    table += `${first} ${count}\n`;
    for (let num = first; num < first + count; num++) {
      const e = byNum.get(num);
      const offset = e?.inUse ? (newOffsets.get(num) ?? e.offset) : (e?.offset ?? 0);
      table += `${String(offset).padStart(10, '0')} ${String(e?.gen ?? 65535).padStart(5, '0')} ${e?.inUse ? 'n' : 'f'} \n`;
    }
  }
  const trailer = text.slice(xref.end, sx);
  parts.push(Buffer.from(`${table}${trailer}startxref\n${position}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
