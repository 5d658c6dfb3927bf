/**
 * IPv4 and IPv6 addresses and CIDR ranges for the `inCidr` / `ipInAny` condition functions,
 * parsed character by character into bytes and compared under the prefix mask.
 *
 * Deliberately strict: IPv4 is four decimal octets without leading zeros (so `010.0.0.1` is
 * never read as octal by one system and decimal by another), IPv6 allows one `::` and a dotted
 * IPv4 tail, and zone ids (`%eth0`), brackets and ports are refused. An IPv4-mapped IPv6 address
 * (`::ffff:10.1.2.3`, what a dual-stack socket reports for an IPv4 client) is treated as the IPv4
 * address, so an IPv4 allowlist still matches it.
 */

export type IpAddress = { version: 4 | 6; bytes: Uint8Array };
export type Cidr = IpAddress & { prefix: number };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function hexValue(code: number): number {
  if (isDigit(code)) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

function parseIpv4Into(text: string, out: Uint8Array, offset: number): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part[0] === '0')) return false;
    let value = 0;
    for (let j = 0; j < part.length; j++) {
      const code = part.charCodeAt(j);
      if (!isDigit(code)) return false;
      value = value * 10 + (code - 48);
    }
    if (value > 255) return false;
    out[offset + i] = value;
  }
  return true;
}

/** Parses colon-separated hex groups (with an optional dotted IPv4 last) into 16-bit words. */
function parseGroups(text: string, allowIpv4Tail: boolean): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
      const tail = new Uint8Array(4);
      if (!parseIpv4Into(group, tail, 0)) return null;
      words.push((tail[0]! << 8) | tail[1]!, (tail[2]! << 8) | tail[3]!);
      continue;
    }
    if (group.length === 0 || group.length > 4) return null;
    let value = 0;
    for (let j = 0; j < group.length; j++) {
      const digit = hexValue(group.charCodeAt(j));
      if (digit < 0) return null;
      value = (value << 4) | digit;
    }
    words.push(value);
  }
  return words;
}

function parseIpv6(text: string): Uint8Array | null {
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  let words: number[];
  if (gap < 0) {
    const all = parseGroups(text, true);
    if (!all || all.length !== 8) return null;
    words = all;
  } else {
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    // `::` stands for at least one zero group, so at most seven are written out.
    if (!head || !tail || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    bytes[2 * i] = words[i]! >> 8;
    bytes[2 * i + 1] = words[i]! & 0xff;
  }
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The address, or null when `text` is not exactly one IPv4 or IPv6 address. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    if (!bytes) return null;
    return isIpv4Mapped(bytes) ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes };
  }
  const bytes = new Uint8Array(4);
  return parseIpv4Into(text, bytes, 0) ? { version: 4, bytes } : null;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

/**
 * `10.0.0.0/8`, `2001:db8::/32`, or a bare address meaning that one address. Host bits set
 * below the prefix (`10.0.0.1/8`) are refused: that is almost always a typo for another range.
 */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const bytes = addressText.includes(':') ? parseIpv6(addressText) : parseIp(addressText)?.bytes;
  if (!bytes) return { ok: false, reason: `"${text}" is not an IPv4 or IPv6 range` };
  const version = bytes.length === 4 ? 4 : 6;
  const maxPrefix = bytes.length * 8;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    const valid =
      prefixText.length > 0 &&
      prefixText.length <= 3 &&
      (prefixText.length === 1 || prefixText[0] !== '0') &&
      [...prefixText].every((c) => isDigit(c.charCodeAt(0)));
    prefix = valid ? Number(prefixText) : NaN;
    if (!(prefix <= maxPrefix)) {
      return { ok: false, reason: `"${text}" has an invalid prefix length (0–${maxPrefix} for IPv${version})` };
    }
  }
  const network = maskTo(bytes, prefix);
  if (!network.every((b, i) => b === bytes[i])) {
    return {
      ok: false,
      reason: `"${text}" has bits set after the /${prefix} prefix; did you mean ${formatNetwork(network, version, prefix)}?`,
    };
  }
  // Addresses fold `::ffff:a.b.c.d` to IPv4 (see top), so ranges inside ::ffff:0:0/96 fold too.
  if (version === 6 && prefix >= 96 && isIpv4Mapped(bytes)) {
    return { ok: true, cidr: { version: 4, bytes: bytes.slice(12), prefix: prefix - 96 } };
  }
  return { ok: true, cidr: { version, bytes, prefix } };
}

function maskTo(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = bytes[i]! & ((0xff00 >> bits) & 0xff);
  }
  return out;
}

function formatNetwork(bytes: Uint8Array, version: 4 | 6, prefix: number): string {
  if (version === 4) return `${[...bytes].join('.')}/${prefix}`;
  const words = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return `${words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${prefix}`;
}

/** Whether `address` lies in `cidr`; an IPv4 address never matches an IPv6 range or the reverse. */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.version !== address.version) return false;
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i++) if (cidr.bytes[i] !== address.bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff00 >> rest) & 0xff;
  return (cidr.bytes[full]! & mask) === (address.bytes[full]! & mask);
}
