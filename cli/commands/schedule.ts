/** `gongkai schedule`: nightly crawls with retention and alerts (cli/schedule/*, cli/alerts/*). */
import { dirname, isAbsolute, resolve } from 'node:path';
import { scheduleCliText } from '../text-schedule.zh-CN.js';
import { shown } from '../../rules/escape.js';
import { loadConfig, parseCommandArgs, requireOption } from '../main.js';
import { timeZoneOf } from '../../crawler/config.js';
import { UsageError } from '../../store/errors.js';
import { cronProblem } from '../../crawler/cron.js';
import { runScheduler } from '../schedule/scheduler.js';

const DEFAULT_KEEP = 30;
const DEFAULT_LOG = 'gongkai-schedule.log';

export async function scheduleCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('schedule', args, {
    config: { type: 'string' }, db: { type: 'string' }, cron: { type: 'string' }, keep: { type: 'string' },
    log: { type: 'string' }, once: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const configFile = resolve(requireOption('schedule', v.config, '--config', '区县配置文件，例如 --config gongkai.config.yaml'));
  // Validated now, so a mistake is told at once rather than at two in the morning.
  const config = loadConfig(configFile);
  const once = v.once ?? false;
  const cron = v.cron ?? config.schedule?.cron;
  if (cron === undefined && !once) throw new UsageError(scheduleCliText.missingCron);
  if (v.cron !== undefined) {
    const problem = cronProblem(v.cron);
    if (problem) throw new UsageError(scheduleCliText.badCron(problem));
  }
  let keepRuns = config.schedule?.keepRuns ?? DEFAULT_KEEP;
  if (v.keep !== undefined) {
    if (!/^\d+$/.test(v.keep) || Number(v.keep) < 1) throw new UsageError(scheduleCliText.badKeep(shown(v.keep)));
    keepRuns = Number(v.keep);
  }
  const logSetting = v.log ?? config.schedule?.logFile ?? DEFAULT_LOG;
  // The flag is read like any path on the command line; the config's path is relative to the config file.
  const logFile = v.log !== undefined ? resolve(v.log) : isAbsolute(logSetting) ? logSetting : resolve(dirname(configFile), logSetting);
  return runScheduler({ configFile, dbFile: resolve(v.db ?? 'gongkai.sqlite'), cron: cron ?? '', keepRuns, logFile, once, timeZone: timeZoneOf(config) });
}
