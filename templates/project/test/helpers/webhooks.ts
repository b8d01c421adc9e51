import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { WebhookPreset } from '../../src/core/webhooks/signatures.js';
import { webhooks } from '../../src/webhooks/index.js';

/**
 * Signs deliveries the way each provider does, written from the providers' documentation
 * (not from src/core/webhooks), so the tests check the verifier against the format.
 */

export interface TestSecrets {
  /** The newest secret: the one providers sign with after a rotation. */
  readonly current: string;
  /** The secret being rotated out: still accepted. */
  readonly previous: string;
  /** A secret the server does not know. */
  readonly unknown: string;
}

function bytesOf(label: string, length: number): Buffer {
  return createHash('sha512').update(label).digest().subarray(0, length);
}

/** Fixed, well-formed secrets for a receiver: tests sign with them. */
export function webhookTestSecrets(name: string, preset: WebhookPreset): TestSecrets {
  const make = (label: string) => {
    const bytes = bytesOf(`${name}:${label}`, 32);
    if (preset === 'standard') return `whsec_${bytes.toString('base64')}`;
    if (preset === 'stripe') return `whsec_${bytes.toString('hex')}`;
    return bytes.toString('hex');
  };
  return { current: make('current'), previous: make('previous'), unknown: make('unknown') };
}

export function secretsVariable(name: string): string {
  return `WEBHOOK_${name.replace(/-/g, '_').toUpperCase()}_SECRETS`;
}

/** WEBHOOK_<NAME>_SECRETS of every registered receiver: its current and previous test secrets. */
export function webhookTestEnv(): Record<string, string> {
  return Object.fromEntries(
    webhooks.map(({ name, preset }) => {
      const secrets = webhookTestSecrets(name, preset);
      return [secretsVariable(name), `${secrets.current},${secrets.previous}`];
    }),
  );
}

export interface SignOptions {
  /** Unix seconds; now by default. */
  readonly timestamp?: number;
  /** The delivery id (Standard Webhooks `webhook-id`, GitHub `X-GitHub-Delivery`); random by default. */
  readonly id?: string;
  /** Signatures sent before the good one (rotation on the sender's side). */
  readonly before?: readonly string[];
}

function hmac(secret: Buffer | string, text: Buffer): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

/** The headers a provider sends with `body`, signed with `secret`. */
export function signedHeaders(preset: WebhookPreset, secret: string, body: Buffer, options: SignOptions = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const id = options.id ?? `msg_${randomUUID()}`;
  const before = options.before ?? [];
  switch (preset) {
    case 'standard': {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const signature = hmac(key, Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body])).toString('base64');
      return {
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': [...before.map((s) => `v1,${s}`), `v1,${signature}`].join(' '),
      };
    }
    case 'stripe': {
      const signature = hmac(secret, Buffer.concat([Buffer.from(`${timestamp}.`), body])).toString('hex');
      return { 'stripe-signature': [`t=${timestamp}`, ...before.map((s) => `v1=${s}`), `v1=${signature}`].join(',') };
    }
    case 'github': {
      const signature = hmac(secret, body).toString('hex');
      return {
        'x-hub-signature-256': [...before.map((s) => `sha256=${s}`), `sha256=${signature}`].join(','),
        'x-github-delivery': id,
        'x-github-event': 'issues',
      };
    }
    case 'slack': {
      const signature = hmac(secret, Buffer.concat([Buffer.from(`v0:${timestamp}:`), body])).toString('hex');
      return {
        'x-slack-signature': [...before.map((s) => `v0=${s}`), `v0=${signature}`].join(','),
        'x-slack-request-timestamp': timestamp,
      };
    }
  }
}

/** A wrong signature in the format of each provider (base64 or hex of 32 random-looking bytes). */
export function wrongSignature(preset: WebhookPreset, seed: string): string {
  const bytes = bytesOf(seed, 32);
  return preset === 'standard' ? bytes.toString('base64') : bytes.toString('hex');
}

/** A small event of the provider's shape; `id` makes it unique. */
export function sampleEvent(preset: WebhookPreset, id: string): Buffer {
  switch (preset) {
    case 'standard':
      return Buffer.from(JSON.stringify({ type: 'invoice.paid', timestamp: '2026-01-02T03:04:05Z', data: { invoice: id } }));
    case 'stripe':
      return Buffer.from(JSON.stringify({ id: `evt_${id}`, object: 'event', type: 'invoice.paid', data: { object: { id: `in_${id}` } } }));
    case 'github':
      return Buffer.from(JSON.stringify({ action: 'opened', issue: { number: 1, title: id } }));
    case 'slack':
      return Buffer.from(JSON.stringify({ type: 'event_callback', event_id: `Ev${id}`, event: { type: 'app_mention', text: id } }));
  }
}

/** The header names that carry the signature, per provider (a test drops or garbles them). */
export const SIGNATURE_HEADER: Readonly<Record<WebhookPreset, string>> = {
  standard: 'webhook-signature',
  stripe: 'stripe-signature',
  github: 'x-hub-signature-256',
  slack: 'x-slack-signature',
};
