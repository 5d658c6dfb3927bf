/**
 * The URL rule at save beyond the shared outbound check: a public-looking name is refused when
 * DNS points it inside the network (any one address is enough), accepted when its answers are
 * public or when it does not resolve (the send-time guard checks again), and a slow DNS does not
 * hold the save.
 */
import { describe, expect, it } from 'vitest';
import { NOT_PUBLIC, type Resolver } from '../net/outboundGuard';
import { checkEndpointUrl } from './urlRule';

const strict = { allowPrivate: false };
const relaxed = { allowPrivate: true };

function resolverOf(answers: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const dns = resolverOf({
  'public.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebound.example.com': ['93.184.215.14', '127.0.0.1'],
  'lan.example.com': ['10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
});

describe('checkEndpointUrl', () => {
  it('accepts a name whose every address is public, and one that does not resolve yet', async () => {
    expect(await checkEndpointUrl('https://public.example.com/hook', strict, dns)).toBeNull();
    expect(await checkEndpointUrl('https://unknown.example.com/hook', strict, dns)).toBeNull();
  });

  it('refuses a name that resolves to loopback, a private network or link-local metadata', async () => {
    for (const host of ['rebound.example.com', 'lan.example.com', 'metadata.example.com']) {
      expect(await checkEndpointUrl(`https://${host}/hook`, strict, dns), host).toBe(NOT_PUBLIC);
    }
  });

  it('lets private networks through only when allowed, and metadata addresses never', async () => {
    expect(await checkEndpointUrl('http://lan.example.com/hook', relaxed, dns)).toBeNull();
    expect(await checkEndpointUrl('http://rebound.example.com/hook', relaxed, dns)).toBeNull();
    expect(await checkEndpointUrl('http://metadata.example.com/hook', relaxed, dns)).toBe(NOT_PUBLIC);
  });

  it('refuses what the shared rule refuses before asking DNS', async () => {
    const asked: string[] = [];
    const spy: Resolver = async (hostname) => {
      asked.push(hostname);
      return [];
    };
    expect(await checkEndpointUrl('http://public.example.com/hook', strict, spy)).toMatch(/https/);
    expect(await checkEndpointUrl('https://public.example.com/hook#frag', strict, spy)).toMatch(/fragment/);
    expect(await checkEndpointUrl('https://192.168.0.1/hook', strict, spy)).toBe(NOT_PUBLIC);
    expect(asked).toEqual([]);
  });

  it('does not wait for DNS longer than the save allows', async () => {
    const never: Resolver = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await checkEndpointUrl('https://slow.example.com/hook', strict, never)).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
