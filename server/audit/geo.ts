/**
 * Country of an IP address from the GeoLite2 country database shipped inside the geoip-country
 * package — offline, no network call per request. Loaded on first use (a few MB, tens of ms).
 * Private, loopback, link-local and unparseable addresses, and addresses the database does not
 * know, are 'unknown'.
 */
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

export const UNKNOWN_COUNTRY = 'unknown';

type GeoIp = { lookup(ip: string): { country: string } | null };
let geoip: GeoIp | undefined;

function database(): GeoIp {
  geoip ??= createRequire(import.meta.url)('geoip-country') as GeoIp;
  return geoip;
}

/** '::ffff:203.0.113.7' (an IPv4 client on a dual-stack socket) → '203.0.113.7'. */
export function normalizeIp(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];
const PRIVATE_V6 = [/^::1?$/, /^f[cd][0-9a-f]{2}:/i, /^fe[89ab][0-9a-f]:/i];

export function isPrivateIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return PRIVATE_V4.some((re) => re.test(ip));
  if (family === 6) return PRIVATE_V6.some((re) => re.test(ip));
  return true;
}

export function countryOf(ip: string | null | undefined): string {
  if (!ip) return UNKNOWN_COUNTRY;
  const address = normalizeIp(ip);
  if (isPrivateIp(address)) return UNKNOWN_COUNTRY;
  const found = database().lookup(address);
  return found?.country && /^[A-Z]{2}$/.test(found.country) ? found.country : UNKNOWN_COUNTRY;
}
