/**
 * The network a request comes from, as the sign-in limits count it: an IPv4 address as it is, an
 * IPv6 address by its /64 (one subscriber's prefix: its host part is chosen freely by the client,
 * so counting single IPv6 addresses would hand an attacker 2^64 fresh counters). IPv4-mapped IPv6
 * addresses count as their IPv4 address.
 */
import ipaddr from 'ipaddr.js';

export const UNKNOWN_NETWORK = 'unknown';

export function clientNetwork(ip: string | null | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip ? ip : UNKNOWN_NETWORK;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}
