/**
 * axe rules the crawl runs besides the WCAG 2.0/2.1 A and AA tags: axe files them under
 * best-practice, yet its own metadata (`actIds`) maps each to a W3C ACT rule that tests a WCAG A
 * success criterion. The ACT rule, not axe's tag, says what the requirement is. The crawl's axe
 * runner enables them; `gongkai rules` lists them.
 */
export interface ActMappedAxeRule {
  /** axe rule id (the finding's rule id is `a11y.<id>`). */
  id: string;
  /** W3C ACT rule id. */
  act: string;
  /** WCAG success criteria of the ACT rule. */
  wcag: string;
  /** What it checks, zh-CN. */
  title: string;
}

export const ACT_MAPPED_BEYOND_TAGS: readonly ActMappedAxeRule[] = [
  { id: 'empty-heading', act: 'ffd0e9', wcag: '1.3.1', title: '标题应有非空的可访问名称' },
  { id: 'presentation-role-conflict', act: '46ca7f', wcag: '1.1.1、1.3.1', title: '标为装饰的元素不应暴露给辅助技术' },
];
