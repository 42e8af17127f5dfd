import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { layerViolations } from '../helpers/import-layers.js';

describe('imports point one way (cli → crawler, reports → store → rules)', () => {
  it('the repository has no import against the layering', () => {
    const found = layerViolations(repoRoot).map((v) => `${v.file}:${v.line} ${v.specifier} — ${v.why}`);
    expect(found).toEqual([]);
  });

  describe('the check itself fails on back arrows', () => {
    const tree = mkdtempSync(join(tmpdir(), 'gongkai-layers-'));
    afterAll(() => rmSync(tree, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(tree, file)), { recursive: true });
      writeFileSync(join(tree, file), text);
    };
    write('rules/types.ts', 'export interface Finding { id: string }\nexport const N = 1;\n');
    write('rules/engine.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    write('store/db.ts', "import type { Finding } from '../rules/types.js';\nimport { N } from '../rules/types.js';\nimport { crawl } from '../crawler/crawl.js';\nexport type F = Finding;\nexport const y = [N, crawl];\n");
    write('crawler/crawl.ts', "import { report } from '../reports/report.js';\nimport type { F } from '../store/db.js';\nexport const crawl = report;\nexport type G = F;\n");
    write('reports/report.ts', "// import { nothing } from '../cli/main.js' — a comment is not an import\nexport async function report() { return import('../cli/main.js'); }\n");
    write('cli/main.ts', "import { crawl } from '../crawler/crawl.js';\nimport { report } from '../reports/report.js';\nexport const main = [crawl, report];\n");
    write('extension/src/scan.ts', "import { escapeHtml } from '../../reports/report.js';\nimport type { Finding } from '../../rules/types.js';\nexport type H = Finding;\nexport const z = escapeHtml;\n");
    write('bin/gongkai.js', "const { main } = await import('../cli/main.ts');\nexport { main };\n");

    const found = layerViolations(tree).map((v) => `${v.file}:${v.line} ${v.specifier}`);

    it('finds every back or sideways arrow, and only those', () => {
      expect(found.sort()).toEqual([
        'crawler/crawl.ts:1 ../reports/report.js', // sideways: crawler → reports
        'extension/src/scan.ts:1 ../../reports/report.js', // the extension takes rules/ only
        'reports/report.ts:2 ../cli/main.js', // nothing but bin/ imports cli/ (dynamic import counts; the comment does not)
        'rules/engine.ts:1 node:fs', // rules/ stays browser-safe
        'store/db.ts:2 ../rules/types.js', // the store takes only types from rules/
        'store/db.ts:3 ../crawler/crawl.js', // back arrow: store → crawler
      ].sort());
    });
  });
});
