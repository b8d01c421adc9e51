import { ConfigError } from '../core/env.js';

export interface Failure {
  readonly message: string;
  readonly exitCode: number;
}

/**
 * Runs a command's `main` and exits with the code it returns. A failure prints one line and
 * exits 1: a configuration error names the variable (never its value), anything else is
 * reported without a stack. `describe` lets a command word its own errors and pick their code.
 */
export function runMain(main: () => Promise<number>, describe: (error: unknown) => Failure | undefined = () => undefined): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const failure = describe(error) ?? {
        message: error instanceof ConfigError ? error.message : `Failed: ${String(error)}`,
        exitCode: 1,
      };
      console.error(failure.message);
      process.exitCode = failure.exitCode;
    },
  );
}
