/** `gongkai rules`: the catalogue in a terminal and as JSON, through the real command line. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { AXE_RUN_RULE_ID } from '../../rules/a11y/axe-findings.js';
import { RULES } from '../../rules/catalogue.js';
import { PAGE_RULES, SITE_RULES } from '../../rules/engine.js';
import { DEFAULT_CATALOGUE } from '../../rules/scoring.js';
import { displayWidth } from '../../reports/ranking-table.js';
import { renderRulesText, ruleEntries, type RuleEntry } from '../../cli/commands/rules.js';

describe('gongkai rules', () => {
  it('prints every rule as JSON with its indicator and whether the engine runs it', async () => {
    const r = await runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as RuleEntry[];
    expect(entries.map((e) => e.id)).toEqual(RULES.map((x) => x.id));
    const registered = new Set([...PAGE_RULES, ...SITE_RULES].map((x) => x.id).concat(AXE_RUN_RULE_ID));
    // Every rule of the catalogue runs today; 后续版本 is for catalogues that list more than the engine.
    expect(entries.filter((e) => !e.implemented).map((e) => e.id)).toEqual([]);
    for (const e of entries) {
      expect(e.implemented, e.id).toBe(registered.has(e.id));
      expect(e.title).toMatch(/[\u4e00-\u9fff]/);
      expect(e.source.length).toBeGreaterThan(0);
      expect(e.threshold.length).toBeGreaterThan(0);
    }
    const veto = entries.find((e) => e.id === 'freshness.veto');
    expect(veto).toMatchObject({ title: '栏目更新单项否决', implemented: true, indicator: { id: 'updates', name: '栏目更新', max: 15 } });
  });

  it('prints the catalogue as text grouped by indicator, titles aligned by display width', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`共 ${RULES.length} 条`);
    for (const ind of DEFAULT_CATALOGUE.indicators) {
      if (RULES.some((x) => x.indicator === ind.id)) expect(r.stdout).toContain(`【${ind.name}】（${ind.id}，满分 ${ind.max} 分）`);
    }
    const lines = r.stdout.split('\n');
    const ruleLines = lines.filter((l) => /^ {2}(?:已实现|后续版本) /.test(l));
    expect(ruleLines).toHaveLength(RULES.length);
    // The id column starts at the same display column on every rule line.
    const idColumns = new Set(ruleLines.map((l) => displayWidth(l.slice(0, l.lastIndexOf(' ') + 1))));
    expect(idColumns.size).toBe(1);
    const consultation = lines.findIndex((l) => l.endsWith(' consultation.duration'));
    expect(lines[consultation + 1]).toBe('      依据：青西新管办发〔2020〕84号 第13条');
    expect(lines[consultation + 2]).toBe('      要求：决策草案公开征求意见的期限一般不少于 30 日');
  });

  it('groups rules of an indicator the catalogue lacks at the end and marks rules the engine does not run', () => {
    const entries = ruleEntries(
      [{ id: 'x.one', scope: 'unit', title: '甲规则', source: '来源', threshold: '要求', indicator: 'nowhere', severity: 'minor', fix: '修' }],
      DEFAULT_CATALOGUE,
      new Set(),
    );
    expect(entries[0]).toMatchObject({ implemented: false, indicator: { id: 'nowhere', name: null, max: null } });
    const text = renderRulesText(entries);
    expect(text).toContain('【未列入默认评分指标】（nowhere）');
    expect(text).toMatch(/后续版本\s+甲规则\s+x\.one/);
  });

  it('rejects an unknown format with exit code 2, and has help', async () => {
    const bad = await runCli(['rules', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: 不支持 “xml”/);
    const help = await runCli(['rules', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/用法：npx gongkai rules/);
    const main = await runCli(['--help']);
    expect(main.stdout).toMatch(/rules\s+列出全部检查规则/);
  });
});
