/** The README's rule and indicator tables are generated from the data: keep them in step. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indicatorsTable, rulesTable } from '../../scripts/readme-tables.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every rule of the catalogue as the data says (regenerate: npx tsx scripts/readme-tables.ts)', () => {
    expect(readme).toContain(rulesTable());
  });
  it('shows the default indicator catalogue as the data says', () => {
    expect(readme).toContain(indicatorsTable());
  });
  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
