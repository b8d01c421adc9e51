import { z } from 'zod';
import { HttpError } from '../errors.js';
import { logSecurityEvent } from '../logger.js';
import { operationsOf, PUBLIC, type Operation, type OperationContext, type RawBody } from '../operation.js';
import { noQuerySchema } from '../pagination.js';
import { parseInput } from '../validation.js';
import { parseDelivery, slackChallenge } from './events.js';
import type { WebhookServices } from './service.js';
import { verifyDelivery } from './signatures.js';
import type { Webhook } from './webhook.js';

/** What a receiver answers: `received` once processed, `duplicate` for a repeat, Slack's `challenge` when it checks the URL. */
export const receiptSchema = z.strictObject({
  received: z.literal(true).optional(),
  duplicate: z.literal(true).optional(),
  challenge: z.string().max(1_024).optional(),
});

type Receipt = z.input<typeof receiptSchema>;

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, __: string, letter: string) => letter.toUpperCase());

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Receives one delivery (SEC-W1): verifies the signature on the exact bytes (401, logged
 * at warn with the endpoint and never the body), then parses them (400 for bad JSON or a
 * forbidden key), answers Slack's URL check, validates the event, claims the delivery
 * (a repeat is 200 `{duplicate:true}`, one still in progress 409), runs the handler and
 * marks it done; a handler that throws releases the claim and gives a generic 500.
 */
async function receive(webhook: Webhook, body: RawBody, context: OperationContext<WebhookServices>): Promise<Receipt> {
  const { settings, claims, db, logger } = context.services.webhooks;
  const now = Date.now();
  const verification = verifyDelivery(
    webhook.preset,
    { headers: context.headers, body: body.bytes },
    settings.keys[webhook.name] ?? [],
    Math.floor(now / 1_000),
  );
  if (!verification.ok) {
    logSecurityEvent(logger, 'webhook_rejected', {
      endpoint: `/webhooks/${webhook.name}`,
      reason: verification.reason,
      requestId: context.requestId,
    });
    throw new HttpError('unauthorized', { detail: 'The webhook signature is missing, invalid or outside its time window' });
  }
  const delivery = parseDelivery(webhook.preset, body.bytes, body.mediaType, verification.deliveryId);
  if (webhook.preset === 'slack') {
    const challenge = slackChallenge(delivery.event);
    if (challenge !== undefined) return { challenge };
  }
  const event = parseInput(webhook.eventSchema, delivery.event, 'body');
  const claim = await claims.claim(webhook.name, delivery.dedupeKeys, new Date(now));
  if (claim === 'done') return { duplicate: true };
  if (claim === 'processing') throw new HttpError('conflict', { detail: 'This delivery is being processed; retry later' });
  try {
    await webhook.handle(event, {
      webhook: webhook.name,
      deliveryId: verification.deliveryId,
      eventName: webhook.preset === 'github' ? single(context.headers['x-github-event']) : undefined,
      requestId: context.requestId,
      db,
      logger,
    });
  } catch (error) {
    await claims.release(webhook.name, delivery.dedupeKeys);
    logger.error(
      { err: error, webhook: webhook.name, requestId: context.requestId },
      'webhook handler failed; the delivery was released for a retry',
    );
    throw new HttpError('internal_error');
  }
  await claims.complete(webhook.name, delivery.dedupeKeys);
  return { received: true };
}

/** One public POST /webhooks/<name> operation per receiver; its signature is its only credential. */
export function webhookOperations(webhooks: readonly Webhook[]): readonly Operation<WebhookServices>[] {
  const define = operationsOf<WebhookServices>();
  return webhooks.map((webhook) =>
    define({
      method: 'POST',
      path: `/webhooks/${webhook.name}`,
      operationId: `webhook${pascal(webhook.name)}`,
      summary: `Receive a ${webhook.preset} webhook delivery for ${webhook.name}`,
      tag: 'webhooks',
      access: PUBLIC,
      query: noQuerySchema,
      body: {
        kind: 'raw',
        mediaTypes: webhook.preset === 'slack' ? [JSON_TYPE, FORM_TYPE] : [JSON_TYPE],
        maxBytes: (services) => services.webhooks.settings.bodyLimit,
      },
      success: { status: 200, description: 'Received, or a repeat of a delivery already received', schema: receiptSchema },
      errors: [400, 401, 409, 413, 415, 500],
      handle: ({ body }, context) => receive(webhook, body, context),
    }),
  );
}
