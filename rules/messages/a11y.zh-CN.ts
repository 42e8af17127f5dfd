/**
 * zh-CN finding messages of the accessibility area (axe-core findings, the 无障碍/适老化 toolbar).
 * Arguments include axe texts that quote page content (untrusted): renderers escape them.
 */
import type { AxeImpact } from '../a11y/axe-result.js';

const IMPACT_ZH: Record<AxeImpact, string> = {
  minor: '轻微',
  moderate: '中等',
  serious: '严重',
  critical: '非常严重',
};

/** Drops a trailing full stop (ASCII or CJK) so texts can be joined into one sentence. */
function bare(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/[。.；;：:]+$/u, '');
}

function impactText(impact: AxeImpact | null): string {
  return impact ? `影响程度：${IMPACT_ZH[impact]}` : '';
}

/** 「help（影响程度：严重；元素没有 alt 属性）」: the axe rule, then what the element lacks. */
function axeText(help: string, impact: AxeImpact | null, fix: string): string {
  const extra = [impactText(impact), bare(fix)].filter((t) => t !== '').join('；');
  return extra ? `${bare(help)}（${extra}）` : bare(help);
}

export const A11Y_MESSAGES = {
  // a11y.<axe-id>
  axeViolation: (help: string, impact: AxeImpact | null, fix: string) => `无障碍问题：${axeText(help, impact, fix)}。`,
  axeIncomplete: (help: string, impact: AxeImpact | null, fix: string) =>
    `无障碍检查无法自动判定，需人工核查：${axeText(help, impact, fix)}。`,
  axeSkipped: (reason: 'timeout' | 'too-large' | 'error') => {
    const why = reason === 'timeout' ? '检查超时' : reason === 'too-large' ? '页面元素过多' : '浏览器中检查出错';
    return `本页的无障碍自动检查未完成（${why}），需人工检查。`;
  },

  // a11y.toolbar
  toolbarFound: (what: string) => `首页有无障碍浏览或适老化入口：${bare(what)}。`,
  toolbarMissing: () =>
    '首页未发现无障碍浏览、长者模式或关怀版等入口（链接、按钮文字、图片说明及常见无障碍工具条脚本均未找到）。',
  toolbarUnsure: (word: string) =>
    `首页文字中出现“${bare(word)}”，但未识别到对应的入口链接或无障碍工具条脚本，需人工确认。`,
};
