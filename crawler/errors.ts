/** Errors that are the user's to fix: the CLI prints their zh-CN message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
