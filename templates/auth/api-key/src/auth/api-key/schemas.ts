import { z } from 'zod';
import { lineString } from '../../core/strings.js';
import { ID_LENGTH, KEY_LENGTH } from './format.js';

export const keyIdSchema = z
  .string()
  .length(ID_LENGTH)
  .regex(/^[0-9A-Za-z]+$/);

export const keyIdParamsSchema = z.strictObject({ id: keyIdSchema });

export const createKeyBodySchema = z.strictObject({
  name: lineString().trim().min(1).max(100),
  /** Checked against the declared scopes by the service: an unknown one is 400. */
  scopes: z.array(z.string().min(1).max(50)).min(1).max(100),
  expiresIn: z
    .int()
    .min(60)
    .max(3_650 * 86_400)
    .optional()
    .meta({ description: 'Seconds until the key expires; API_KEY_DEFAULT_TTL when absent, at most API_KEY_MAX_TTL' }),
});

export const rotateKeyBodySchema = z.strictObject({
  graceSeconds: z
    .int()
    .min(0)
    .max(30 * 86_400)
    .optional()
    .meta({ description: 'How long the old key keeps working (at most API_KEY_MAX_GRACE; default one hour, or less)' }),
});

export const keyMetadataSchema = z.strictObject({
  id: keyIdSchema,
  name: z.string().max(100),
  start: z.string().max(32).meta({ description: 'The public start of the key, to recognise it' }),
  scopes: z.array(z.string().max(50)).max(100),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  replacedBy: keyIdSchema.nullable(),
});

export const keyListSchema = z.strictObject({ data: z.array(keyMetadataSchema).max(1_000) });

export const createdKeySchema = z.strictObject({
  id: keyIdSchema,
  name: z.string().max(100),
  start: z.string().max(32),
  scopes: z.array(z.string().max(50)).max(100),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  key: z.string().length(KEY_LENGTH).meta({ description: 'The key: shown in this response only, never again' }),
});

export type CreateKeyBody = z.output<typeof createKeyBodySchema>;
export type KeyMetadata = z.output<typeof keyMetadataSchema>;
export type CreatedKey = z.output<typeof createdKeySchema>;
