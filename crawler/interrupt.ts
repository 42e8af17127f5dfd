/**
 * Ctrl-C / SIGTERM: the first one stops the crawl gracefully (in-flight pages finish and are saved,
 * the run stays resumable); a second one exits at once.
 */
import { crawlText } from './messages.zh-CN.js';
import type { Progress } from './progress.js';

export function interruptSignal(progress: Progress): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    progress.log(crawlText.interruptReceived);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
