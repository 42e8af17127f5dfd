/**
 * Runs once before the suite: says in one line which tests this machine skips and why (the
 * material outside the repository, or Chromium, is missing), and under CI=true refuses to run
 * without them, since CI must run everything.
 */
import { inCi, missingExternal, testChromium } from './material.js';

export default function setup(): void {
  const external = missingExternal();
  const chromium = testChromium() !== null;
  const missing = [
    ...(external.length > 0 ? [`../shared/external/（${external.join('、')}）不在本机：跳过 W3C ACT 一致性测试和真实政府网页测试`] : []),
    ...(chromium ? [] : ['未找到 Chromium（npm run setup:browser）：跳过 PDF、浏览器扩展和实时 DOM 的测试']),
  ];
  if (missing.length === 0) return;
  if (inCi) throw new Error(`CI=true 时必须运行全部测试，但本机${missing.join('；')}。`);
  process.stdout.write(`本次跳过的测试：${missing.join('；')}。\n`);
}
