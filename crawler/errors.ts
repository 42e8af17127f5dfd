/** Errors that are the user's to fix: the CLI prints their zh-CN message and exits 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A wrong command line: printed with a pointer to --help. */
export class UsageError extends UserError {
  override name = 'UsageError';
}
