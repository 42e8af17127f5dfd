import { describe, expect, it } from 'vitest';
import { RULES, ruleMeta } from '../../rules/catalogue.js';
import { PAGE_RULES, SITE_RULES } from '../../rules/engine.js';

describe('rule catalogue', () => {
  it('has zh-CN metadata for every implemented rule', () => {
    for (const rule of [...PAGE_RULES, ...SITE_RULES]) {
      const meta = ruleMeta(rule.id);
      expect(meta, rule.id).toBeDefined();
      for (const text of [meta!.title, meta!.threshold, meta!.fix]) expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists the stable catalogue ids (docs/contracts.md)', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of ['disclosure.column.present', 'disclosure.column.name', 'disclosure.parts', 'freshness.homepage', 'freshness.column',
      'freshness.veto', 'column.empty', 'link.broken', 'a11y.image-alt', 'a11y.html-has-lang', 'a11y.document-title', 'a11y.toolbar']) {
      expect(ids).toContain(id);
    }
    expect(ids).not.toContain('a11y.*');
  });

  it('falls back to a generic entry for unlisted axe-core ids only', () => {
    expect(ruleMeta('a11y.color-contrast')).toMatchObject({ id: 'a11y.color-contrast', scope: 'page', indicator: 'accessibility' });
    expect(ruleMeta('a11y.image-alt')?.title).toBe('图片须有替代文本');
    expect(ruleMeta('a11y.')).toBeUndefined();
    expect(ruleMeta('nope.rule')).toBeUndefined();
  });
});
