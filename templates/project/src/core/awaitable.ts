/**
 * A value, or a promise of one. In-memory stores and local checks answer at once; a
 * shared store (Redis, a database) answers later. Callers `await` it either way.
 */
export type Awaitable<T> = T | Promise<T>;
