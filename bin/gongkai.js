#!/usr/bin/env node
// Entry point of `npx gongkai …`: runs the TypeScript CLI through tsx, so no build step is needed.
// Whatever goes wrong, the user sees one zh-CN line and an exit code, never a stack trace
// (GONGKAI_DEBUG=1 shows it for whoever maintains the tool).
import { register } from 'tsx/esm/api';

const FATAL = '运行失败：程序内部出错。请把所用的命令和配置告诉维护人员；设置环境变量 GONGKAI_DEBUG=1 再运行可看到详细信息。';

function fatal(err) {
  process.stderr.write(`${FATAL}\n`);
  if (process.env.GONGKAI_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}

// `gongkai rules | head`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    fatal(err);
  });
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

try {
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  fatal(err);
}
