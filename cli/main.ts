/**
 * `gongkai` command line. Exit codes (docs/contracts.md): 0 done; 1 the run failed; 2 bad usage or bad
 * config, with a zh-CN message that names the field and the expected form.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { ConfigError, isPlausibleYear, isRealDate, loadConfig, MAX_YEAR, MIN_YEAR } from '../crawler/config.js';
import { StoreError } from '../store/db.js';
import { nearestWord } from '../crawler/nearest-word.js';
import { cliText } from './text.zh-CN.js';
import { officeText } from './text-office.zh-CN.js';
import { scheduleCliText } from './text-schedule.zh-CN.js';
import { workerCliText } from './text-worker.zh-CN.js';
import { UsageError, UserError } from '../store/errors.js';
import { DEFAULT_TIME_ZONE, todayIn } from '../rules/office-time.js';

export { UsageError };

type Handler = (args: string[]) => Promise<number>;

/** `usage`: a command whose help text lives in its own text file; the others' are in text.zh-CN.ts. */
const COMMANDS: Record<string, { summary: string; usage?: string; load: () => Promise<Handler> }> = {
  crawl: { summary: cliText.summary.crawl, load: async () => (await import('./commands/crawl.js')).crawlCommand },
  audit: { summary: cliText.summary.audit, load: async () => (await import('./commands/audit.js')).auditCommand },
  export: { summary: cliText.summary.export, load: async () => (await import('./commands/export.js')).exportCommand },
  check: { summary: cliText.summary.check, load: async () => (await import('./commands/check.js')).checkCommand },
  rules: { summary: cliText.summary.rules, load: async () => (await import('./commands/rules.js')).rulesCommand },
  demo: { summary: cliText.summary.demo, load: async () => (await import('./commands/demo.js')).demoCommand },
  serve: { summary: cliText.summary.serve, load: async () => (await import('./commands/serve.js')).serveCommand },
  schedule: { summary: scheduleCliText.summary, usage: scheduleCliText.usage, load: async () => (await import('./commands/schedule.js')).scheduleCommand },
  mark: { summary: officeText.summary.mark, usage: officeText.usage.mark, load: async () => (await import('./commands/mark.js')).markCommand },
  manual: { summary: officeText.summary.manual, usage: officeText.usage.manual, load: async () => (await import('./commands/manual.js')).manualCommand },
  worker: { summary: workerCliText.summary, usage: workerCliText.usage, load: async () => (await import('./commands/worker.js')).workerCommand },
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  // Everything, the unknown-command path included, ends in an exit code: a stack trace is never
  // what a user sees for anything they typed.
  try {
    return await dispatch(argv);
  } catch (err) {
    return reportError(err);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(cliText.help(Object.entries(COMMANDS).map(([k, v]) => [k, v.summary])));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`gongkai ${version()}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`${cliText.unknownCommand(name, Object.keys(COMMANDS), nearestWord(name, Object.keys(COMMANDS)))}\n`);
    return 2;
  }
  const handler = await cmd.load();
  return await handler(rest);
}

/** Known errors become their zh-CN message and exit code; anything else is a failed run (1). */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    const command = err.command !== undefined && Object.hasOwn(COMMANDS, err.command) ? err.command : undefined;
    process.stderr.write(`${err.message}\n${cliText.seeHelp(command)}\n`);
    return 2;
  }
  if (err instanceof UserError) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (err instanceof StoreError) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  // Stack overflow, out of memory, a bug: the message is a program's, not the user's to act on.
  if (err instanceof RangeError || !(err instanceof Error)) {
    process.stderr.write(`${cliText.fatal}\n`);
  } else {
    process.stderr.write(`${cliText.runFailed(err.message)}\n`);
  }
  if (process.env.GONGKAI_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}

/** node:util parseArgs with zh-CN errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string, args: string[], options: T, allowPositionals = false,
) {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write((Object.hasOwn(COMMANDS, command) ? COMMANDS[command]!.usage : undefined) ?? cliText.commandHelp(command));
    return null;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(argumentProblem(command, args, options, err), command);
  }
  // No value of any option (paths, ids, dates, tokens) may hold a NUL byte: the file system and
  // SQLite would cut or refuse it with an English error further down.
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' && value.includes('\0')) throw new UsageError(cliText.nulInValue(command, `--${name}`), command);
  }
  if (parsed.positionals.some((p) => p.includes('\0'))) throw new UsageError(cliText.nulInValue(command, '参数'), command);
  return parsed;
}

/**
 * The zh-CN message for an argument parseArgs refused. The offending argument is found again from
 * parseArgs' own tokens rather than cut out of its English message, which breaks on quotes.
 */
function argumentProblem(command: string, args: string[], options: NonNullable<ParseArgsConfig['options']>, err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = typeof e.message === 'string' ? e.message : '';
  let tokens: ReturnType<typeof parseArgs>['tokens'] = [];
  try {
    tokens = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true }).tokens ?? [];
  } catch {
    // Lenient parsing does not throw; should it, the generic message below still applies.
  }
  const known = new Set(Object.keys(options));
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = tokens.find((t) => t.kind === 'option' && !known.has(t.name));
    const raw = unknown?.kind === 'option' ? unknown.rawName : (/'(.*?)'/.exec(message)?.[1] ?? '');
    const guess = nearestWord(raw.replace(/^-+/, ''), [...known]);
    return cliText.unknownOption(command, raw, guess === null ? null : `--${guess}`);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--([A-Za-z0-9-]+)/.exec(message)?.[1];
    const opt = name ? `--${name}` : '';
    if (name && options[name]?.type === 'boolean') return cliText.optionTakesNoValue(command, opt);
    if (/ambiguous/.test(message)) return cliText.optionValueLooksLikeOption(command, opt);
    return cliText.optionNeedsValue(command, opt);
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const extra = tokens.find((t) => t.kind === 'positional');
    return cliText.unexpectedPositional(command, extra?.kind === 'positional' ? extra.value : '');
  }
  return cliText.badArgs(command);
}

export function requireOption(command: string, value: string | undefined, name: string, form: string): string {
  if (value === undefined || value === '') throw new UsageError(cliText.missingOption(command, name, form), command);
  return value;
}

/** `--now` or today's local date. */
/**
 * The evaluation date: `now` when given (checked), else today in the office's time zone (not the
 * machine's: a server on UTC would otherwise evaluate yesterday until 08:00 Beijing time).
 */
export function evalDateFrom(now: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (now === undefined) return todayIn(timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now)) throw new UsageError(cliText.badDate(now));
  if (!isRealDate(now)) throw new UsageError(cliText.noSuchDay(now));
  if (!isPlausibleYear(now)) throw new UsageError(cliText.implausibleYear(now, MIN_YEAR, MAX_YEAR));
  return now;
}

export function parseUnitList(value: string | undefined, known: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError(cliText.emptyUnits);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new UsageError(cliText.unknownUnits(unknown, known));
  return ids;
}

export { loadConfig };
