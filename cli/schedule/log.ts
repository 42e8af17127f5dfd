/**
 * The scheduler's log: plain zh-CN lines, each with a local timestamp, appended to the log file and
 * written to stdout (systemd's journal catches that). Appended line by line, so a crash loses nothing
 * already said and `tail -f` shows it at once.
 */
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs } from '../../store/output-file.js';
import { localTime } from './messages.zh-CN.js';

export interface ScheduleLog {
  file: string;
  /** One or more lines (a multi-line text gets a timestamp on every line). */
  info(text: string): void;
}

export function openScheduleLog(file: string, out: NodeJS.WritableStream = process.stdout): ScheduleLog {
  makeDirs(dirname(file));
  return {
    file,
    info(text) {
      const stamp = localTime(new Date());
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => `${stamp} ${l}\n`).join('');
      if (lines === '') return;
      out.write(lines);
      try {
        appendFileSync(file, lines, 'utf8');
      } catch (err) {
        // The log file going away (disk full, removed directory) must not stop the nightly runs.
        out.write(`${stamp} 无法写入日志文件 ${file}（${(err as NodeJS.ErrnoException).code ?? String(err)}）\n`);
      }
    },
  };
}
