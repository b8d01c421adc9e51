import { z } from 'zod';
import { lineString, unicodeString } from '../../core/strings.js';
import { emailSchema } from '../../core/users.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: unicodeString().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: lineString().trim().min(1).max(100),
});

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: unicodeString().min(1).max(PASSWORD_MAX_LENGTH),
});

export const refreshBodySchema = z.strictObject({
  refreshToken: unicodeString().min(1).max(2_048),
});

export const registeredUserSchema = z.strictObject({
  id: z.uuid(),
  email: z.email().max(254),
  name: z.string().max(100),
});

export const tokenPairSchema = z.strictObject({
  accessToken: z
    .string()
    .max(2_048)
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/),
  refreshToken: z
    .string()
    .max(2_048)
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/),
  tokenType: z.literal('Bearer'),
  expiresIn: z.int32().min(1).meta({ description: 'Seconds until the access token expires' }),
});

export type RegisterBody = z.output<typeof registerBodySchema>;
export type LoginBody = z.output<typeof loginBodySchema>;
export type RegisteredUser = z.output<typeof registeredUserSchema>;
export type TokenPair = z.output<typeof tokenPairSchema>;
