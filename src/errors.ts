/** Exit codes: 0 success, 1 failure, 2 usage or validation error, 130 cancelled. */
export const EXIT = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
    this.name = 'UsageError';
  }
}

export class CancelledError extends CliError {
  constructor(message = 'Cancelled. Nothing was written.') {
    super(message, EXIT.cancelled);
    this.name = 'CancelledError';
  }
}
