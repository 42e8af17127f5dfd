/**
 * docs/contracts.md is the project's own contract document: its rule table must be the catalogue, so
 * a new rule (or a renamed one) cannot leave the document behind.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/catalogue.js';
import { ExportRunSchema, ExportFindingSchema, UnitScoreSchema } from '../../reports/export-schema.js';
import { OVERLAY_HOST_ID } from '../../rules/dom/live-view.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const doc = readFileSync(join(root, 'docs/contracts.md'), 'utf8');

describe('docs/contracts.md', () => {
  it('lists every rule id of the catalogue, and no other, with its scope', () => {
    const table = /<!-- rule-ids:begin -->([\s\S]*?)<!-- rule-ids:end -->/.exec(doc)?.[1] ?? '';
    const rows = [...table.matchAll(/^\| `([^`]+)` \| (\w+) \|/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(rows.map(([id]) => id)).toEqual(RULES.map((r) => r.id));
    for (const [id, scope] of rows) expect(scope, id).toBe(RULES.find((r) => r.id === id)!.scope);
  });

  it('names every field of the export run, finding and score', () => {
    for (const key of [...Object.keys(ExportRunSchema.shape), ...Object.keys(ExportFindingSchema.shape), ...Object.keys(UnitScoreSchema.shape)]) {
      expect(doc, key).toMatch(new RegExp(`\\b${key}\\b`));
    }
  });

  it('names the overlay host, the storage keys and every command', () => {
    expect(doc).toContain(`#${OVERLAY_HOST_ID}`);
    for (const key of ['data-gongkai-rule', 'autoScanOrigins', 'serverUrl']) expect(doc).toContain(key);
    for (const command of ['crawl', 'audit', 'export', 'check', 'demo', 'rules', 'serve', 'schedule', 'mark', 'manual', 'worker']) {
      expect(doc, command).toMatch(new RegExp(`npx gongkai ${command} `));
    }
  });

  it('is what the README and export --help point to', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('docs/contracts.md');
    expect(readme).not.toMatch(/\.\.\/shared/);
  });
});
