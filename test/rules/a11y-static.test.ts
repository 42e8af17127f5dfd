import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { imageAltRule } from '../../rules/page/image-alt.js';
import { htmlHasLangRule } from '../../rules/page/html-has-lang.js';
import { documentTitleRule } from '../../rules/page/document-title.js';
import { runPageRules } from '../../rules/engine.js';
import type { PageRule } from '../../rules/rule.js';
import type { PageContext } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const EVAL_DATE = '2020-11-26';

function contextFor(html: string, url: string): PageContext {
  const dom = cheerioDomView(html, url);
  const snapshot = extractSnapshot(dom, url, { refDate: EVAL_DATE });
  return { url, snapshot, dom, evalDate: EVAL_DATE };
}

interface Expected {
  violations: number;
  srcs?: string[];
}

const RULES: PageRule[] = [imageAltRule, htmlHasLangRule, documentTitleRule];

for (const rule of RULES) {
  describe(`${rule.id} fixtures`, () => {
    const dir = join(FIXTURES, rule.id);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'));

    it('has an expectation for every fixture and both pass and fail cases', () => {
      expect(files.sort()).toEqual(Object.keys(expected).sort());
      expect(files.some((f) => f.startsWith('pass-'))).toBe(true);
      expect(files.some((f) => f.startsWith('fail-'))).toBe(true);
    });

    for (const file of files) {
      it(file, () => {
        const url = `http://fgj.example.gov.cn/${file}`;
        const findings = rule.evaluate(contextFor(readFileSync(join(dir, file), 'utf8'), url));
        const want = expected[file]!;
        expect(findings).toHaveLength(want.violations);
        for (const f of findings) {
          expect(f.ruleId).toBe(rule.id);
          expect(f.outcome).toBe('violation');
          expect(f.url).toBe(url);
          expect(f.target?.selector).toBeTruthy();
          expect(f.target?.snippet).toMatch(/^</);
          expect(f.message).toMatch(/[\u4e00-\u9fff]/);
        }
        if (want.srcs) expect(findings.map((f) => f.data['src'])).toEqual(want.srcs);
      });
    }
  });
}

describe('page rule targets', () => {
  it('points a11y.image-alt at the offending image', () => {
    const html = '<html lang="zh"><head><title>t</title></head><body><p><img src="/a.png" alt=""><img src="/b.png"></p></body></html>';
    const ctx = contextFor(html, 'http://x.example.gov.cn/');
    const [finding] = imageAltRule.evaluate(ctx);
    expect(finding?.target?.snippet).toContain('/b.png');
    const node = ctx.dom.querySelectorAll(finding!.target!.selector);
    expect(node).toHaveLength(1);
    expect(node[0]?.attr('src')).toBe('/b.png');
  });

  it('points a11y.html-has-lang at <html>', () => {
    const [finding] = htmlHasLangRule.evaluate(contextFor('<html><head><title>t</title></head><body></body></html>', 'http://x/'));
    expect(finding?.target?.snippet).toMatch(/^<html/);
  });
});

describe('runPageRules', () => {
  it('runs all three static checks on one page', () => {
    const html = '<html><head></head><body><img src="/a.png"></body></html>';
    const ids = runPageRules(contextFor(html, 'http://x.example.gov.cn/')).map((f) => f.ruleId).sort();
    expect(ids).toEqual(['a11y.document-title', 'a11y.html-has-lang', 'a11y.image-alt']);
  });

  it('turns a throwing rule into an error finding and keeps running the others', () => {
    const broken: PageRule = {
      id: 'a11y.broken-test',
      evaluate() {
        throw new Error('boom');
      },
    };
    const ctx = contextFor('<html><head><title>t</title></head><body><img src="/a.png"></body></html>', 'http://x/');
    const findings = runPageRules(ctx, [broken, imageAltRule]);
    expect(findings.map((f) => [f.ruleId, f.outcome])).toEqual([
      ['a11y.broken-test', 'error'],
      ['a11y.image-alt', 'violation'],
    ]);
    expect(findings[0]?.message).toContain('boom');
  });
});
