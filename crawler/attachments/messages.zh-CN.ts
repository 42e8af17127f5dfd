/** zh-CN texts of the attachment phase: why an attachment could not be read, and progress lines. */

export const attachmentText = {
  tooLarge: (bytes: number) =>
    `附件超过 ${bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`} 上限，未读取`,
  httpStatus: (status: number) => `附件地址返回 HTTP ${status}`,
  fetchFailed: (reason: string) => `附件下载失败：${reason}`,
  robotsDisallowed: '网站的 robots.txt 不允许抓取该附件',
  notAFile: '附件地址返回的是网页，而不是文件',
  unknownType: '无法识别附件的文件类型',
  timeLimit: (seconds: number) => `读取附件内容超过 ${seconds} 秒时限，已停止`,
  memoryLimit: '读取附件内容超出内存上限，已停止',
  damaged: (detail: string) => `附件文件已损坏或格式不受支持（${detail.slice(0, 100)}）`,
  checking: (n: number) => `读取附件：共 ${n} 个待读取的附件`,
  progress: (done: number, total: number) => `已读取附件 ${done}/${total}`,
};
