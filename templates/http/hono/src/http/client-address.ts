import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Config } from '../core/config.js';
import { NAMED_PROXY_RANGES } from '../core/trust-proxy.js';

const familyOf = (address: string): 'ipv4' | 'ipv6' | undefined => {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
};

function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  const add = (network: string, prefix: number | undefined) => {
    const family = familyOf(network);
    if (family === undefined) return;
    if (prefix === undefined) list.addAddress(network, family);
    else list.addSubnet(network, prefix, family);
  };
  for (const entry of entries) {
    const named = NAMED_PROXY_RANGES.get(entry);
    if (named !== undefined) {
      for (const [network, prefix] of named) add(network, prefix);
      continue;
    }
    const [network = '', prefix] = entry.split('/');
    add(network, prefix === undefined ? undefined : Number(prefix));
  }
  return list;
}

/** X-Forwarded-For entries, the one added by the nearest proxy first. */
function forwardedFor(incoming: IncomingMessage): string[] {
  const header = incoming.headers['x-forwarded-for'];
  if (header === undefined) return [];
  const entries: string[] = [];
  for (const entry of String(header).split(',').reverse()) {
    const address = entry.trim();
    if (address !== '') entries.push(address);
  }
  return entries;
}

/**
 * Who is calling, as TRUST_PROXY allows: by default the address of the TCP peer, and a
 * client's X-Forwarded-For is never read. With a hop count, the address that many
 * proxies back; with a proxy list, the first address (walking back from the peer) that
 * is not a listed proxy.
 */
export class ClientAddresses {
  private readonly hops: number;
  private readonly proxies: BlockList | undefined;

  constructor(trust: Config['trustProxy']) {
    this.hops = typeof trust === 'number' ? trust : 0;
    this.proxies = trust === false || typeof trust === 'number' ? undefined : proxyList(trust);
  }

  /** The client address that rate limits key on. */
  of(incoming: IncomingMessage): string {
    const peer = incoming.socket.remoteAddress ?? '';
    if (this.proxies !== undefined) {
      let address = peer;
      for (const next of forwardedFor(incoming)) {
        if (!this.isProxy(address)) break;
        address = next;
      }
      return address;
    }
    if (this.hops === 0) return peer;
    const chain = forwardedFor(incoming);
    return chain[Math.min(this.hops, chain.length) - 1] ?? peer;
  }

  /** Whether the TCP peer is a trusted proxy, whose X-Forwarded-* headers may be read. */
  peerIsProxy(incoming: IncomingMessage): boolean {
    if (this.proxies !== undefined) return this.isProxy(incoming.socket.remoteAddress ?? '');
    return this.hops > 0;
  }

  private isProxy(address: string): boolean {
    const family = familyOf(address);
    return family !== undefined && this.proxies?.check(address, family) === true;
  }
}
