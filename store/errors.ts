/** Errors that are the user's to fix: the CLI prints their zh-CN message and exits 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A wrong command line: printed with a pointer to --help (the command's own, when known). */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}
