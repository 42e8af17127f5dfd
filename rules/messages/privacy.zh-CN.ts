/**
 * zh-CN messages of the privacy rules (privacy.id-number, privacy.mobile). Numbers appear only
 * masked; names of attachments and error texts are crawled strings (renderers escape them), and
 * any ID or mobile number in them is masked here too.
 */
import { maskNumbers } from '../privacy/evidence.js';

function clip(s: string, max = 40): string {
  // Masked before clipping: a clipped number would leave its first digits unmasked.
  const t = maskNumbers(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** How an attachment is named in a message: its link text, else its address. */
function attachmentLabel(text: string, url: string): string {
  return clip(text) || clip(url, 80);
}

function more(count: number): string {
  return count > 1 ? `等 ${count} 个` : '';
}

export const PRIVACY_MESSAGES = {
  idOnPage: (masked: string, count: number) =>
    `页面公开了未遮挡的公民身份证号码（${masked}${more(count)}），应立即遮挡或撤下。`,
  idInAttachment: (name: string, masked: string, count: number) =>
    `附件“${name}”含有未遮挡的公民身份证号码（${masked}${more(count)}），应立即遮挡或撤下。`,
  attachmentUnread: (name: string, reason: string) =>
    `附件“${name}”看来是人员名单，但无法读取（${clip(reason, 60)}），需人工核查其中是否含有身份证号码或手机号码。`,
  idDoubtOnPage: (masked: string, count: number) =>
    `页面有形似身份证号码的数字（${masked}${more(count)}），但其中的出生日期距今不足一年，可能是受理号等编号，请人工核查。`,
  idDoubtInAttachment: (name: string, masked: string, count: number) =>
    `附件“${name}”有形似身份证号码的数字（${masked}${more(count)}），但其中的出生日期距今不足一年，可能是受理号等编号，请人工核查。`,
  attachmentsUnread: (count: number, example: string) =>
    `有 ${count} 个附件无法读取（如“${example}”），其中是否含有身份证号码或手机号码未能检查，需人工核查。`,
  noAttachments: () => '未发现本单位网站上的附件（xls、xlsx、et、csv、doc、docx、wps、pdf、txt），附件检查不适用；页面本身已逐页检查。',
  attachmentsClean: (checked: number) => `已检查 ${checked} 个附件，未发现未遮挡的身份证号码。`,
  attachmentsCleanMobile: (checked: number) => `已检查 ${checked} 个附件，未发现人员名单中的个人手机号码。`,

  mobileListOnPage: (masked: string, count: number) =>
    `页面的人员名单公开了未遮挡的个人手机号码（${masked}${more(count)}），应遮挡后重新发布。`,
  mobileListInAttachment: (name: string, masked: string, count: number) =>
    `附件“${name}”的人员名单公开了未遮挡的个人手机号码（${masked}${more(count)}），应遮挡后重新发布。`,
  mobileLooseOnPage: (masked: string, count: number) =>
    `页面出现手机号码（${masked}${more(count)}），请人工核查是否为应遮挡的个人号码。`,
  mobileLooseInAttachment: (name: string, masked: string, count: number) =>
    `附件“${name}”出现手机号码（${masked}${more(count)}），请人工核查是否为应遮挡的个人号码。`,
};

export { attachmentLabel };
