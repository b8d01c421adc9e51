import { z } from 'zod';
import { durationVar, sizeVar, type ConfigIssue } from '../env.js';
import type { ConfigSection } from '../modules.js';
import { signingKeyOf, type SigningKey, type WebhookPreset } from './signatures.js';

/** What a receiver needs from the configuration: its name and format. */
export interface WebhookEndpoint {
  readonly name: string;
  readonly preset: WebhookPreset;
}

export interface WebhookSettings {
  /** WEBHOOK_BODY_LIMIT: larger deliveries get 413 before they are read to the end. */
  readonly bodyLimit: number;
  /** WEBHOOK_DEDUPE_TTL: how long a processed delivery is remembered. */
  readonly dedupeTtlMs: number;
  /** The signing keys of each receiver, newest first (WEBHOOK_<NAME>_SECRETS). */
  readonly keys: Readonly<Record<string, readonly SigningKey[]>>;
}

/** The placeholder `.env` holds for secrets only the provider can issue; refused in production. */
export const PROVIDER_SECRET_PLACEHOLDER = 'replace-with-the-signing-secret-from-the-provider';

/** WEBHOOK_<NAME>_SECRETS for a kebab-case receiver name. */
export function secretsVariable(name: string): string {
  return `WEBHOOK_${name.replace(/-/g, '_').toUpperCase()}_SECRETS`;
}

const secretList = z.string({ error: 'is required: a comma list of signing secrets, newest first' });

/**
 * WEBHOOK_BODY_LIMIT, WEBHOOK_DEDUPE_TTL and one WEBHOOK_<NAME>_SECRETS per receiver.
 * Every secret is checked against its provider's format; the placeholder of `.env` is
 * accepted outside production only (it verifies nothing a provider signs).
 */
export function webhookConfig(endpoints: readonly WebhookEndpoint[]) {
  const env = {
    WEBHOOK_BODY_LIMIT: sizeVar(1_024, 25 * 1_048_576).prefault('1mb'),
    WEBHOOK_DEDUPE_TTL: durationVar(60_000, 365 * 86_400_000).prefault('7d'),
    ...Object.fromEntries(endpoints.map((endpoint) => [secretsVariable(endpoint.name), secretList])),
  };
  const section: ConfigSection<typeof env, WebhookSettings> = {
    env,
    read(vars, production) {
      const issues: ConfigIssue[] = [];
      const keys: Record<string, readonly SigningKey[]> = {};
      const values = vars as unknown as Readonly<Record<string, string>>;
      for (const { name, preset } of endpoints) {
        const variable = secretsVariable(name);
        const secrets = (values[variable] ?? '')
          .split(',')
          .map((secret) => secret.trim())
          .filter((secret) => secret !== '');
        if (secrets.length === 0) {
          issues.push({ variable, message: 'must list at least one signing secret' });
          continue;
        }
        // The placeholder verifies nothing: accepted outside production so `npm run dev` starts.
        const real = secrets.filter((secret) => secret !== PROVIDER_SECRET_PLACEHOLDER);
        if (real.length < secrets.length && production) {
          issues.push({ variable, message: "is the placeholder from .env; set the provider's signing secret" });
        }
        const parsed = real.map((secret) => signingKeyOf(preset, secret));
        const problem = parsed.find((key): key is string => typeof key === 'string');
        if (problem !== undefined) issues.push({ variable, message: problem });
        keys[name] = parsed.filter((key): key is SigningKey => typeof key !== 'string');
      }
      return { settings: { bodyLimit: vars.WEBHOOK_BODY_LIMIT, dedupeTtlMs: vars.WEBHOOK_DEDUPE_TTL, keys }, issues };
    },
  };
  return section;
}
