/** zh-CN messages of the wording rules (wording.typo, wording.serious, wording.forbidden). */
import type { SeriousKind } from '../wording/scan.js';

const times = (count: number) => (count > 1 ? `（共 ${count} 处）` : '');
const where = (attachment: string | null) => (attachment === null ? '' : `附件“${attachment}”中：`);

const SERIOUS_WHAT: Record<SeriousKind, string> = {
  'leader-name': '国家领导人姓名写错',
  'leader-title': '国家领导人职务写错',
  organ: '国家机关名称写错',
  formulation: '重要提法写错',
  'unit-name': '疑似本单位名称写错',
};

export const WORDING_MESSAGES = {
  typo: (wrong: string, right: string, sentence: string, count: number, attachment: string | null = null) =>
    `${where(attachment)}“${wrong}”应为“${right}”${times(count)}：${sentence}。`,
  serious: (kind: SeriousKind, wrong: string, right: string, sentence: string, count: number, attachment: string | null = null) =>
    kind === 'unit-name'
      ? `${where(attachment)}${SERIOUS_WHAT[kind]}：“${wrong}”与本单位名称“${right}”只差一个字，请核对${times(count)}：${sentence}。`
      : `${where(attachment)}${SERIOUS_WHAT[kind]}：“${wrong}”应为“${right}”${times(count)}：${sentence}。`,
  forbidden: (word: string, suggestion: string | null, sentence: string, count: number, attachment: string | null = null) =>
    `${where(attachment)}出现禁用词“${word}”${suggestion ? `（建议：${suggestion}）` : ''}${times(count)}：${sentence}。`,
  noAttachments: () => '未发现本单位网站上的附件，附件的用字检查不适用；页面本身已逐页检查。',
  attachmentsClean: (checked: number, what: string) => `已检查 ${checked} 个附件的文字，未发现${what}。`,
  cleanWhat: { 'wording.typo': '易错词表中的错误写法', 'wording.serious': '严重表述错误', 'wording.forbidden': '禁用词' } as Record<string, string>,
  /** Labels of the `category` data value (reports translate it). */
  categories: SERIOUS_WHAT,
};
