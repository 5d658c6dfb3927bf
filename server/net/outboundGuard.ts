/**
 * The SSRF guard for every request the server makes to a URL a tenant typed (audit push, and
 * the webhooks to come). Three checks, all needed:
 * - `checkOutboundUrl` when a URL is saved and before each request or redirect: https, no
 *   credentials, and a host that is a public address literal or a name that is not obviously
 *   internal (a trailing dot does not hide `localhost.`);
 * - `outboundAgent`, whose `lookup` validates every address DNS returns at connect time and hands
 *   the socket exactly those addresses, so a name re-pointed inside the network after the check
 *   (DNS rebinding) is refused — the address connected to is the address checked;
 * - `redirectTarget`, which follows only method-keeping redirects and checks each hop again.
 *
 * `allowPrivate` (OUTBOUND_ALLOW_PRIVATE_URLS: development, tests, receivers on the same network)
 * admits plain http and loopback or private-network receivers, nothing else: link-local and
 * metadata addresses stay refused even then.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { classifyAddress, isPrivateNetworkAddress } from './addressRange';

export type OutboundPolicy = { allowPrivate: boolean };

/** Resolves a host name to every address the socket may use (injectable for tests). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export const MAX_REDIRECTS = 3;
export const NOT_PUBLIC = 'The URL must point to a public address, not a private, loopback or link-local one';
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|intranet|lan|home\.arpa)$/i;

export function isAllowedAddress(address: string, policy: OutboundPolicy): boolean {
  return classifyAddress(address).isPublic || (policy.allowPrivate && isPrivateNetworkAddress(address));
}

/** The URL's host as DNS and the address checks see it: no brackets, no trailing dots. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

/** Why a request to this URL is refused, or null when it may be made. */
export function checkOutboundUrl(raw: string | URL, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, e.g. https://siem.example.com/atrium';
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    return 'The URL must start with https://';
  }
  if (url.username || url.password) return 'Put no user name or password in the URL; requests are signed instead';
  const host = hostOf(url);
  if (isIP(host)) return isAllowedAddress(host, policy) ? null : NOT_PUBLIC;
  if (policy.allowPrivate) return null;
  if (!host.includes('.') || INTERNAL_NAMES.test(host)) return NOT_PUBLIC;
  return null;
}

export class OutboundRefusedError extends Error {
  readonly code = 'EOUTBOUNDREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect: resolves, refuses the connection when any address is not allowed
 * (one bad address is enough: the socket may pick any of them), and returns the checked ones.
 */
export function guardedLookup(policy: OutboundPolicy, resolve: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname.replace(/\.+$/, '') || hostname)
      .then((all) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        if (addresses.length === 0 || addresses.some((a) => !isAllowedAddress(a.address, policy))) {
          return callback(
            new OutboundRefusedError(`${hostname} resolves to a private, loopback or link-local address`),
            [],
          );
        }
        if (options.all) return callback(null, addresses);
        const [first] = addresses as [LookupAddress];
        return callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, []));
  };
}

/** An agent (no keep-alive: every request resolves and is checked anew) whose sockets connect only to allowed addresses. */
export function outboundAgent(url: URL, policy: OutboundPolicy, resolve?: Resolver): http.Agent {
  const options = { keepAlive: false, lookup: guardedLookup(policy, resolve) };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

export type RedirectDecision = { kind: 'none' } | { kind: 'follow'; url: URL } | { kind: 'refuse'; reason: string };

/**
 * What to do with a response: follow a 307/308 (they keep the method and body; 301/302/303 would
 * turn a POST into a GET, which no receiver wants) to a target that passes the URL check.
 */
export function redirectTarget(
  from: URL,
  status: number,
  location: string | undefined,
  policy: OutboundPolicy,
): RedirectDecision {
  if (status < 300 || status >= 400 || status === 304) return { kind: 'none' };
  if (status !== 307 && status !== 308) {
    return { kind: 'refuse', reason: `HTTP ${status} redirect not followed (only 307 and 308 keep the request)` };
  }
  if (!location) return { kind: 'refuse', reason: `HTTP ${status} without a Location` };
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return { kind: 'refuse', reason: `HTTP ${status} to an invalid Location` };
  }
  const refusal = checkOutboundUrl(target, policy);
  if (refusal) return { kind: 'refuse', reason: `Redirect to ${target.host} refused: ${refusal}` };
  return { kind: 'follow', url: target };
}
