import { isIP } from 'node:net';

/** What TRUST_PROXY allows: no proxy, a hop count, or proxy addresses and ranges; never "trust everyone". */
export type TrustProxy = false | number | readonly string[];

export type Subnet = readonly [network: string, prefix: number];

/**
 * The most proxies a hop count may name. A hop count N trusts the last N addresses of
 * X-Forwarded-For; when a request passed through fewer proxies than that, the first
 * address, which the client wrote itself, is taken as the client's. Real chains (a CDN, a
 * load balancer, an ingress) are a handful of hops long.
 */
export const MAX_PROXY_HOPS = 10;

/** The address ranges TRUST_PROXY accepts by name (the names Express and Fastify know). */
export const NAMED_PROXY_RANGES: ReadonlyMap<string, readonly Subnet[]> = new Map([
  [
    'loopback',
    [
      ['127.0.0.0', 8],
      ['::1', 128],
    ],
  ],
  [
    'linklocal',
    [
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ],
  ],
  [
    'uniquelocal',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['fc00::', 7],
    ],
  ],
]);

/** TRUST_PROXY read, or why it is refused (never repeating the value). */
export type ParsedTrustProxy = { readonly ok: true; readonly value: TrustProxy } | { readonly ok: false; readonly message: string };

const refused = (message: string): ParsedTrustProxy => ({ ok: false, message });
const accepted = (value: TrustProxy): ParsedTrustProxy => ({ ok: true, value });

const IPV6_BITS = 128n;
/** IPv4 addresses as IPv6 sees them (::ffff:0:0/96), so both families are compared on one line. */
const IPV4_MAPPED = 0xffff_0000_0000n;
const IPV4_SPACE: Interval = [IPV4_MAPPED, IPV4_MAPPED + (1n << 32n) - 1n];
const IPV6_SPACE: Interval = [0n, (1n << IPV6_BITS) - 1n];

type Interval = readonly [first: bigint, last: bigint];

function ipv4Number(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) + BigInt(Number(part)), 0n);
}

/** An IPv6 address (already checked by isIP) as a number, with an IPv4 tail such as ::ffff:1.2.3.4 read too. */
function ipv6Number(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Number(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  return groups.reduce((value, group) => (value << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
}

/** The addresses a subnet holds, on the IPv6 line. */
function intervalOf(network: string, prefix: number | undefined): Interval {
  const v4 = isIP(network) === 4;
  const start = v4 ? IPV4_MAPPED + ipv4Number(network) : ipv6Number(network);
  const hostBits = BigInt((v4 ? 32 : 128) - (prefix ?? (v4 ? 32 : 128)));
  const first = (start >> hostBits) << hostBits;
  return [first, first + (1n << hostBits) - 1n];
}

/** Whether the intervals together hold every address of `space`. */
function covers(intervals: readonly Interval[], space: Interval): boolean {
  let next = space[0];
  for (const [first, last] of [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (first > next) break;
    if (last >= next) next = last + 1n;
    if (next > space[1]) return true;
  }
  return next > space[1];
}

/** One list entry as subnets, or undefined when it is not an address, a CIDR range or a known name. */
function subnetsOf(entry: string): readonly Subnet[] | undefined {
  const named = NAMED_PROXY_RANGES.get(entry);
  if (named !== undefined) return named;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined || address.includes('%')) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefix === undefined) return [[address, bits]];
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return undefined;
  return [[address, Number(prefix)]];
}

/**
 * Reads TRUST_PROXY. Refuses what would let any client choose its own address: `true`, a
 * hop count above MAX_PROXY_HOPS, and address lists that together cover every IPv4 or every
 * IPv6 address, however they are spelled.
 */
export function parseTrustProxy(value: string): ParsedTrustProxy {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'false' || /^0+$/.test(normalized)) return accepted(false);
  if (/^\d+$/.test(normalized)) {
    const hops = Number(normalized);
    if (hops > MAX_PROXY_HOPS) {
      return refused(
        `a hop count must be at most ${MAX_PROXY_HOPS}: it trusts that many addresses at the end of X-Forwarded-For, and a count above the real number of proxies lets a client choose its own address`,
      );
    }
    return accepted(hops);
  }
  if (normalized === 'true' || normalized === '*') {
    return refused('"true" is refused because any client could then choose its own address; give the hop count or the proxy addresses');
  }
  const entries = normalized
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const intervals: Interval[] = [];
  for (const entry of entries) {
    const subnets = subnetsOf(entry);
    if (subnets === undefined) {
      return refused(
        'must be false, a hop count, or a comma list of proxy IP addresses or CIDR ranges (such as 10.0.0.0/8), or loopback, linklocal, uniquelocal',
      );
    }
    for (const [network, prefix] of subnets) intervals.push(intervalOf(network, prefix));
  }
  if (entries.length === 0) return refused('must be false, a hop count, or a comma list of proxy addresses');
  if (covers(intervals, IPV4_SPACE) || covers(intervals, IPV6_SPACE)) {
    return refused(
      "trusts every address (the ranges together cover all of IPv4 or IPv6), so any client could choose its own address; list only your proxies' addresses",
    );
  }
  return accepted(entries);
}
