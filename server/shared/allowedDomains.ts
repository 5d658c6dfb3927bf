/**
 * The organization's allowed email domains: invitations may only go to addresses at one of them
 * (an empty list allows any address). Stored lower-cased, de-duplicated and sorted; at most 50.
 * A domain is a hostname of at least two labels ("acme.com", "eu.acme.co.uk"), without scheme,
 * "@", port or path; internationalized domains are entered in their punycode form ("xn--…").
 */
import { z } from 'zod';
import { zText } from './safeText';

export const MAX_ALLOWED_DOMAINS = 50;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isDomainName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  const tld = labels.at(-1)!;
  // A top-level domain is letters (or an xn-- punycode label), never all digits: refuses IPs.
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return false;
  return labels.every((label) => LABEL.test(label));
}

/** "@Acme.COM." → "acme.com": what people paste, made into the stored form. */
export function normalizeDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/^@+/, '').replace(/\.$/, '');
}

/** Splits a pasted list (commas, spaces, semicolons or new lines). */
export function splitDomainList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map(normalizeDomain)
    .filter((d) => d !== '');
}

export const ZAllowedDomains = z
  .array(zText().max(300))
  .max(500)
  .transform((values, ctx) => {
    const domains = [...new Set(values.map(normalizeDomain).filter((d) => d !== ''))];
    const invalid = domains.filter((d) => !isDomainName(d));
    if (invalid.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `Not a domain name: ${invalid.slice(0, 5).join(', ')}${invalid.length > 5 ? ', …' : ''} (use the form acme.com)`,
      });
      return z.NEVER;
    }
    if (domains.length > MAX_ALLOWED_DOMAINS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Use at most ${MAX_ALLOWED_DOMAINS} domains` });
      return z.NEVER;
    }
    return domains.sort();
  });

export function domainOfEmail(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Whether an address may be invited under the allowlist (empty allows everyone). */
export function isEmailDomainAllowed(email: string, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(domainOfEmail(email));
}
