/** Every HTML file under a folder (`.html`, `.htm`, `.shtml`, `.xhtml`), in the order the folders list them. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (/\.[sx]?html?$/i.test(name)) out.push(p);
  }
  return out;
}
