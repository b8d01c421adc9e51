import { describe, expect, it } from 'vitest';
import { whenSettled } from '../../src/core/awaitable.js';

function settle<T>(value: T | Promise<T>, use: (value: T) => void = () => undefined) {
  return new Promise<{ used?: T; failed?: Error }>((resolve) => {
    whenSettled(
      value,
      (settled) => {
        use(settled);
        resolve({ used: settled });
      },
      (error) => resolve({ failed: error }),
    );
  });
}

describe('whenSettled', () => {
  it('uses a plain value within the same tick', () => {
    let used: number | undefined;
    whenSettled(7, (value) => (used = value), () => undefined);
    expect(used).toBe(7);
  });

  it('waits for a promise', async () => {
    expect(await settle(Promise.resolve('later'))).toEqual({ used: 'later' });
  });

  it('hands a rejection to fail, as an Error', async () => {
    const { failed } = await settle(Promise.reject(new Error('store down')));
    expect(failed?.message).toBe('store down');
    const { failed: wrapped } = await settle(Promise.reject('not an error'));
    expect(wrapped).toBeInstanceOf(Error);
  });

  it('hands an error thrown by use after waiting to fail', async () => {
    const { failed } = await settle(Promise.resolve(1), () => {
      throw new Error('handler failed');
    });
    expect(failed?.message).toBe('handler failed');
  });
});
