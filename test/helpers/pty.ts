import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

// biome-ignore lint/suspicious/noControlCharactersInRegex: it matches ANSI escape sequences, which start with ESC
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/**
 * Runs a command inside a real pseudo-terminal (util-linux `script`), so the program sees
 * TTYs on stdin and stdout exactly as in a person's terminal.
 */
export class PtySession {
  private output = '';
  private cursor = 0;
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(command: string, options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { ...process.env, TERM: 'xterm-256color', ...options.env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code ?? -1)));
  }

  get text(): string {
    return this.output.replace(ANSI, '');
  }

  /** Waits until `needle` appears after everything matched so far. */
  async expect(needle: string, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const index = this.text.indexOf(needle, this.cursor);
      if (index >= 0) {
        this.cursor = index + needle.length;
        return;
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`timed out waiting for ${JSON.stringify(needle)}; output so far:\n${this.text}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  send(keys: string): void {
    this.child.stdin.write(keys);
  }

  async answer(prompt: string, keys: string): Promise<void> {
    await this.expect(prompt);
    this.send(keys);
  }
}

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03' } as const;
