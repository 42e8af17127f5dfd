/**
 * Site rules on small page sets: real HTML through cheerioDomView + extractSnapshot +
 * buildSiteModel, then each rule's findings compared with the case's `expect` (site.json).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { buildSiteModel } from '../../crawler/site-model.js';
import type { CrawledPage } from '../../crawler/site-model.js';
import { SITE_RULES } from '../../rules/engine.js';
import type { AttachmentText, Finding, LinkCheck, UnitProbes } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

interface SiteCase {
  homeUrl: string;
  evalDate: string;
  pages: Record<string, string>;
  linkChecks?: LinkCheck[];
  /** Network probes of the case (site.https / site.ipv6). */
  probes?: UnitProbes;
  /** Attachments with their extracted text (privacy.*). */
  attachments?: AttachmentText[];
  expect: Record<string, Partial<Finding>[]>;
}

function loadCase(dir: string): { site: ReturnType<typeof buildSiteModel>; spec: SiteCase } {
  const spec = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as SiteCase;
  const pages: CrawledPage[] = Object.entries(spec.pages).map(([url, file], i) => {
    const dom = cheerioDomView(readFileSync(join(dir, file), 'utf8'), url);
    return { url, finalUrl: url, status: 200, error: null, depth: i === 0 ? 0 : 1, snapshot: extractSnapshot(dom, url, { refDate: spec.evalDate }) };
  });
  const site = buildSiteModel({
    unit: { id: 'u', name: '测试单位', type: 'department', url: spec.homeUrl, scope: [] },
    evalDate: spec.evalDate,
    homeUrl: spec.homeUrl,
    pages,
    linkChecks: spec.linkChecks ?? [],
    ...(spec.probes ? { probes: spec.probes } : {}),
    ...(spec.attachments ? { attachments: spec.attachments } : {}),
  });
  return { site, spec };
}

const cases: { name: string; dir: string }[] = [];
for (const ruleDir of readdirSync(FIXTURES)) {
  for (const caseDir of readdirSync(join(FIXTURES, ruleDir))) {
    const dir = join(FIXTURES, ruleDir, caseDir);
    if (existsSync(join(dir, 'site.json'))) cases.push({ name: `${ruleDir}/${caseDir}`, dir });
  }
}

describe('site rule fixtures', () => {
  it('found the fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(19);
  });

  it('has, for every site rule, a pass and a violation case under test/fixtures/rules/<rule-id>/', () => {
    const outcomes = new Map<string, Set<string>>();
    for (const c of cases) {
      const ruleId = c.name.split('/')[0]!;
      const spec = JSON.parse(readFileSync(join(c.dir, 'site.json'), 'utf8')) as SiteCase;
      const seen = outcomes.get(ruleId) ?? new Set<string>();
      for (const f of spec.expect[ruleId] ?? []) if (f.outcome) seen.add(f.outcome);
      outcomes.set(ruleId, seen);
    }
    for (const rule of SITE_RULES) {
      // The office's forbidden-word list is empty by default, so its fixtures can only pass; its
      // violations are shown with a given list in test/rules/wording.test.ts.
      const needed = rule.id === 'wording.forbidden' ? ['pass', 'inapplicable'] : ['pass', 'violation'];
      expect([...(outcomes.get(rule.id) ?? [])].sort(), rule.id).toEqual(expect.arrayContaining(needed));
    }
    // link.broken also shows its third verdict: doubt → incomplete.
    expect([...(outcomes.get('link.broken') ?? [])]).toContain('incomplete');
  });

  for (const c of cases) {
    it(c.name, () => {
      const { site, spec } = loadCase(c.dir);
      for (const [ruleId, expected] of Object.entries(spec.expect)) {
        const rule = SITE_RULES.find((r) => r.id === ruleId);
        expect(rule, ruleId).toBeDefined();
        const findings = rule!.evaluate(site);
        expect(findings.map((f) => `${f.outcome} ${f.url}`), ruleId).toHaveLength(expected.length);
        expect(findings, ruleId).toMatchObject(expected);
        for (const f of findings) {
          expect(f.ruleId).toBe(ruleId);
          expect(f.message).toMatch(/[\u4e00-\u9fff].*。$/);
        }
      }
    });
  }
});
