/**
 * The nightly message of a unit: what it says (from the export document, with and without the office
 * fields), how crawled strings are neutralised in markdown and HTML, and the robots' size limit.
 */
import { describe, expect, it } from 'vitest';
import { ExportSchema, type ExportDocument, type ExportFinding } from '../../reports/export-schema.js';
import { markdownText, markdownUrl, renderHtml, renderMarkdown, renderPlainText, WECOM_MARKDOWN_LIMIT } from '../../cli/alerts/render.js';
import { unitAlert } from '../../cli/alerts/summary.js';
import { webhookBody } from '../../cli/alerts/send.js';

const EVIL = '[点我](javascript:alert(1)) <font color="warning">假</font> **粗** `代码` <script>alert(1)</script>';

function finding(over: Partial<ExportFinding> & { url: string }): ExportFinding {
  return { ruleId: 'links.broken', outcome: 'violation', message: '链接无法打开', data: {}, ...over };
}

function doc(opts: { withChanges: boolean; violations?: ExportFinding[] }): ExportDocument {
  const findings: ExportFinding[] = opts.violations ?? [
    finding({ url: 'http://fgj.example.gov.cn/a_(1).html', message: EVIL, change: 'new', key: 'k1' }),
    finding({ url: 'http://fgj.example.gov.cn/b.html', change: 'new', key: 'k2', mark: { kind: 'false-positive', reason: '链接正常', by: '张三', at: '2020-11-20T08:00:00Z' } }),
    finding({ url: 'http://fgj.example.gov.cn/c.html', change: 'open', key: 'k3', reappeared: true, mark: { kind: 'fixed', reason: '已改', by: '李四', at: '2020-11-20T08:00:00Z' } }),
    finding({ url: 'http://fgj.example.gov.cn/p1.html', ruleId: 'a11y.image-alt', message: '图片缺少替代文字', change: 'new', key: 'k4', templateGroup: 'g1' }),
    finding({ url: 'http://fgj.example.gov.cn/p2.html', ruleId: 'a11y.image-alt', message: '图片缺少替代文字', change: 'new', key: 'k5', templateGroup: 'g1' }),
    { ruleId: 'freshness.column', outcome: 'pass', url: 'http://fgj.example.gov.cn/tzgg/', message: '栏目按时更新', data: { newest: '2020-11-20', limitDays: 14, column: '通知<b>公告</b>' } },
  ];
  return ExportSchema.parse({
    schemaVersion: 1,
    run: { id: '7', startedAt: '2020-11-26T02:00:00Z', finishedAt: '2020-11-26T02:10:00Z', evalDate: '2020-11-26', ruleSetVersion: '1', district: '演示区', ...(opts.withChanges ? { previousRunId: '6' } : {}) },
    units: [{
      id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.example.gov.cn/',
      score: { total: 52.5, max: 70, vetoed: false, assessed: true, indicators: [] },
      findings,
      ...(opts.withChanges ? {
        templateGroups: [{ id: 'g1', ruleId: 'a11y.image-alt', outcome: 'violation', message: '图片缺少替代文字', count: 2, pages: ['http://fgj.example.gov.cn/p1.html', 'http://fgj.example.gov.cn/p2.html'] }],
        changes: { previousRunId: '6', previousEvalDate: '2020-11-25', previousTotal: 50, new: 3, fixed: 2, open: 1, fixedFindings: [] },
      } : {}),
    }],
  });
}

describe('unitAlert', () => {
  it('lists new violations without false positives, one entry per template group, with reappeared and forecast', () => {
    const d = doc({ withChanges: true });
    const a = unitAlert(d, d.units[0]!, { nextEvaluation: '2020-12-15', maxItems: 5 });
    expect(a.listed).toBe('new');
    expect(a.previous).toEqual({ runId: '6', evalDate: '2020-11-25', total: 50 });
    expect(a.counts).toMatchObject({ violations: 4, new: 3, fixed: 2, open: 1, reappeared: 1 });
    expect(a.items.map((i) => i.url)).toEqual(['http://fgj.example.gov.cn/a_(1).html', 'http://fgj.example.gov.cn/p1.html']);
    expect(a.items[1]!.templatePages).toBe(2);
    expect(a.reappeared.map((i) => i.url)).toEqual(['http://fgj.example.gov.cn/c.html']);
    expect(a.forecast).toEqual([expect.objectContaining({ staleOn: '2020-12-05', daysLeft: 9 })]);
    expect(a.nextEvaluation).toBe('2020-12-15');
  });

  it('says 首次运行，无对比 and lists the current violations when there is nothing to compare with', () => {
    const d = doc({ withChanges: false });
    const a = unitAlert(d, d.units[0]!, { maxItems: 2 });
    expect(a.listed).toBe('current');
    expect(a.previous).toBeNull();
    expect(a.items).toHaveLength(2);
    expect(a.moreItems).toBe(2); // 4 violations without the false positive, 2 listed
    expect(a.nextEvaluation).toBe('2020-12-26'); // evalDate + 30 days
    const md = renderMarkdown(a, WECOM_MARKDOWN_LIMIT);
    expect(md).toContain('首次运行，无对比');
    expect(md).toContain('当前问题（4 项）');
    expect(md).toContain('另有 2 项未列出');
  });
});

describe('rendering', () => {
  const d = doc({ withChanges: true });
  const a = unitAlert(d, d.units[0]!, { nextEvaluation: '2020-12-15', maxItems: 5 });

  it('robot markdown carries the score change, counts and forecast, and nothing a crawled string could act on', () => {
    const md = renderMarkdown(a, WECOM_MARKDOWN_LIMIT);
    expect(md).toContain('得分：52.5/70（上次 50，+2.5）');
    expect(md).toContain('新增 3 项，已消除 2 项，仍存在 1 项');
    expect(md).toContain('整改后再次出现（1 项）');
    expect(md).toContain('模板问题（共 2 个页面）');
    expect(md).toContain('即将超过更新期限的栏目（下次检查 2020-12-15 前）');
    expect(md).toMatch(/通知＜b＞公告＜\/b＞ 将于 9 天后（2020-12-05）超过更新期限/);
    // The forged link, font tag, bold and code are shown as look-alike text.
    expect(md).not.toContain('](');
    expect(md).not.toMatch(/<(font|script|b)\b/i);
    expect(md).not.toContain('`');
    expect(md).toContain('［点我］（javascript:alert（1））');
    // The URL keeps its address with markdown characters percent-encoded.
    expect(md).toContain('http://fgj.example.gov.cn/a%5F%281%29.html');
    // Only our own bold markers remain.
    for (const bold of md.match(/\*\*[^*]*\*\*/g) ?? []) expect(bold).not.toMatch(/点我|粗/);
  });

  it('markdown helpers: one line, no markup; non-http URLs are text', () => {
    expect(markdownText('a\nb\u202Ec')).toBe('a b［U+202E］c');
    expect(markdownUrl('javascript:alert(1)')).toBe('javascript:alert（1）');
    expect(markdownText('x'.repeat(500)).length).toBeLessThanOrEqual(160);
  });

  it('HTML e-mail escapes crawled strings and links only http(s) addresses', () => {
    const html = renderHtml(a);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="http://fgj.example.gov.cn/a_(1).html">');
    expect(html).not.toContain('href="javascript');
    const text = renderPlainText(a);
    // Plain text needs no markup neutralising, only one line per value and visible hidden characters.
    expect(text).toMatch(/^1\. .+：\[点我\]\(javascript:alert\(1\)\) <font/m);
    expect(text).toContain('   http://fgj.example.gov.cn/a_(1).html');
  });

  it('stays within the 企业微信 4096-byte limit with many violations, counting what is left out', () => {
    const many = Array.from({ length: 300 }, (_, i) => finding({ url: `http://fgj.example.gov.cn/${'长'.repeat(40)}/${i}.html`, message: `${'很长的说明'.repeat(30)}${i}`, change: 'new' }));
    const big = doc({ withChanges: true, violations: many });
    const alert = unitAlert(big, big.units[0]!, { maxItems: 50 });
    const md = renderMarkdown(alert, WECOM_MARKDOWN_LIMIT);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT);
    expect(md).toMatch(/另有 \d+ 项未列出/);
    const body = webhookBody('wecom', alert) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(Buffer.byteLength(body.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
    const ding = webhookBody('dingtalk', alert) as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding.markdown.title).toContain('区发展和改革局');
    expect(ding.markdown.text).toContain('新增问题（300 项）');
  });

  it('a very long text is cut calmly at a character boundary when even empty lists do not fit', () => {
    const md = renderMarkdown(a, 200);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(200);
    expect(md).toContain('完整结果请看检查报告');
    expect(md).not.toContain('\uFFFD');
  });
});
