import type { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { WebhookEndpoint } from './config.js';
import type { WebhookPreset } from './signatures.js';

/** What a webhook handler is given beside the event. */
export interface WebhookContext {
  /** The receiver's name: /webhooks/<name>. */
  readonly webhook: string;
  /** The provider's delivery id, where its format has one (Standard Webhooks, GitHub). */
  readonly deliveryId: string | undefined;
  /** GitHub's `X-GitHub-Event` (push, issues, ...); undefined for the other providers. */
  readonly eventName: string | undefined;
  readonly requestId: string;
  readonly db: Db;
  readonly logger: Logger;
}

/**
 * The user's side of a receiver (src/webhooks/<name>/handler.ts): the schema of the
 * events it reads, and what it does with one. `handle` runs once per delivery, after the
 * signature is verified and the delivery claimed; throwing releases the claim, so the
 * provider's retry runs it again.
 */
export interface WebhookHandler<S extends z.ZodType> {
  readonly eventSchema: S;
  handle(event: z.output<S>, context: WebhookContext): Promise<void>;
}

/** A receiver as the API lists it. */
export interface Webhook extends WebhookEndpoint {
  readonly eventSchema: z.ZodType;
  handle(event: unknown, context: WebhookContext): Promise<void>;
}

/** A receiver at /webhooks/<name> verifying `preset`'s signatures, with its handler. */
export function defineWebhook<S extends z.ZodType>(name: string, preset: WebhookPreset, handler: WebhookHandler<S>): Webhook {
  return {
    name,
    preset,
    eventSchema: handler.eventSchema,
    handle: (event, context) => handler.handle(event as z.output<S>, context),
  };
}
