import { z } from 'zod';
import { queryNumber } from './validation.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const listQuerySchema = z.strictObject({
  limit: queryNumber(z.int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)).meta({
    description: `Items per page, 1-${MAX_PAGE_SIZE}.`,
  }),
  cursor: z
    .string()
    .max(256)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional()
    .meta({ description: 'The nextCursor of the previous page, unchanged.' }),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/** Routes without query parameters still refuse unknown ones. */
export const noQuerySchema = z.strictObject({});

export const idParamsSchema = z.strictObject({ id: z.uuid() });

export interface Page<Item> {
  readonly data: Item[];
  readonly nextCursor: string | null;
}

export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.strictObject({
    data: z.array(item).max(MAX_PAGE_SIZE),
    nextCursor: z
      .string()
      .max(256)
      .regex(/^[A-Za-z0-9_-]+$/)
      .nullable(),
  });
}
