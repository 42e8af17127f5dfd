/**
 * Articles with a purpose beyond filling a column: 征求意见 notices (consultation.duration), 公示
 * lists of people with mobile or ID numbers (privacy.*), and texts whose long numbers are not
 * personal data (money amounts, masked numbers). Each returns a title and a body for an
 * `ArticleTweak`; the unit files decide where they go and list the findings they cause.
 */
import { daysBefore, formatDate } from './dates.js';
import { esc } from './html.js';

export interface ArticleText {
  title: string;
  bodyHtml: string;
}

function paragraphs(lines: string[]): string {
  return lines.map((l) => `<p>${esc(l)}</p>`).join('\n');
}

function table(header: string[], rows: (string | number)[][]): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table class="content-table" border="1">\n<tr>${th}</tr>\n${trs}\n</table>`;
}

/** The comment period of a consultation: from `start`, `days` calendar days counting both ends. */
export interface CommentPeriod {
  start: string;
  end: string;
}

export function commentPeriod(start: string, days: number): CommentPeriod {
  return { start, end: daysBefore(start, -(days - 1)) };
}

/** A 公开征求意见 notice whose period reads 「YYYY年M月D日至YYYY年M月D日」. */
export function consultationNotice(org: string, draft: string, period: CommentPeriod, phone: string): ArticleText {
  return {
    title: `关于《${draft}（征求意见稿）》公开征求意见的公告`,
    bodyHtml: paragraphs([
      `为增强决策的科学性和透明度，现将《${draft}（征求意见稿）》全文公布，公开征求社会各界意见。`,
      `征求意见时间：${formatDate(period.start, 'cn')}至${formatDate(period.end, 'cn')}。`,
      `意见反馈方式：请将意见建议以信函或电子邮件方式反馈至${org}办公室，来信请在信封上注明“征求意见”字样。`,
      `咨询电话：${phone}`,
    ]),
  };
}

export interface Person {
  name: string;
  /** 所在社区 / 村. */
  place: string;
}

/** 城乡低保 公示 as street offices publish it: names, households and each family's mobile number. */
export function subsistenceList(org: string, people: Person[], mobiles: string[], phone: string): ArticleText {
  return {
    title: '关于城乡最低生活保障对象审核结果的公示',
    bodyHtml:
      paragraphs([
        `根据城乡最低生活保障工作有关规定，经本人申请、入户调查、民主评议，${org}对以下申请对象审核结果予以公示。`,
      ]) +
      '\n' +
      table(
        ['序号', '姓名', '所在社区', '保障人数', '联系电话'],
        people.map((p, i) => [i + 1, p.name, p.place, (i % 3) + 1, mobiles[i] ?? '']),
      ) +
      '\n' +
      paragraphs([`公示期为五个工作日。如有异议，请在公示期内向${org}反映。`, `监督电话：${phone}`]),
  };
}

/** 重点项目 公示 with each project's contact person and a masked mobile number. */
export function projectContactList(org: string, rows: { project: string; company: string; contact: string; mobile: string }[]): ArticleText {
  return {
    title: '关于拟推荐区级重点项目的公示',
    bodyHtml:
      paragraphs([`经企业申报、部门初审和专家评审，${org}拟推荐以下项目为区级重点项目，现予以公示。`]) +
      '\n' +
      table(
        ['序号', '项目名称', '申报单位', '联系人', '联系电话'],
        rows.map((r, i) => [i + 1, r.project, r.company, r.contact, r.mobile]),
      ) +
      '\n' +
      paragraphs(['公示期为五个工作日。']),
  };
}

/** 拟聘用人员公示 listing ID numbers as given (masked or not: the caller decides). */
export function hiringList(org: string, rows: { name: string; sex: string; id: string; post: string }[]): ArticleText {
  return {
    title: `${org}公开招聘工作人员拟聘用人员公示`,
    bodyHtml:
      paragraphs([`根据公开招聘工作安排，经笔试、面试、考察和体检，现将拟聘用人员名单予以公示。`]) +
      '\n' +
      table(
        ['序号', '姓名', '性别', '身份证号', '拟聘岗位'],
        rows.map((r, i) => [i + 1, r.name, r.sex, r.id, r.post]),
      ) +
      '\n' +
      paragraphs(['公示期为七个工作日。公示期间如有异议，请以书面形式实名反映。']),
  };
}

/** A 公示 whose list is only in an attached workbook. */
export function attachmentNotice(title: string, intro: string, href: string, label: string): ArticleText {
  return {
    title,
    bodyHtml: `${paragraphs([intro])}\n<p>附件：<a href="${esc(href)}">${esc(label)}</a></p>`,
  };
}
