/** zh-CN texts of the command line (help, usage errors). */
import { shown } from '../rules/escape.js';

export { shown };
const USAGE: Record<string, string> = {
  crawl: `用法：npx gongkai crawl --config 配置文件 [--db 数据库文件] [--now YYYY-MM-DD] [--units id,id] [--resume] [--full] [--quiet]

  抓取配置中各单位的网站，审核并评分，结果写入数据库。
  --config   区县配置文件（YAML 或 JSON），见 README 的“配置说明”
  --db       SQLite 数据库文件，默认 gongkai.sqlite
  --now      评估日期（栏目更新等按此日期计算），默认今天；也可在配置中写 evalDate
  --units    只抓取这些单位（逗号分隔的单位标识）
  --resume   继续上次被中断的抓取（已抓取的页面不会重复抓取）
  --full     本次全部重新下载，不使用上次运行的结果。默认第一次全部抓取，之后每晚按计划：
             首页、政府信息公开专栏、栏目列表和新页面每晚抓取，其余已知页面每 crawl.revisitDays 晚
             （默认 7）至少复核一次，在此之间沿用上次核验的结果；一晚最多抓取 crawl.budgetMinutes 分钟
             （见 README 的“每晚抓取计划”）
  --quiet    不显示进度
`,
  audit: `用法：npx gongkai audit --db 数据库文件 [--run 运行编号|latest] [--now YYYY-MM-DD] [--quiet]

  不重新抓取，按当前规则重新审核并评分数据库中已保存的一次运行。只能审核已完成的运行：
  抓取仍在进行（或数据库正被抓取占用）时会拒绝并说明原因。
  --db     数据库文件（必填）
  --run    运行编号，或 latest（默认）表示最近一次
  --now    评估日期（YYYY-MM-DD，默认沿用该次运行的评估日期）
  --quiet  不显示进度
`,
  export: `用法：npx gongkai export --db 数据库文件 [--run 运行编号|latest] --format json|html|csv|xlsx|pdf --out 输出文件 [--units id,id]

  导出一次运行的结果：
  json   数据接口（结构见 docs/contracts.md）
  html   可直接打开、打印的中文报告
  csv    问题清单，每条检查结果一行（Excel 可直接打开）
  xlsx   Excel 工作簿：汇总表，以及每个单位一张数据采集表
  pdf    正式的检查报告（需要 Chromium 浏览器）
  --units  只导出这些单位（逗号分隔的单位标识），可为每个单位单独生成文件
`,
  check: `用法：npx gongkai check 网址或文件 [网址或文件 …] [--render] [--format json|text] [--now YYYY-MM-DD]

  对一个或多个页面运行页面规则（图片替代文字、页面语言、页面标题、用字等）。
  --render   用浏览器（Chromium）打开页面：脚本生成的内容也能看到，并做无障碍（axe）检查
  --format   text（默认）或 json；json 输出为数组，每个页面一项：{ input, findings }
  --now      评估日期（YYYY-MM-DD，默认今天）
`,
  rules: `用法：npx gongkai rules [--format text|json]

  列出全部检查规则：中文名称、规则标识、依据（条例条款或检查指标）、要求、所属评分指标，以及是否已实现。
  text（默认）按评分指标分组显示；json 输出数组，每条规则一项。
`,
  demo: `用法：npx gongkai demo [--out 目录] [--now YYYY-MM-DD] [--quiet]

  在本机启动内置的演示区县（7 个单位的网站），抓取前一晚和今晚两次，审核、评分，打印排名并生成报告。
  默认输出目录 gongkai-demo/。
  --quiet  不显示进度
`,
  serve: `用法：npx gongkai serve --db 数据库文件 [--host 127.0.0.1] [--port 8080] [--token 口令] [--config 区县配置文件]

  启动政务公开看板（在浏览器中打开显示的地址）：全区排名、各单位得分明细与趋势、与上次相比的变化、
  按可挽回分值排序的整改清单、问题标记（误报 / 已整改）和人工录入的日常考核分；同时为浏览器扩展提供接口。
  --host    监听地址，默认 127.0.0.1（只有本机可以访问）
  --port    端口，默认 8080
  --token   修改类操作（标记问题、录入分数、开始检查）所需的口令，至少 12 个字符；
            不给时读取环境变量 GONGKAI_TOKEN，仍没有则随机生成一个并在启动时显示一次
  --config  区县配置文件；给出后看板上可以直接“开始检查”
  接口：/api/findings?url=页面网址、/api/units、/health。
`,
};

const RUN_STATUS: Record<string, string> = { crawling: '抓取未完成', auditing: '审核未完成', done: '已完成', failed: '失败' };

export const cliText = {
  /** A run's status in words (抓取未完成 …). */
  runStatus: (status: string) => RUN_STATUS[status] ?? status,
  summary: {
    crawl: '抓取并审核各单位网站，评分后写入数据库',
    audit: '不重新抓取，重新审核数据库中的一次运行',
    export: '导出结果（json、html、csv、xlsx、pdf）',
    check: '检查一个或多个页面',
    rules: '列出全部检查规则及其依据、要求和评分指标',
    demo: '运行内置演示区县（npm start）',
    serve: '启动看板（排名、变化、整改清单、标记）和浏览器扩展接口',
  },
  rules: {
    heading: (total: number, implemented: number) => `Gongkai 检查规则（共 ${total} 条，已实现 ${implemented} 条）`,
    indicatorHeading: (name: string, id: string, max: number | null) =>
      max === null ? `【${name}】（${id}）` : `【${name}】（${id}，满分 ${max} 分）`,
    unknownIndicator: '未列入默认评分指标',
    implemented: '已实现',
    notImplemented: '后续版本',
    source: '依据',
    threshold: '要求',
    footer: '每条规则的整改建议见 HTML 报告末尾的“规则说明”；JSON 格式：npx gongkai rules --format json',
    alsoRuns: (list: string) => `另外运行的 axe 规则（axe 标为“最佳实践”，但它对应的 W3C ACT 规则检查的是 WCAG A 级要求）：${list}`,
    actMapped: (id: string, act: string, wcag: string, title: string) => `a11y.${id}（${title}；ACT ${act}，WCAG ${wcag}）`,
  },
  help: (cmds: [string, string][]) =>
    `Gongkai（公开）— 政务公开网站检查\n\n用法：npx gongkai <命令> [参数]\n\n命令：\n${cmds
      .map(([k, v]) => `  ${k.padEnd(10)}${v}`)
      .join('\n')}\n\n查看某个命令的参数：npx gongkai <命令> --help\n`,
  commandHelp: (cmd: string) => USAGE[cmd] ?? '',
  seeHelp: (command?: string) => `（查看用法：npx gongkai ${command ? `${command} ` : ''}--help）`,
  unknownCommand: (name: string, known: string[], guess: string | null) =>
    `未知的命令 “${shown(name)}”${guess ? `（是否想写 “${guess}”？）` : ''}。可用命令：${known.join('、')}。查看用法：npx gongkai --help`,
  unknownOption: (cmd: string, opt: string, guess: string | null) => `${cmd}：未知的参数 ${shown(opt)}${guess ? `（是否想写 ${guess}？）` : ''}`,
  optionNeedsValue: (cmd: string, opt: string) => `${cmd}：参数 ${opt} 需要一个值`,
  optionValueLooksLikeOption: (cmd: string, opt: string) => `${cmd}：参数 ${opt} 需要一个值（如果值本身以 - 开头，请写成 ${opt}=值，例如 ${opt}=-1）`,
  optionTakesNoValue: (cmd: string, opt: string) => `${cmd}：参数 ${opt} 不需要值，请只写 ${opt}`,
  nulInValue: (cmd: string, opt: string) => `${cmd}：${opt} 的值中含有空字符（NUL），请重新输入`,
  badArgs: (cmd: string) => `${cmd}：参数无法解析，请检查写法`,
  unexpectedPositional: (cmd: string, arg: string) => `${cmd}：多余的参数 “${shown(arg)}”`,
  missingOption: (cmd: string, name: string, form: string) => `${cmd}：缺少参数 ${name}（${form}）`,
  noSuchDay: (v: string) => `--now: 日历上没有 ${v} 这一天，请检查日期`,
  implausibleYear: (v: string, min: number, max: number) => `--now: ${v} 的年份应在 ${min} 到 ${max} 之间，请检查日期`,
  badDate: (v: string) => `--now: “${shown(v)}” 不是有效的日期，格式应为 YYYY-MM-DD，例如 2020-11-26`,
  emptyUnits: '--units: 请给出至少一个单位标识，用逗号分隔，例如 --units fgj,jyj',
  unknownRunUnits: (ids: string[], known: string[]) => `--units: 这次运行中没有单位 ${ids.slice(0, 10).map((i) => `“${shown(i)}”`).join('、')}。可用的单位标识：${known.join(', ')}`,
  unknownUnits: (ids: string[], known: string[]) => `--units: 配置中没有单位 ${ids.slice(0, 10).map((i) => `“${shown(i)}”`).join('、')}。可用的单位标识：${known.join(', ')}`,
  badFormat: (v: string, allowed: string[]) => `--format: 不支持 “${shown(v)}”，可用：${allowed.join('、')}`,
  formatLater: (v: string) => `--format: ${v} 格式将在后续版本提供，目前可用：json、html`,
  badRun: (v: string) => `--run: “${shown(v)}” 应为运行编号（正整数）或 latest`,
  noRun: (which: string, db: string, runs: { id: number; status: string }[]) =>
    `数据库 ${db} 中没有${which === 'latest' ? '已完成的运行' : `编号为 ${which} 的运行`}。` +
    (runs.length === 0
      ? '请先运行 npx gongkai crawl。'
      : `已有的运行：${runs.map((r) => `${r.id}（${RUN_STATUS[r.status] ?? r.status}）`).join('、')}。未完成的运行可用 crawl --resume 继续。`),
  runFailed: (msg: string) => `运行失败：${msg}`,
  badInput: (input: string, problem: string) => `check：“${shown(input)}” ${problem}`,
  emptyInput: 'check：给出的网址或文件名是空的',
  fatal: '运行失败：程序内部出错。请把所用的命令和配置告诉维护人员；设置环境变量 GONGKAI_DEBUG=1 再运行可看到详细信息。',
  wrote: (what: string, file: string) => `已写入${what}：${file}`,
  exportKinds: { json: ' JSON 数据', html: ' HTML 报告', csv: ' CSV 问题清单', xlsx: ' Excel 工作簿', pdf: ' PDF 报告' } as Record<string, string>,
  dbAt: (file: string) => `数据库：${file}`,
  nextExport: (db: string) => `导出报告：npx gongkai export --db ${db} --format html --out report.html`,
};
