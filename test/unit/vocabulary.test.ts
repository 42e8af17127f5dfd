import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file whose words reach the office: source under the folders below, and the docs. */
function userFacingFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js|html|css|json|md)$/.test(name)) out.push(p);
    }
  };
  for (const d of ['cli', 'crawler', 'reports', 'rules', 'store', 'extension/src', 'docs']) walk(join(root, d));
  out.push(join(root, 'README.md'));
  return out;
}

describe('one word for one thing in what users read', () => {
  // The office learns one name per screen; a second name for the same screen reads as a second screen.
  const synonyms: Array<[preferred: string, avoided: RegExp]> = [['看板', /仪表盘|仪表板/]];
  for (const [preferred, avoided] of synonyms) {
    it(`says ${preferred}, never ${avoided.source}`, () => {
      const files = userFacingFiles();
      expect(files.length).toBeGreaterThan(100);
      const hits = files.filter((f) => avoided.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
      expect(hits).toEqual([]);
      expect(files.some((f) => readFileSync(f, 'utf8').includes(preferred))).toBe(true);
    });
  }
});
