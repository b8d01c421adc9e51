import { createColors } from 'picocolors';

/** Colours only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export const c = createColors(colorEnabled());

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface Progress {
  succeed(text: string): void;
  fail(text: string): void;
}

/** A spinner on a terminal; a plain start line elsewhere (CI logs stay readable). */
export function progress(text: string, stream: NodeJS.WriteStream = process.stdout): Progress {
  const started = Date.now();
  if (!stream.isTTY) {
    stream.write(`${text}...\n`);
    return {
      succeed: (done) => stream.write(`${c.green('✔')} ${done} (${formatDuration(Date.now() - started)})\n`),
      fail: (done) => stream.write(`${c.red('✖')} ${done} (${formatDuration(Date.now() - started)})\n`),
    };
  }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    stream.write(`\r\x1b[2K${c.cyan(frames[frame++ % frames.length] ?? '')} ${text} ${c.dim(`${seconds}s`)}`);
  };
  draw();
  const timer = setInterval(draw, 80);
  const end = (mark: string, done: string) => {
    clearInterval(timer);
    stream.write(`\r\x1b[2K${mark} ${done} ${c.dim(`(${formatDuration(Date.now() - started)})`)}\n`);
  };
  return {
    succeed: (done) => end(c.green('✔'), done),
    fail: (done) => end(c.red('✖'), done),
  };
}
