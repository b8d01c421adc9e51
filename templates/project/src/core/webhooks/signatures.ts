import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHeaders } from '../principal.js';

/** The webhook formats this project verifies (SPEC SEC-W1). */
export const WEBHOOK_PRESETS = ['standard', 'stripe', 'github', 'slack'] as const;
export type WebhookPreset = (typeof WEBHOOK_PRESETS)[number];

/** Providers that sign a timestamp: deliveries more than this far from now (either way) are refused. */
export const TOLERANCE_SECONDS = 300;

/** A delivery as the verifier sees it: the request headers (lower-case names) and the exact body bytes. */
export interface SignedRequest {
  readonly headers: RequestHeaders;
  readonly body: Buffer;
}

/** Why a delivery was refused: logged at warn, never sent to the caller. */
export type RejectionReason = 'missing_signature' | 'malformed_signature' | 'stale_timestamp' | 'bad_signature';

export type Verification =
  | {
      readonly ok: true /** The provider's id of this delivery, from a signed or accompanying header. */;
      readonly deliveryId: string | undefined;
    }
  | { readonly ok: false; readonly reason: RejectionReason };

/** The bytes a secret signs with, made once when the configuration is read. */
export interface SigningKey {
  readonly key: Buffer;
}

const refuse = (reason: RejectionReason): Verification => ({ ok: false, reason });

/** One header's value, or undefined when absent, empty or repeated (a repeated signature header is not trusted). */
function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** True when any signature equals any expected digest; compares in constant time, only at equal lengths. */
function anyMatches(signatures: readonly Buffer[], expected: readonly Buffer[]): boolean {
  let matched = false;
  for (const digest of expected) {
    for (const signature of signatures) {
      if (signature.length === digest.length && timingSafeEqual(signature, digest)) matched = true;
    }
  }
  return matched;
}

function hmac(key: Buffer, ...parts: readonly (string | Buffer)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

const HEX_64 = /^[0-9a-f]{64}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SECONDS = /^\d{1,12}$/;

/** A Unix time in seconds within the tolerance of `nowSeconds`, or a reason to refuse. */
function timestampProblem(text: string | undefined, nowSeconds: number): RejectionReason | undefined {
  if (text === undefined) return 'missing_signature';
  if (!SECONDS.test(text)) return 'malformed_signature';
  return Math.abs(nowSeconds - Number(text)) > TOLERANCE_SECONDS ? 'stale_timestamp' : undefined;
}

/** Standard Webhooks: `webhook-signature: v1,<base64> v1,<base64>` over `id.timestamp.body`. */
function verifyStandard(request: SignedRequest, keys: readonly SigningKey[], nowSeconds: number): Verification {
  const id = header(request.headers, 'webhook-id');
  const timestamp = header(request.headers, 'webhook-timestamp');
  const signatureHeader = header(request.headers, 'webhook-signature');
  if (id === undefined || signatureHeader === undefined) return refuse('missing_signature');
  const late = timestampProblem(timestamp, nowSeconds);
  if (late !== undefined) return refuse(late);
  const signatures = signatureHeader
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3))
    .filter((value) => BASE64.test(value))
    .map((value) => Buffer.from(value, 'base64'));
  if (signatures.length === 0) return refuse('malformed_signature');
  const expected = keys.map(({ key }) => hmac(key, `${id}.${timestamp}.`, request.body));
  return anyMatches(signatures, expected) ? { ok: true, deliveryId: id } : refuse('bad_signature');
}

/** Stripe: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>]` over `t.body`. */
function verifyStripe(request: SignedRequest, keys: readonly SigningKey[], nowSeconds: number): Verification {
  const signatureHeader = header(request.headers, 'stripe-signature');
  if (signatureHeader === undefined) return refuse('missing_signature');
  const pairs = signatureHeader.split(',').map((pair) => {
    const at = pair.indexOf('=');
    return at === -1 ? ['', ''] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
  });
  const timestamps = pairs.filter(([name]) => name === 't').map(([, value]) => value);
  if (timestamps.length !== 1) return refuse('malformed_signature');
  const timestamp = timestamps[0];
  const late = timestampProblem(timestamp, nowSeconds);
  if (late !== undefined) return refuse(late);
  const signatures = pairs
    .filter(([name, value]) => name === 'v1' && HEX_64.test(value ?? ''))
    .map(([, value]) => Buffer.from(value ?? '', 'hex'));
  if (signatures.length === 0) return refuse('malformed_signature');
  const expected = keys.map(({ key }) => hmac(key, `${timestamp}.`, request.body));
  return anyMatches(signatures, expected) ? { ok: true, deliveryId: undefined } : refuse('bad_signature');
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body; GitHub signs no time. */
function verifyGithub(request: SignedRequest, keys: readonly SigningKey[]): Verification {
  const signatureHeader = header(request.headers, 'x-hub-signature-256');
  if (signatureHeader === undefined) return refuse('missing_signature');
  const signatures = signatureHeader
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('sha256=') && HEX_64.test(entry.slice(7)))
    .map((entry) => Buffer.from(entry.slice(7), 'hex'));
  if (signatures.length === 0) return refuse('malformed_signature');
  const expected = keys.map(({ key }) => hmac(key, request.body));
  return anyMatches(signatures, expected)
    ? { ok: true, deliveryId: header(request.headers, 'x-github-delivery') }
    : refuse('bad_signature');
}

/** Slack: `X-Slack-Signature: v0=<hex>` and `X-Slack-Request-Timestamp` over `v0:timestamp:body`. */
function verifySlack(request: SignedRequest, keys: readonly SigningKey[], nowSeconds: number): Verification {
  const signatureHeader = header(request.headers, 'x-slack-signature');
  const timestamp = header(request.headers, 'x-slack-request-timestamp');
  if (signatureHeader === undefined) return refuse('missing_signature');
  const late = timestampProblem(timestamp, nowSeconds);
  if (late !== undefined) return refuse(late);
  const signatures = signatureHeader
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v0=') && HEX_64.test(entry.slice(3)))
    .map((entry) => Buffer.from(entry.slice(3), 'hex'));
  if (signatures.length === 0) return refuse('malformed_signature');
  const expected = keys.map(({ key }) => hmac(key, `v0:${timestamp}:`, request.body));
  return anyMatches(signatures, expected) ? { ok: true, deliveryId: undefined } : refuse('bad_signature');
}

/**
 * Checks a delivery's signature in the provider's own format against every key (newest
 * first; all are tried so rotation works on both sides) and every signature in the
 * header, on the exact bytes received, before anything is parsed. `nowSeconds` is the
 * current Unix time; timestamped formats refuse deliveries more than 300 s away from it.
 */
export function verifyDelivery(
  preset: WebhookPreset,
  request: SignedRequest,
  keys: readonly SigningKey[],
  nowSeconds: number,
): Verification {
  switch (preset) {
    case 'standard':
      return verifyStandard(request, keys, nowSeconds);
    case 'stripe':
      return verifyStripe(request, keys, nowSeconds);
    case 'github':
      return verifyGithub(request, keys);
    case 'slack':
      return verifySlack(request, keys, nowSeconds);
  }
}

const STANDARD_SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;

/**
 * The signing key of one configured secret, or a problem with it (never quoting it).
 * Standard Webhooks keys are the base64 after `whsec_`; Stripe signs with the whole
 * `whsec_…` string; GitHub and Slack with the secret's UTF-8 bytes.
 */
export function signingKeyOf(preset: WebhookPreset, secret: string): SigningKey | string {
  if (preset === 'standard') {
    const match = STANDARD_SECRET.exec(secret);
    const key = match === null ? undefined : Buffer.from(match[1] ?? '', 'base64');
    if (key === undefined || key.length < 24 || key.length > 64)
      return 'each secret must be whsec_ followed by 24 to 64 base64-encoded bytes';
    return { key };
  }
  if (preset === 'stripe' && !secret.startsWith('whsec_')) return 'each secret must be a Stripe signing secret (whsec_…)';
  if (Buffer.byteLength(secret) < 16) return 'each secret must be at least 16 bytes long';
  return { key: Buffer.from(secret, 'utf8') };
}

/** The SHA-256 of a body, hex: a dedupe key for providers whose deliveries carry no id of their own. */
export function bodyDigest(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
