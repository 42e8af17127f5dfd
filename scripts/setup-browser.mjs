#!/usr/bin/env node
/**
 * npm run setup:browser — makes sure a Chromium and Chinese fonts are there for rendering,
 * accessibility checks and screenshots.
 *
 * Order, as in crawler/browser/chromium-path.ts: GONGKAI_CHROMIUM, Playwright's own browser, the
 * Debian/Ubuntu paths. When something is missing: as root on Debian/Ubuntu, apt-get installs
 * `chromium` and `fonts-noto-cjk`; otherwise playwright-core's installer fetches Chromium; when
 * neither works (no network, no rights) a zh-CN message says what to install.
 * Idempotent: with everything present it only reports. Exit 0 when ready, 1 otherwise.
 * `--check` reports without installing anything.
 *
 * Plain Node on purpose: it runs before dependencies are installed or compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The real binary first: /usr/bin/chromium is a wrapper that adds flags and prints noise. */
const SYSTEM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

const checkOnly = process.argv.includes('--check');
const require = createRequire(import.meta.url);

function say(line) {
  process.stdout.write(`${line}\n`);
}

/** playwright-core's own installer (its `bin`), so the browser matches the library's version. */
function playwrightCli() {
  try {
    const manifest = require.resolve('playwright-core/package.json');
    const cli = new URL('cli.js', pathToFileURL(manifest));
    return existsSync(cli) ? fileURLToPath(cli) : null;
  } catch {
    return null;
  }
}

async function playwrightChromium() {
  try {
    const { chromium } = await import('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** { path, source } or { missing: reason }. */
async function findChromium() {
  const fromEnv = process.env.GONGKAI_CHROMIUM;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv, source: '环境变量 GONGKAI_CHROMIUM' }
      : { missing: `环境变量 GONGKAI_CHROMIUM 指向的文件不存在：${fromEnv}`, fromEnv: true };
  }
  const bundled = await playwrightChromium();
  if (bundled) return { path: bundled, source: 'Playwright 自带的浏览器' };
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return { path: p, source: '系统安装' };
  return { missing: '未找到 Chromium 浏览器' };
}

/** Chinese fonts matter on Linux only: other systems ship CJK fonts. */
function hasCjkFont() {
  if (process.platform !== 'linux') return true;
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

function isDebianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(?:ID|ID_LIKE)=.*\b(?:debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

function hasAptGet() {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(command, args, env = {}) {
  say(`> ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

async function main() {
  let chromium = await findChromium();
  let fonts = hasCjkFont();
  if (chromium.path) say(`已找到 Chromium：${chromium.path}（${chromium.source}）`);
  else say(`${chromium.missing}。`);
  say(fonts ? '已找到中文字体。' : '未找到中文字体（截图中的中文会显示为方框）。');
  if (chromium.path && fonts) {
    say('浏览器环境已就绪，无需安装。');
    return 0;
  }
  if (chromium.fromEnv) {
    say('请修正环境变量 GONGKAI_CHROMIUM，使其指向已安装的 Chromium 或 Chrome 可执行文件，或删除该变量后重新运行 npm run setup:browser。');
    return 1;
  }
  if (checkOnly) {
    say('（--check：只检查，不安装。）');
    return 1;
  }

  const packages = [...(chromium.path ? [] : ['chromium']), ...(fonts ? [] : ['fonts-noto-cjk'])];
  if (isRoot() && isDebianLike() && hasAptGet()) {
    say(`正在用 apt 安装：${packages.join('、')}`);
    const ok =
      run('apt-get', ['update']) &&
      run('apt-get', ['install', '-y', ...packages], { DEBIAN_FRONTEND: 'noninteractive' });
    if (!ok) say('apt 安装没有成功，见上方输出。');
    chromium = await findChromium();
    fonts = hasCjkFont();
  }

  if (!chromium.path) {
    const cli = playwrightCli();
    if (cli) {
      say('正在用 Playwright 下载 Chromium（需要能访问外网）……');
      if (!run(process.execPath, [cli, 'install', 'chromium'])) say('Playwright 下载 Chromium 没有成功（可能无法访问外网）。');
      chromium = await findChromium();
    } else {
      say('未安装 playwright-core（请先运行 npm install），无法用 Playwright 下载 Chromium。');
    }
  }

  const problems = [];
  if (chromium.path) say(`已就绪 Chromium：${chromium.path}（${chromium.source}）`);
  else {
    problems.push(
      '仍未找到 Chromium。请安装 Chromium 或 Google Chrome：Debian/Ubuntu 上以 root 运行 “apt-get install -y chromium”，' +
        '其他系统从官方渠道安装；然后设置环境变量 GONGKAI_CHROMIUM 指向浏览器可执行文件，例如 export GONGKAI_CHROMIUM=/usr/lib/chromium/chromium。',
    );
  }
  if (fonts) say('已就绪中文字体。');
  else {
    problems.push('仍未找到中文字体。请安装 Noto CJK 字体：Debian/Ubuntu 上以 root 运行 “apt-get install -y fonts-noto-cjk”，其他 Linux 安装 Noto Sans CJK SC。');
  }
  if (problems.length === 0) {
    say('浏览器环境已就绪。');
    return 0;
  }
  for (const p of problems) say(p);
  say('没有浏览器时检查仍可运行，但需要浏览器渲染的页面、无障碍（axe）检查和截图会跳过。');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(`检查浏览器环境时出错：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
