/**
 * Where audit events may be pushed (SSRF guard). A push URL must be https, carry no credentials,
 * and name a host whose addresses are all public: loopback, private (RFC 1918, CGNAT, ULA),
 * link-local (including the cloud metadata service at 169.254.169.254), multicast, reserved and
 * documentation ranges are refused — when the URL is saved (`checkPushUrl`, for literal
 * addresses and obvious internal names) and again on every send, on the addresses DNS returns at
 * that moment, which are the ones the socket then connects to (`guardedLookup`), so a name that
 * later resolves inside the network (DNS rebinding) is refused too.
 *
 * `allowInsecure` (env AUDIT_PUSH_ALLOW_INSECURE_URLS, default off) lifts both rules — plain http
 * and internal addresses — for tests and local receivers; production installs leave it off.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export const MAX_PUSH_URL = 2_048;

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), compatible or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True when the address is not a public unicast address (or is not an address at all). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

export type UrlPolicy = { allowInsecure: boolean };

/** Why a push URL is refused when saved, or null when it may be saved. */
export function checkPushUrl(raw: string, policy: UrlPolicy): string | null {
  if (raw.length > MAX_PUSH_URL) return `Use at most ${MAX_PUSH_URL} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, e.g. https://siem.example.com/atrium';
  }
  if (url.protocol !== 'https:' && !(policy.allowInsecure && url.protocol === 'http:')) {
    return 'The URL must start with https://';
  }
  if (url.username || url.password) return 'Put no user name or password in the URL; requests are signed instead';
  if (url.hash) return 'Remove the #fragment from the URL';
  if (policy.allowInsecure) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) ? isBlockedAddress(host) : INTERNAL_NAMES.test(host) || !host.includes('.')) {
    return 'The URL must point to a public address, not a private, loopback or link-local one';
  }
  return null;
}

export class BlockedAddressError extends Error {
  readonly code = 'EAUDITPUSHBLOCKED';
  constructor(hostname: string) {
    super(`${hostname} resolves to a private, loopback or link-local address`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves like the default, refuses the connection when any
 * resolved address is blocked, and hands the checked addresses to the socket (no second lookup).
 */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (!policy.allowInsecure && (list.length === 0 || list.some((a) => isBlockedAddress(a.address)))) {
        return callback(new BlockedAddressError(hostname), []);
      }
      if (options.all) return callback(null, list);
      const [first] = list;
      if (!first) return callback(new BlockedAddressError(hostname), []);
      return callback(null, first.address, first.family);
    });
  };
}
