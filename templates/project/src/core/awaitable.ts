/**
 * A value, or a promise of one. In-memory stores and local checks answer at once; a
 * shared store (Redis, a database) answers later. Hot paths take the value as it is
 * and only wait when there is something to wait for.
 */
export type Awaitable<T> = T | Promise<T>;

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));

/**
 * Calls `use` with the value: at once when it is there, else once the promise settles.
 * A rejection, or an error thrown by `use` after waiting, goes to `fail` as an Error.
 */
export function whenSettled<T>(value: Awaitable<T>, use: (value: T) => void, fail: (error: Error) => void): void {
  if (!(value instanceof Promise)) {
    use(value);
    return;
  }
  value.then(
    (settled) => {
      try {
        use(settled);
      } catch (error) {
        fail(asError(error));
      }
    },
    (error: unknown) => fail(asError(error)),
  );
}
