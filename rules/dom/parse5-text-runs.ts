/**
 * parse5 reads text a character at a time: every ordinary character of a text node, a script or an
 * attribute value is appended to the token with `+=` of a one-character string. On a district page
 * that made about a third of everything a page's analysis allocates (337 of 970 KB per bench page)
 * and its longest texts chains of one-character strings that had to be flattened again later.
 *
 * This module teaches parse5's tokenizer to take a run of ordinary characters in one step: in the
 * states where every such character is only appended (text, RCDATA, RAWTEXT, script data, quoted
 * attribute values), the run up to the next character that the state treats specially is appended
 * as one slice of the input. The tokens are the same strings, so the tree is the same; the
 * characters that matter to the tokenizer (`<`, `&`, quotes, NUL, whitespace, line breaks and
 * surrogates) are still read one by one, by parse5's own code.
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
  currentCharacterToken: { type: number; chars: string } | null;
  currentAttr: { value: string };
  _appendCharToCurrentCharacterToken(type: number, ch: string): void;
}

type StateMethod = (this: TokenizerInside, cp: number) => void;

/** A character that no text state treats specially (code unit; surrogates always stop a run). */
function ordinaryText(c: number): boolean {
  // Stops: '<', '&', space and every control character (NUL, tab, LF, FF, CR among them), and
  // surrogates (parse5 reads them as pairs: a character beyond 0xFFFF is never a run's first).
  return c > 0x3c ? c < 0xd800 || (c > 0xdfff && c <= 0xffff) : c !== 0x3c && c !== 0x26 && c > 0x20;
}

/** Spaces and tabs and form feeds: whitespace that is not a line break. */
function blank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0c;
}

/** Whether the fast path may run: the whole input is there, no locations, no error callback. */
function plain(t: TokenizerInside): boolean {
  return t.preprocessor.lastChunkWritten && !t.options.sourceCodeLocationInfo && t.handler.onParseError == null;
}

/**
 * The run of characters `fits` that starts at the one just read (`cp`, at the preprocessor's
 * position), its end; the position is then moved to the run's last character, as if each had been
 * read. Returns the run, or null when it is a single character (parse5's own step is as good).
 */
function takeRun(t: TokenizerInside, fits: (c: number) => boolean): string | null {
  const pre = t.preprocessor;
  const html = pre.html;
  const start = pre.pos;
  let end = start + 1;
  while (end < html.length && fits(html.charCodeAt(end))) end++;
  if (end - start < 2) return null;
  return html.slice(start, end);
}

/** A text state whose ordinary characters are only appended to a character token. */
function textState(original: StateMethod): StateMethod {
  return function (this: TokenizerInside, cp: number) {
    const ordinary = ordinaryText(cp);
    if ((ordinary || blank(cp)) && plain(this)) {
      const run = takeRun(this, ordinary ? ordinaryText : blank);
      if (run !== null) {
        // Appending may drop the input already read (parse5 keeps 64 KB), which moves the
        // position to 0; the run's end is counted from wherever the position is after it.
        this._appendCharToCurrentCharacterToken(ordinary ? CHARACTER : WHITESPACE, run);
        this.preprocessor.pos += run.length - 1;
        return;
      }
    }
    original.call(this, cp);
  };
}

/** A quoted attribute value's state: everything but the quote, `&`, NUL, line breaks and surrogates is appended. */
function attributeValueState(original: StateMethod, quote: number): StateMethod {
  const fits = (c: number) => c !== quote && c !== 0x26 && c !== 0 && c !== 0x0a && c !== 0x0d && (c < 0xd800 || (c > 0xdfff && c <= 0xffff));
  return function (this: TokenizerInside, cp: number) {
    if (fits(cp) && plain(this)) {
      const run = takeRun(this, fits);
      if (run !== null) {
        this.currentAttr.value += run;
        this.preprocessor.pos += run.length - 1;
        return;
      }
    }
    original.call(this, cp);
  };
}

/** The tokenizer states taught, with how. */
const STATES: Record<string, (original: StateMethod) => StateMethod> = {
  _stateData: textState,
  _stateRcdata: textState,
  _stateRawtext: textState,
  _stateScriptData: textState,
  _stateAttributeValueDoubleQuoted: (o) => attributeValueState(o, 0x22),
  _stateAttributeValueSingleQuoted: (o) => attributeValueState(o, 0x27),
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
