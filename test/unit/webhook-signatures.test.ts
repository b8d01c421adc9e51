import { createHmac, randomBytes } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { parseDelivery, slackChallenge } from '../../templates/project/src/core/webhooks/events.js';
import {
  signingKeyOf,
  verifyDelivery,
  type SigningKey,
  type Verification,
  type WebhookPreset,
} from '../../templates/project/src/core/webhooks/signatures.js';

// The generated project's verifiers, checked against the providers' own signers
// (stripe's generateTestHeaderString, standardwebhooks, @octokit/webhooks-methods); Slack
// publishes no signer, so its case signs by its documented recipe.

const stripe = new Stripe('sk_test_reference_signer');
const NOW = 1_790_000_000;

function keyOf(preset: WebhookPreset, secret: string): SigningKey {
  const key = signingKeyOf(preset, secret);
  if (typeof key === 'string') throw new Error(key);
  return key;
}

interface Signer {
  readonly preset: WebhookPreset;
  newSecret(): string;
  /** The provider's headers for `body` signed with `secret` at `timestamp` (seconds). */
  sign(secret: string, body: string, timestamp: number): Promise<Record<string, string>>;
  /** The header whose signatures a test drops, empties, garbles or multiplies. */
  readonly header: string;
  /** The header value carrying these signatures (values as the provider writes them). */
  withSignatures(headers: Record<string, string>, signatures: readonly string[]): Record<string, string>;
  /** The signature values in a header value. */
  signaturesOf(headers: Record<string, string>): string[];
  readonly timed: boolean;
}

const signers: readonly Signer[] = [
  {
    preset: 'standard',
    newSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
    async sign(secret, body, timestamp) {
      const id = `msg_${randomBytes(8).toString('hex')}`;
      const signature = new StandardWebhook(secret).sign(id, new Date(timestamp * 1000), body);
      return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    },
    header: 'webhook-signature',
    withSignatures: (headers, signatures) => ({ ...headers, 'webhook-signature': signatures.map((s) => `v1,${s}`).join(' ') }),
    signaturesOf: (headers) => (headers['webhook-signature'] ?? '').split(' ').map((s) => s.slice(3)),
    timed: true,
  },
  {
    preset: 'stripe',
    newSecret: () => `whsec_${randomBytes(24).toString('hex')}`,
    async sign(secret, body, timestamp) {
      return { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) };
    },
    header: 'stripe-signature',
    withSignatures: (headers, signatures) => {
      const t = (headers['stripe-signature'] ?? '').split(',').find((pair) => pair.startsWith('t=')) ?? '';
      return { ...headers, 'stripe-signature': [t, ...signatures.map((s) => `v1=${s}`)].join(',') };
    },
    signaturesOf: (headers) =>
      (headers['stripe-signature'] ?? '')
        .split(',')
        .filter((p) => p.startsWith('v1='))
        .map((p) => p.slice(3)),
    timed: true,
  },
  {
    preset: 'github',
    newSecret: () => randomBytes(20).toString('hex'),
    async sign(secret, body) {
      return { 'x-hub-signature-256': await githubSign(secret, body), 'x-github-delivery': 'a1b2c3' };
    },
    header: 'x-hub-signature-256',
    withSignatures: (headers, signatures) => ({ ...headers, 'x-hub-signature-256': signatures.map((s) => `sha256=${s}`).join(',') }),
    signaturesOf: (headers) => (headers['x-hub-signature-256'] ?? '').split(',').map((s) => s.slice(7)),
    timed: false,
  },
  {
    preset: 'slack',
    newSecret: () => randomBytes(16).toString('hex'),
    async sign(secret, body, timestamp) {
      const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
      return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
    },
    header: 'x-slack-signature',
    withSignatures: (headers, signatures) => ({ ...headers, 'x-slack-signature': signatures.map((s) => `v0=${s}`).join(',') }),
    signaturesOf: (headers) => (headers['x-slack-signature'] ?? '').split(',').map((s) => s.slice(3)),
    timed: true,
  },
];

const BODY = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', event_id: 'Ev1', data: { object: { id: 'in_1', amount: 1200 } } });

describe.each(signers)('the $preset verifier against the provider signer', (signer) => {
  const { preset } = signer;
  const current = signer.newSecret();
  const previous = signer.newSecret();
  const keys = [keyOf(preset, current), keyOf(preset, previous)];
  const verify = (headers: Record<string, string>, body: string | Buffer = BODY, now = NOW): Verification =>
    verifyDelivery(preset, { headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) }, keys, now);

  it('accepts a valid delivery', async () => {
    expect(verify(await signer.sign(current, BODY, NOW)).ok).toBe(true);
  });

  it('refuses the body with one byte changed', async () => {
    const headers = await signer.sign(current, BODY, NOW);
    const changed = Buffer.from(BODY);
    changed[10] = (changed[10] ?? 0) ^ 0x01;
    expect(verify(headers, changed)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses the same JSON re-serialised', async () => {
    const headers = await signer.sign(current, BODY, NOW);
    expect(verify(headers, JSON.stringify(JSON.parse(BODY), null, 1))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a missing, empty or garbled signature header', async () => {
    const headers = await signer.sign(current, BODY, NOW);
    const { [signer.header]: _dropped, ...missing } = headers;
    expect(verify(missing).ok).toBe(false);
    expect(verify({ ...headers, [signer.header]: '' }).ok).toBe(false);
    expect(verify({ ...headers, [signer.header]: 'garbled!!,=,v1=zz' }).ok).toBe(false);
    const good = signer.signaturesOf(headers)[0] ?? '';
    expect(verify(signer.withSignatures(headers, [good.slice(0, -4)])).ok).toBe(false);
  });

  it('accepts three signatures when only the last one is good', async () => {
    const headers = await signer.sign(current, BODY, NOW);
    const good = signer.signaturesOf(headers)[0] ?? '';
    const bad = [
      signer.signaturesOf(await signer.sign(signer.newSecret(), BODY, NOW))[0] ?? '',
      signer.signaturesOf(await signer.sign(signer.newSecret(), BODY, NOW))[0] ?? '',
    ];
    expect(verify(signer.withSignatures(headers, [...bad, good])).ok).toBe(true);
    expect(verify(signer.withSignatures(headers, bad)).ok).toBe(false);
  });

  it('accepts the previous secret (rotation), and refuses an unknown one', async () => {
    expect(verify(await signer.sign(previous, BODY, NOW)).ok).toBe(true);
    expect(verify(await signer.sign(signer.newSecret(), BODY, NOW))).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

function verifierOf(signer: Signer) {
  const current = signer.newSecret();
  const keys = [keyOf(signer.preset, current)];
  const verify = (headers: Record<string, string>, now = NOW) =>
    verifyDelivery(signer.preset, { headers, body: Buffer.from(BODY) }, keys, now);
  return { current, verify };
}

describe.each(signers.filter((signer) => signer.timed))('the $preset time window', (signer) => {
  it('refuses a delivery signed 301 s in the past or the future, accepts 299 s', async () => {
    const { current, verify } = verifierOf(signer);
    expect(verify(await signer.sign(current, BODY, NOW - 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(await signer.sign(current, BODY, NOW + 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify(await signer.sign(current, BODY, NOW - 299)).ok).toBe(true);
  });
});

describe('the github time window', () => {
  it('is none: GitHub signs no time', async () => {
    const signer = signers.find((s) => s.preset === 'github') as Signer;
    const { current, verify } = verifierOf(signer);
    expect(verify(await signer.sign(current, BODY, NOW), NOW + 10 * 86_400).ok).toBe(true);
  });
});

describe('secrets', () => {
  it('reads a Standard Webhooks key as the base64 after whsec_, and refuses other shapes', () => {
    expect(typeof signingKeyOf('standard', `whsec_${randomBytes(32).toString('base64')}`)).toBe('object');
    expect(signingKeyOf('standard', randomBytes(32).toString('base64'))).toMatch(/whsec_/);
    expect(signingKeyOf('standard', 'whsec_c2hvcnQ=')).toMatch(/24 to 64/);
  });

  it('needs Stripe secrets to be whsec_ secrets, and GitHub and Slack secrets of 16 bytes or more', () => {
    expect(signingKeyOf('stripe', 'sk_live_not_a_signing_secret')).toMatch(/whsec_/);
    expect(signingKeyOf('github', 'short')).toMatch(/16 bytes/);
    expect(signingKeyOf('slack', 'short')).toMatch(/16 bytes/);
  });
});

describe('parsing a verified delivery', () => {
  it('refuses a __proto__ key, and malformed JSON', () => {
    expect(() => parseDelivery('stripe', Buffer.from('{"id":"evt_1","__proto__":{"x":1}}'), 'application/json', undefined)).toThrow(
      /Forbidden key/,
    );
    expect(() => parseDelivery('standard', Buffer.from('{"id":'), 'application/json', 'msg_1')).toThrow(/Malformed JSON/);
  });

  it('names the dedupe keys of each provider', () => {
    const body = Buffer.from(BODY);
    expect(parseDelivery('standard', body, 'application/json', 'msg_1').dedupeKeys).toEqual(['id:msg_1']);
    expect(parseDelivery('stripe', body, 'application/json', undefined).dedupeKeys).toEqual(['event:evt_1']);
    const github = parseDelivery('github', body, 'application/json', 'delivery-1').dedupeKeys;
    expect(github).toHaveLength(2);
    expect(github[0]).toBe('delivery:delivery-1');
    expect(github[1]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseDelivery('slack', body, 'application/json', undefined).dedupeKeys).toEqual(['event:Ev1']);
    expect(parseDelivery('slack', Buffer.from('{"type":"x"}'), 'application/json', undefined).dedupeKeys[0]).toMatch(/^sha256:/);
  });

  it("reads Slack's form-encoded payload, and only a form holding exactly that field", () => {
    const form = Buffer.from(new URLSearchParams({ payload: '{"type":"block_actions"}' }).toString());
    expect(parseDelivery('slack', form, 'application/x-www-form-urlencoded', undefined).event).toEqual({ type: 'block_actions' });
    const extra = Buffer.from(new URLSearchParams({ payload: '{}', more: '1' }).toString());
    expect(() => parseDelivery('slack', extra, 'application/x-www-form-urlencoded', undefined)).toThrow();
  });

  it("finds Slack's url_verification challenge", () => {
    expect(slackChallenge({ type: 'url_verification', challenge: 'abc' })).toBe('abc');
    expect(slackChallenge({ type: 'event_callback', challenge: 'abc' })).toBeUndefined();
  });
});
