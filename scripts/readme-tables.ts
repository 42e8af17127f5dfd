/**
 * Prints the README's rule and indicator tables from the rule catalogue and the default indicator
 * catalogue, so the README stays true to the data: `npx tsx scripts/readme-tables.ts`.
 */
import { RULES } from '../rules/catalogue.js';
import { PAGE_RULES, SITE_RULES } from '../rules/engine.js';
import { DEFAULT_CATALOGUE } from '../rules/scoring.js';

const implemented = new Set([...PAGE_RULES, ...SITE_RULES].map((r) => r.id));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function rulesTable(): string {
  const rows = RULES.map((r) =>
    `| \`${r.id}\` | ${cell(r.title)} | ${cell(r.threshold)} | ${implemented.has(r.id) ? '已实现' : '后续版本'} |`);
  return ['| 规则 | 检查内容 | 要求 | 状态 |', '|---|---|---|---|', ...rows].join('\n');
}

export function indicatorsTable(): string {
  const rows = DEFAULT_CATALOGUE.indicators.map((i) =>
    `| ${cell(i.name)} | ${i.max} | ${i.rules.map((r) => `\`${r.rule}\``).join('、')} |`);
  return ['| 指标 | 满分 | 依据的规则 |', '|---|---|---|', ...rows].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.stdout.write(`${rulesTable()}\n\n${indicatorsTable()}\n`);
}
