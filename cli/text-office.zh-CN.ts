/** zh-CN texts of the office commands (mark, manual): usage, summaries, results and usage errors. */
import type { MarkKind } from '../store/marks.js';

export const KIND_LABELS: Record<MarkKind, string> = { 'false-positive': '误报', fixed: '已整改（待复查）' };

export const officeText = {
  summary: {
    mark: '把检查结果标记为误报或已整改，或列出已有标记',
    manual: '导入人工录入的日常考核与大比例扣分（manual.yaml），或生成填写模板',
  },
  usage: {
    mark: `用法：npx gongkai mark --db 数据库文件 --unit 单位标识 --key 问题标识 --kind 误报|已整改 --reason 原因 [--by 姓名]
      npx gongkai mark --db 数据库文件 --unit 单位标识 --key 问题标识 --clear
      npx gongkai mark --db 数据库文件 --list [--unit 单位标识]

  把最新一次已完成运行中的一条检查结果标记为“误报”或“已整改（待复查）”。标记按问题标识保存，
  以后每次运行都会沿用，并显示在所有报告中；标记为误报的问题不再扣分；标记为已整改的问题如果
  再次被发现，报告会提示“整改后再次出现”。
  --key     问题标识（JSON 导出中每条问题的 key、CSV 导出的“问题标识”列，或看板上的问题）
  --kind    误报（false-positive）或 已整改（fixed）
  --reason  标记原因，例如 链接已恢复、该栏目为历史专题
  --by      标记人，默认为当前系统用户名
  --clear   撤销该问题的标记
  --list    列出已有标记（可用 --unit 只看一个单位）
`,
    manual: `用法：npx gongkai manual --db 数据库文件 --file manual.yaml
      npx gongkai manual --template [--db 数据库文件]

  日常考核（30 分）和大比例扣分事项无法从网站抓取，由政务公开办在 manual.yaml 中填写后导入。
  导入后，报告显示“人工录入”的分数，并与网站检查得分（满分 70）合计为预测总分（满分 100）。
  --file      要导入的 manual.yaml；有误时逐项指出出错的位置，不导入任何内容
  --template  打印填写模板（给出 --db 时列出数据库中最新一次运行的全部单位）
`,
  },
  badKind: (v: string) => `--kind: 不支持 “${v}”，可用：误报（false-positive）、已整改（fixed）`,
  missingReason: 'mark：缺少参数 --reason（标记原因，例如 --reason 链接已恢复）',
  clearWithKind: 'mark：--clear 用于撤销标记，不能同时给出 --kind 或 --reason',
  listWithKey: 'mark：--list 用于列出标记，不能同时给出 --key、--kind、--reason 或 --clear',
  unknownUnit: (id: string, runId: number, known: string[]) =>
    `--unit: 最新一次已完成的运行（编号 ${runId}）中没有单位 “${id}”。可用的单位标识：${known.join(', ')}`,
  unknownKey: (key: string, unitId: string, runId: number) =>
    `--key: 单位 “${unitId}” 在最新一次已完成的运行（编号 ${runId}）中没有标识为 “${key}” 的检查结果。` +
    '请从最新的 JSON 导出（key）、CSV 导出（“问题标识”列）或看板复制问题标识。',
  noMarkToClear: (key: string, unitId: string) => `--key: 单位 “${unitId}” 没有标识为 “${key}” 的标记，无需撤销。`,
  marked: (kind: MarkKind, unitId: string, ruleId: string, url: string) => `已标记为${KIND_LABELS[kind]}：单位 ${unitId} · ${ruleId} · ${url}`,
  cleared: (unitId: string, key: string) => `已撤销标记：单位 ${unitId} · ${key}`,
  noMarks: (unitId?: string) => (unitId ? `单位 “${unitId}” 没有任何标记。` : '数据库中还没有任何标记。'),
  marksHeading: (n: number) => `共 ${n} 条标记：`,
  markLine: (m: { unitId: string; kind: MarkKind; key: string; ruleId: string; url: string; reason: string; by: string; at: string }) =>
    `  ${m.unitId}  ${KIND_LABELS[m.kind]}  ${m.key}\n    ${m.url}\n    原因：${m.reason}（${m.by}，${m.at}）`,
  fileUnreadable: (file: string, code: string) =>
    code === 'ENOENT' ? `找不到人工录入文件 ${file}` : `无法读取人工录入文件 ${file}（${code}）`,
  valueChanged: (note: string) => `注意：${note}（第三方评估按半分计分）。`,
  noUnitsInDb: (db: string) => `数据库 ${db} 中还没有任何单位，请先运行 npx gongkai crawl。`,
  imported: (n: number) => `已导入 ${n} 个单位的人工录入分数：`,
  importedLine: (id: string, daily: number, deductions: number) => `  ${id}：日常考核 ${daily} 分，大比例扣分 ${deductions} 分`,
  skippedEmpty: (ids: string[]) => `未填写任何分数、未导入的单位：${ids.join('、')}`,
  nothingImported: '文件中没有填写任何分数，未导入。',
};
