/**
 * Which addresses an outbound request may reach: only global unicast. The ranges come from
 * ipaddr.js (IANA special-purpose registries), so a new special range arrives with an upgrade
 * instead of a hand-kept list. IPv4 embedded in IPv6 (mapped ::ffff:0:0/96, compatible ::/96,
 * translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32) is refused as a whole, whatever it embeds: a gateway may deliver it to the embedded
 * address, and a receiver we push to has no reason to be reached through one.
 */
import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/** Global unicast IPv6 is 2000::/3; everything outside it is unassigned or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

export type AddressRange = { address: string; range: string; isPublic: boolean };

/** The range an address belongs to ('unicast' for a public one), or 'invalid' for a non-address. */
export function classifyAddress(address: string): AddressRange {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0) return { address, range: 'invalid', isPublic: false };
  const parsed = ipaddr.parse(bare);
  let range: string = parsed.range();
  if (parsed.kind() === 'ipv6' && range === 'unicast' && !parsed.match(GLOBAL_UNICAST_V6)) {
    // ::/96 (IPv4-compatible, e.g. ::7f00:1) and other never-assigned space.
    range = (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0) ? 'ipv4Compatible' : 'reserved';
  }
  return { address: bare, range, isPublic: range === 'unicast' };
}

/**
 * Loopback and private networks (127.0.0.0/8, ::1, 10/8, 172.16/12, 192.168/16, fc00::/7): what
 * OUTBOUND_ALLOW_PRIVATE_URLS lets development and tests reach. Link-local (and so the cloud
 * metadata address 169.254.169.254), carrier-grade NAT and the other special ranges stay refused.
 */
const PRIVATE_NETWORK_RANGES: ReadonlySet<string> = new Set(['loopback', 'private', 'uniqueLocal']);

export function isPrivateNetworkAddress(address: string): boolean {
  return PRIVATE_NETWORK_RANGES.has(classifyAddress(address).range);
}

/** A CIDR (`203.0.113.0/24`, `2001:db8::/32`) in canonical form, or null when it is not one. A bare address is its own /32 or /128. */
export function normalizeCidr(value: string): string | null {
  const [address = '', prefix, ...rest] = value.trim().split('/');
  // node:net's strict form: ipaddr.js alone also takes shorthand such as `10.0.0` or `0xa.0.0.1`.
  const family = isIP(address);
  if (family === 0 || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return null;
  const cidr = `${address}/${prefix ?? (family === 6 ? 128 : 32)}`;
  if (!ipaddr.isValidCIDR(cidr)) return null;
  const [network, bits] = ipaddr.parseCIDR(cidr);
  return `${network.toString()}/${bits}`;
}

/** Whether `address` lies in one of `cidrs` (IPv4-mapped IPv6 addresses count as their IPv4). */
export function addressInRanges(address: string, cidrs: readonly string[]): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0) return false;
  const parsed = ipaddr.process(bare);
  return cidrs.some((cidr) => {
    if (!ipaddr.isValidCIDR(cidr)) return false;
    const range = ipaddr.parseCIDR(cidr);
    return parsed.kind() === range[0].kind() && parsed.match(range);
  });
}
