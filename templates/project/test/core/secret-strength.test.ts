import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_BITS, secretStrength, secretWeakness } from '../../src/core/secret-strength.js';

describe('secret strength', () => {
  it.each([
    ['a repeated digit sequence', '0123456789'.repeat(4)],
    ['a repeated letter sequence', 'abcdefghij'.repeat(4)],
    ['common words', 'my-super-secret-jwt-key-for-production-use'],
    ['a repeated short block', 'x7Qp'.repeat(12)],
    ['a long run inside random text', `${randomBytes(48).toString('base64url')}aaaaaaaaaa`],
    ['few distinct characters', Array.from(randomBytes(64), (byte) => (byte % 2 === 0 ? 'a' : 'b')).join('')],
  ])('refuses %s, without repeating it, and says how to make a good one', (_what, secret) => {
    const weakness = secretWeakness(secret);
    expect(weakness).toMatch(/^is too weak/);
    expect(weakness).not.toContain(secret);
    expect(weakness).toContain("randomBytes(48).toString('base64url')");
    expect(weakness).toContain('openssl rand -base64 48');
  });

  it('names what it found', () => {
    expect(secretStrength('my-super-secret-jwt-key-for-production-use').patterns).toContain('common words');
    expect(secretStrength('0123456789'.repeat(4)).patterns).toContain('runs or sequences');
    expect(secretStrength('x7Qp'.repeat(12)).patterns).toContain('repeated blocks');
  });

  it('accepts every secret made the way .env is made (48 random bytes, base64url)', () => {
    for (let i = 0; i < 300; i += 1) {
      const secret = randomBytes(48).toString('base64url');
      expect(secretWeakness(secret)).toBeUndefined();
      expect(secretStrength(secret).bits).toBeGreaterThan(2 * MIN_SECRET_BITS);
    }
  });

  it('accepts the output of openssl rand -base64 48 and of 32 random bytes in hex', () => {
    expect(secretWeakness(randomBytes(48).toString('base64'))).toBeUndefined();
    expect(secretWeakness(randomBytes(32).toString('hex'))).toBeUndefined();
  });
});
