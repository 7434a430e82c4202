import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason } from './blocked-address-reason.js';

/** Resolves a host name to every address it has (the default is the system resolver, `dns.lookup`). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** A connection was refused because its host name resolved to an address the policy blocks. */
export class BlockedAddressError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly why: string,
  ) {
    super(`${hostname} resolves to ${address}, ${why}`);
    this.name = 'BlockedAddressError';
  }
}

export const systemResolveHost: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * A `lookup` for net/tls `connect` that refuses a host when ANY of its addresses is blocked. It runs
 * inside the connection attempt, so the address checked is the address connected to: a DNS answer
 * that changes between a check and the connect (rebinding) cannot slip through. Refusing the whole
 * host rather than filtering its bad addresses keeps the rule simple to explain.
 */
export function createCheckedLookup(resolveHost: ResolveHost): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const why = blockedAddressReason(address);
          if (why !== undefined) return callback(new BlockedAddressError(hostname, address, why) as NodeJS.ErrnoException, '', 0);
        }
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = wanted === 0 ? addresses : addresses.filter((entry) => entry.family === wanted);
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${wanted === 0 ? '' : wanted} address`);
          error.code = 'ENOTFOUND';
          return callback(error, '', 0);
        }
        if (options.all === true) return callback(null, usable);
        return callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
