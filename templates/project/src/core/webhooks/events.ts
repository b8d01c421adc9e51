import { HttpError } from '../errors.js';
import { parseJsonBody } from '../json.js';
import { bodyDigest, type WebhookPreset } from './signatures.js';

/** A verified delivery, parsed: the event and the keys that identify it for deduplication. */
export interface ParsedDelivery {
  readonly event: unknown;
  /** Every key is claimed; a delivery matching any claimed key is a repeat. */
  readonly dedupeKeys: readonly string[];
}

const FORM = 'application/x-www-form-urlencoded';

function field(event: unknown, name: string): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const value: unknown = (event as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Slack sends interactive payloads form-encoded, the JSON in one `payload` field; events
 * arrive as JSON. Either way the JSON goes through the `__proto__` guard.
 */
function slackEvent(body: Buffer, mediaType: string): unknown {
  if (mediaType !== FORM) return parseJsonBody(body.toString('utf8'));
  const form = new URLSearchParams(body.toString('utf8'));
  const payload = form.getAll('payload');
  if (payload.length !== 1 || [...form.keys()].length !== 1) {
    throw new HttpError('bad_request', { detail: 'A form-encoded delivery must hold exactly one "payload" field' });
  }
  return parseJsonBody(payload[0] ?? '');
}

/**
 * Parses a delivery whose signature has been verified (never before: SEC-W1) and names its
 * dedupe keys: the Standard Webhooks `webhook-id`; Stripe's event `id`; GitHub's
 * `X-GitHub-Delivery` and the body's SHA-256 (a redelivery under a new id is still a
 * repeat); Slack's `event_id`, else the body's SHA-256.
 */
export function parseDelivery(preset: WebhookPreset, body: Buffer, mediaType: string, deliveryId: string | undefined): ParsedDelivery {
  const event = preset === 'slack' ? slackEvent(body, mediaType) : parseJsonBody(body.toString('utf8'));
  const digest = `sha256:${bodyDigest(body)}`;
  switch (preset) {
    case 'standard':
      return { event, dedupeKeys: [deliveryId === undefined ? digest : `id:${deliveryId}`] };
    case 'stripe': {
      const id = field(event, 'id');
      return { event, dedupeKeys: [id === undefined ? digest : `event:${id}`] };
    }
    case 'github':
      return { event, dedupeKeys: deliveryId === undefined ? [digest] : [`delivery:${deliveryId}`, digest] };
    case 'slack': {
      const id = field(event, 'event_id');
      return { event, dedupeKeys: [id === undefined ? digest : `event:${id}`] };
    }
  }
}

/** Slack's URL check when an endpoint is saved: the challenge to echo, once the request is verified. */
export function slackChallenge(event: unknown): string | undefined {
  return field(event, 'type') === 'url_verification' ? field(event, 'challenge') : undefined;
}
