/**
 * parse5 reads text a character at a time: every ordinary character of a text node, a script or an
 * attribute value is appended to the token with `+=` of a one-character string. On a district page
 * that made about a third of everything a page's analysis allocates (337 of 970 KB per bench page)
 * and its longest texts chains of one-character strings that had to be flattened again later.
 *
 * This module teaches parse5's tokenizer to take a run of ordinary characters in one step: in the
 * states where every such character is only appended (text, RCDATA, RAWTEXT, script data,
 * attribute values, tag and attribute names, comments), the run up to the next character that the
 * state treats specially is appended in one step. The tokens are the same strings, so
 * the tree is the same; the characters that matter to the tokenizer (`<`, `&`, quotes, NUL,
 * whitespace, line breaks, capitals in names and surrogates) are still read one by one, by parse5's
 * own code.
 *
 * A run is a copy, not a slice of the input: in V8 a slice of 13 or more characters points into the
 * string it came from, so a text or attribute value made of one run would keep the page's whole HTML
 * alive as long as it lives (20 pages of 1.1 MB kept 24 MB through their facts, against 1.5 MB).
 *
 * Only where the equivalence is plain: the whole document written at once (how cheerio parses), no
 * source locations and no parse-error callback (parse5 reports errors for some characters as it
 * reads them). Anything else, and a parse5 whose tokenizer does not look as expected, is left to
 * parse5 as it is. The test `parse5-text-runs.test.ts` parses every fixture and real page both ways
 * and compares the trees.
 */
import { Tokenizer } from 'parse5';

/** The tokenizer's character token types (parse5's TokenType: CHARACTER 0, NULL 1, WHITESPACE 2). */
const CHARACTER = 0;
const WHITESPACE = 2;

/** What parse5's tokenizer holds that this module reads and moves. */
interface TokenizerInside {
  preprocessor: { html: string; pos: number; lastChunkWritten: boolean };
  options: { sourceCodeLocationInfo?: boolean };
  /** The tree builder; its `onParseError` is the caller's error callback, if any. */
  handler: { onParseError?: unknown };
  currentAttr: { name: string; value: string };
  currentToken: { tagName: string; data: string };
  _appendCharToCurrentCharacterToken(type: number, ch: string): void;
}

type StateMethod = (this: TokenizerInside, cp: number) => void;

/** Spaces and tabs and form feeds: whitespace that is not a line break. */
function blank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

/** Whether the fast path may run: the whole input is there, no locations, no error callback. */
function plain(t: TokenizerInside): boolean {
  return t.preprocessor.lastChunkWritten && !t.options.sourceCodeLocationInfo && t.handler.onParseError == null;
}

/** V8 copies a substring shorter than this; a longer one is a view of the whole string. */
const SLICED_MIN_LENGTH = 13;

/**
 * The run of characters `fits` that starts at the one just read (at the preprocessor's position),
 * or null when it is that character alone (parse5's own step is as good). The caller appends it and
 * moves the position to its last character, as if each had been read.
 */
function takeRun(t: TokenizerInside, fits: (c: number) => boolean): string | null {
  const pre = t.preprocessor;
  const html = pre.html;
  const start = pre.pos;
  let end = start + 1;
  while (end < html.length && fits(html.charCodeAt(end))) end++;
  if (end - start < 2) return null;
  const run = html.slice(start, end);
  return run.length < SLICED_MIN_LENGTH ? run : detached(run);
}

/**
 * A copy of `s` that points into no other string: prefixing a character makes a pair of strings,
 * which the slice after it flattens into one new string (the copy, one character longer) first.
 */
function detached(s: string): string {
  return (` ${s}`).slice(1);
}

/** A character from the Basic Multilingual Plane that is not a surrogate (parse5 reads those as pairs). */
function single(c: number): boolean {
  return c <= 0xffff && (c < 0xd800 || c > 0xdfff);
}

/**
 * A test for the characters a state appends as they are: ASCII from a table of the ones it does not
 * (looked up for every character of a page, so no Set), beyond ASCII every single character.
 */
function appendedAsIs(stops: (c: number) => boolean): (c: number) => boolean {
  const stop = new Uint8Array(128);
  for (let c = 0; c < 128; c++) stop[c] = stops(c) ? 1 : 0;
  return (c) => (c < 128 ? stop[c] === 0 : single(c));
}

const codes = (chars: string) => new Set([...chars].map((ch) => ch.charCodeAt(0)));

/** Printable (no control character, whitespace or NUL), and none of `stops`; with `noCapitals`, no A–Z either. */
function printableExcept(stops: string, noCapitals = false): (c: number) => boolean {
  const stop = codes(stops);
  return appendedAsIs((c) => c <= 0x20 || c === 0x7f || stop.has(c) || (noCapitals && c >= 0x41 && c <= 0x5a));
}

/** Anything but `stops`, NUL and line breaks (parse5 turns CR and CR LF into LF). */
function anyExcept(stops: string): (c: number) => boolean {
  const stop = codes(`${stops}\0\n\r`);
  return appendedAsIs((c) => stop.has(c));
}

/**
 * A state whose characters `fits` are only appended to one string of the current token (`sink`):
 * the run of them is appended in one step.
 */
function runState(fits: (c: number) => boolean, sink: (t: TokenizerInside, run: string) => void) {
  return (original: StateMethod): StateMethod => function (this: TokenizerInside, cp: number) {
    if (fits(cp) && plain(this)) {
      const run = takeRun(this, fits);
      if (run !== null) {
        sink(this, run);
        // Appending text may drop the input already read (parse5 keeps 64 KB), which moves the
        // position to 0: the run's end is counted from wherever the position is after the append.
        this.preprocessor.pos += run.length - 1;
        return;
      }
    }
    original.call(this, cp);
  };
}

const toValue = (t: TokenizerInside, run: string) => { t.currentAttr.value += run; };

/**
 * A text state (data, RCDATA, RAWTEXT, script data): a run of ordinary characters, or of blanks, is
 * appended to a character token of its kind. Whatever else (`<`, `&`, NUL, line breaks, surrogates)
 * is left to parse5.
 */
function textState(original: StateMethod): StateMethod {
  const words = runState(printableExcept('<&'), (t, run) => t._appendCharToCurrentCharacterToken(CHARACTER, run));
  const blanks = runState(blank, (t, run) => t._appendCharToCurrentCharacterToken(WHITESPACE, run));
  return words(blanks(original));
}

/**
 * The tokenizer states taught, with which characters each appends as they are. Names keep A–Z out
 * of a run (parse5 lowers them one by one); the characters parse5 reports as errors and still
 * appends are left to it too.
 */
const STATES: Record<string, (original: StateMethod) => StateMethod> = {
  _stateData: textState,
  _stateRcdata: textState,
  _stateRawtext: textState,
  _stateScriptData: textState,
  _stateAttributeValueDoubleQuoted: runState(anyExcept('"&'), toValue),
  _stateAttributeValueSingleQuoted: runState(anyExcept("'&"), toValue),
  _stateAttributeValueUnquoted: runState(printableExcept('&>"\'<=`'), toValue),
  _stateTagName: runState(printableExcept('/>', true), (t, run) => { t.currentToken.tagName += run; }),
  _stateAttributeName: runState(printableExcept('/>="\'<', true), (t, run) => { t.currentAttr.name += run; }),
  _stateComment: runState(anyExcept('-<'), (t, run) => { t.currentToken.data += run; }),
};

const proto = Tokenizer.prototype as unknown as Record<string, unknown>;
const originals = new Map<string, StateMethod>();
/** Whether parse5 looks as this module expects (else it is left alone). */
export const textRunsSupported = Object.keys(STATES).every((name) => typeof proto[name] === 'function')
  && typeof proto._appendCharToCurrentCharacterToken === 'function';

/**
 * Turns the fast path on or off (on when this module loads). Off exists for the test that compares
 * the trees both ways.
 */
export function useTextRuns(on: boolean): void {
  if (!textRunsSupported) return;
  for (const [name, teach] of Object.entries(STATES)) {
    if (!originals.has(name)) originals.set(name, proto[name] as StateMethod);
    proto[name] = on ? teach(originals.get(name)!) : originals.get(name);
  }
}

useTextRuns(true);
