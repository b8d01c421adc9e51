/**
 * How guessable a secret is. The estimate splits the secret into the cheapest mix of
 * patterns an attacker would try first (common words, runs such as `aaaa`, sequences such as
 * `1234` or `abcd`, a block repeated) and random characters, and adds up the bits of each
 * part. A secret made by a random generator has nearly all its length as random characters
 * and stays far above the bar; one typed by a person does not.
 */

/** Bits of estimated entropy a production secret needs. */
export const MIN_SECRET_BITS = 128;

/** How to make a good secret, for messages. */
export const SECRET_ADVICE =
  "make one with: node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\" or: openssl rand -base64 48";

/** Words people put in secrets. Matched in any letter case. */
const COMMON_WORDS: readonly string[] = [
  'access',
  'admin',
  'api',
  'app',
  'auth',
  'change',
  'changeme',
  'default',
  'demo',
  'dev',
  'development',
  'dummy',
  'example',
  'for',
  'hmac',
  'jwt',
  'key',
  'letmein',
  'local',
  'localhost',
  'login',
  'long',
  'my',
  'new',
  'our',
  'pass',
  'passwd',
  'password',
  'private',
  'prod',
  'production',
  'qwerty',
  'random',
  'refresh',
  'root',
  'sample',
  'secret',
  'secure',
  'server',
  'session',
  'signing',
  'staging',
  'strong',
  'super',
  'test',
  'the',
  'this',
  'token',
  'use',
  'user',
  'very',
  'welcome',
  'your',
];

/** Characters people put between words; each costs a few bits, not a random character's. */
const SEPARATORS = new Set([' ', '-', '_', '.', ':', ',', ';', '/']);
const SEPARATOR_BITS = Math.log2(SEPARATORS.size);

/** A run, sequence or repeated block this long is refused whatever else the secret holds. */
const LONG_RUN = 8;
const LONG_REPEAT = 16;
const MAX_REPEAT_UNIT = 8;

export type SecretPattern = 'common words' | 'runs or sequences' | 'repeated blocks';

export interface SecretStrength {
  /** Estimated bits an attacker must guess. */
  readonly bits: number;
  /** The patterns the estimate found, in the order above. */
  readonly patterns: readonly SecretPattern[];
}

interface Match {
  readonly end: number;
  readonly bits: number;
  readonly pattern: SecretPattern;
}

const log2 = Math.log2;

/** Size of the alphabet a random character of this secret would be drawn from. */
function alphabetSize(secret: string): number {
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
  return size;
}

/** Shannon entropy of the characters as they occur, times the length: a ceiling for a secret of few distinct characters. */
function characterEntropy(chars: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * log2(count / chars.length);
  return bits;
}

/** Where a run (step 0) or sequence (step ±1 in code points) starting at `start` ends. */
function stepRunEnd(chars: readonly string[], start: number): { end: number; step: number } {
  const code = (i: number) => chars[i]?.codePointAt(0) ?? Number.NaN;
  if (start + 1 >= chars.length) return { end: start + 1, step: 0 };
  const step = code(start + 1) - code(start);
  if (Math.abs(step) > 1) return { end: start + 1, step };
  let end = start + 2;
  while (end < chars.length && code(end) - code(end - 1) === step) end += 1;
  return { end, step };
}

/** How far a block of `unit` characters starting at `start` keeps repeating. */
function repeatEnd(chars: readonly string[], start: number, unit: number): number {
  let end = start + unit;
  while (end < chars.length && chars[end] === chars[end - unit]) end += 1;
  return end;
}

function matchesAt(chars: readonly string[], lower: string, start: number, cheapest: (part: readonly string[]) => number): Match[] {
  const matches: Match[] = [];
  for (const word of COMMON_WORDS) {
    if (lower.startsWith(word, start)) {
      const original = chars.slice(start, start + word.length).join('');
      const caseBits = original === word ? 0 : 1;
      matches.push({ end: start + word.length, bits: log2(COMMON_WORDS.length) + caseBits, pattern: 'common words' });
    }
  }
  const { end: runEnd, step } = stepRunEnd(chars, start);
  for (let end = start + 3; end <= runEnd; end += 1) {
    matches.push({ end, bits: log2(95) + log2(end - start) + (step === 0 ? 0 : 1), pattern: 'runs or sequences' });
  }
  for (let unit = 1; unit <= MAX_REPEAT_UNIT && start + 2 * unit <= chars.length; unit += 1) {
    const end = repeatEnd(chars, start, unit);
    const times = Math.floor((end - start) / unit);
    if (times >= 2) {
      const bits = cheapest(chars.slice(start, start + unit)) + log2(times);
      matches.push({ end: start + unit * times, bits, pattern: 'repeated blocks' });
    }
  }
  return matches;
}

/** The cheapest split of `chars` into patterns and random characters, by dynamic programming. */
function cheapestSplit(chars: readonly string[], randomBits: number): { bits: number; patterns: Set<SecretPattern> } {
  const lower = chars.join('').toLowerCase();
  const best: { bits: number; patterns: Set<SecretPattern> }[] = [{ bits: 0, patterns: new Set() }];
  for (let i = 1; i <= chars.length; i += 1) best.push({ bits: Number.POSITIVE_INFINITY, patterns: new Set() });
  const unitBits = (part: readonly string[]) =>
    part.length === chars.length ? part.length * randomBits : cheapestSplit(part, randomBits).bits;
  for (let start = 0; start < chars.length; start += 1) {
    const here = best[start];
    if (here === undefined) continue;
    const char = chars[start] ?? '';
    const step = SEPARATORS.has(char) ? SEPARATOR_BITS : randomBits;
    const next = best[start + 1];
    if (next !== undefined && here.bits + step < next.bits) best[start + 1] = { bits: here.bits + step, patterns: here.patterns };
    for (const match of matchesAt(chars, lower, start, unitBits)) {
      const target = best[match.end];
      if (target !== undefined && here.bits + match.bits < target.bits) {
        best[match.end] = { bits: here.bits + match.bits, patterns: new Set([...here.patterns, match.pattern]) };
      }
    }
  }
  return best[chars.length] ?? { bits: 0, patterns: new Set() };
}

function hasLongRunOrSequence(chars: readonly string[]): boolean {
  for (let start = 0; start + LONG_RUN <= chars.length; start += 1) if (stepRunEnd(chars, start).end - start >= LONG_RUN) return true;
  return false;
}

function hasLongRepeat(chars: readonly string[]): boolean {
  for (let unit = 2; unit <= MAX_REPEAT_UNIT; unit += 1) {
    for (let start = 0; start + LONG_REPEAT <= chars.length; start += 1)
      if (repeatEnd(chars, start, unit) - start >= LONG_REPEAT) return true;
  }
  return false;
}

/** Estimates the entropy of a secret and names the patterns found in it. */
export function secretStrength(secret: string): SecretStrength {
  const chars = [...secret];
  if (chars.length === 0) return { bits: 0, patterns: [] };
  const split = cheapestSplit(chars, log2(alphabetSize(secret)));
  const patterns = new Set(split.patterns);
  if (hasLongRunOrSequence(chars)) patterns.add('runs or sequences');
  if (hasLongRepeat(chars)) patterns.add('repeated blocks');
  const order: readonly SecretPattern[] = ['common words', 'runs or sequences', 'repeated blocks'];
  return { bits: Math.floor(Math.min(split.bits, characterEntropy(chars))), patterns: order.filter((pattern) => patterns.has(pattern)) };
}

/**
 * Why a secret is too weak for production, or undefined when it is strong enough. The
 * message never repeats the secret.
 */
export function secretWeakness(secret: string): string | undefined {
  const { bits, patterns } = secretStrength(secret);
  const chars = [...secret];
  if (bits >= MIN_SECRET_BITS && !hasLongRunOrSequence(chars) && !hasLongRepeat(chars)) return undefined;
  const found = patterns.length > 0 ? `; it is made of ${patterns.join(' and ')}` : '';
  return `is too weak (about ${bits} bits of estimated entropy, ${MIN_SECRET_BITS} needed${found}): ${SECRET_ADVICE}`;
}
