/**
 * Organization slugs: the `/o/<slug>` part of every tenant URL. Pure functions only, so the
 * rules can be unit-tested; uniqueness against the database lives in createOrganization.ts.
 */
export const SLUG_MIN = 2;
export const SLUG_MAX = 48;

/** Words that collide with routes or would look official in a URL; refused as slugs. */
const RESERVED_SLUGS = new Set([
  'new',
  'admin',
  'api',
  'settings',
  'account',
  'login',
  'logout',
  'signup',
  'orgs',
  'o',
  'trpc',
  'assets',
  'static',
  'healthz',
  'scim',
  'saml',
  'oidc',
  'sso',
  'webhooks',
  'support',
  'billing',
  'help',
  'www',
  'atrium',
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug.toLowerCase());
}

/** A slug that is well-formed and not reserved (uniqueness is a separate, database question). */
export function isValidSlug(slug: string): boolean {
  return slug.length >= SLUG_MIN && slug.length <= SLUG_MAX && SLUG_PATTERN.test(slug) && !isReservedSlug(slug);
}

/**
 * "Acme Corp GmbH" → "acme-corp-gmbh". Accents are folded to ASCII, anything else outside
 * a-z0-9 becomes a single '-', and the result is trimmed to SLUG_MAX without a trailing '-'.
 * May return '' or a one-letter slug for names with no usable characters; callers pad those.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
}

/** Appends `-suffix`, shortening the base so the whole slug still fits in SLUG_MAX. */
export function withSuffix(base: string, suffix: string): string {
  const room = SLUG_MAX - suffix.length - 1;
  return `${base.slice(0, room).replace(/-+$/g, '')}-${suffix}`;
}
