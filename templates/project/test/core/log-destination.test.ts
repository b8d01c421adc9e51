import { describe, expect, it } from 'vitest';
import { batchedDestination } from '../../src/core/log-destination.js';

function sink() {
  const writes: string[] = [];
  return { writes, write: (text: string) => void writes.push(text) };
}

describe('batched log destination', () => {
  it('holds short lines, then writes them in order in one block once 4 KiB are pending', () => {
    const target = sink();
    const destination = batchedDestination(target, 60_000);
    const line = `${'x'.repeat(99)}\n`;
    for (let index = 0; index < 40; index += 1) destination.write(line);
    expect(target.writes).toEqual([]);
    for (let index = 0; index < 2; index += 1) destination.write(line);
    expect(target.writes).toEqual([line.repeat(41)]);
    destination.flush();
    expect(target.writes).toEqual([line.repeat(41), line]);
  });

  it('writes a lone line within the delay', async () => {
    const target = sink();
    const destination = batchedDestination(target, 20);
    destination.write('{"msg":"alone"}\n');
    expect(target.writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(target.writes).toEqual(['{"msg":"alone"}\n']);
  });

  it('writes what is pending before calling back from flush, and reports a failed write', () => {
    const target = sink();
    const destination = batchedDestination(target, 60_000);
    destination.write('a\n');
    let called = false;
    destination.flush(() => {
      called = true;
      expect(target.writes).toEqual(['a\n']);
    });
    expect(called).toBe(true);
    const broken = batchedDestination(
      {
        write: () => {
          throw new Error('EPIPE');
        },
      },
      60_000,
    );
    broken.write('b\n');
    let reported: Error | undefined;
    broken.flush((error) => {
      reported = error;
    });
    expect(reported?.message).toBe('EPIPE');
  });
});
