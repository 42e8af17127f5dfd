/**
 * What a user must never see for something they typed: a stack trace, an error class name, a
 * file:// URL of the program's own sources. And what they must see: a message in Chinese.
 */
import { expect } from 'vitest';

const STACK_SIGNS: [RegExp, string][] = [
  [/^\s+at\s/m, 'a stack frame line'],
  [/\b[A-Z][A-Za-z]*Error\b/, 'an error class name'],
  [/\bError:/, 'an "Error:" prefix'],
  [/file:\/\//, 'a file:// URL'],
  [/node:internal/, 'a Node internals path'],
  [/\bYAMLWarning\b|\(node:\d+\)/, 'a runtime warning'],
];

/** Fails with the offending output (and the seed/case in `context`) when `output` is not calm. */
export function expectCalm(output: string, context: string): void {
  for (const [re, what] of STACK_SIGNS) {
    if (re.test(output)) expect.fail(`${context}: output shows ${what}:\n${output.slice(0, 2000)}`);
  }
}

/** At least one CJK character: the message is the zh-CN one, not a bare code. */
export function expectChinese(text: string, context: string): void {
  if (!/[\u4e00-\u9fff]/.test(text)) expect.fail(`${context}: no zh-CN message in:\n${text.slice(0, 2000)}`);
}
