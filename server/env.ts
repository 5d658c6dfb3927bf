/**
 * The one place that reads process.env. Every value has a local default so that an
 * unconfigured `npm start` works; secrets that are not given are generated once into .data/.
 */
import { z } from 'zod';
import { resolveInstallNames } from './installNames';
import { loadGeneratedSecrets } from './secrets';

/** A boolean switch: 'true' or '1' is on, anything else declared ('false', '0') off. */
const zFlag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/atrium'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  APP_URL: z.string().url().default('http://localhost:3000'),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Atrium <no-reply@atrium.local>'),
  ATRIUM_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  /** New accounts one IP address may create per hour (offices share addresses; bots do not stop at a few). */
  SIGNUP_LIMIT_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** REST API requests one API key may make per minute (fixed window); more answer 429 with Retry-After. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Refused API key authentications one client address may make per minute before every key it sends gets 429. */
  API_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Names this install's cluster-wide roles `<prefix>_owner`, `_app`, `_audit_purge` (default: the database name). */
  DB_ROLE_PREFIX: z.string().optional(),
  /** Starts every Redis key, Bull queue and pub/sub channel of this install (default: `<database name>:`). */
  REDIS_PREFIX: z.string().optional(),
  APP_DB_PASSWORD: z.string().min(16).optional(),
  OWNER_DB_PASSWORD: z.string().min(16).optional(),
  /** 32 bytes, base64: the AES-256-GCM key for secrets stored in the database (generated when absent). */
  ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64')
    .optional(),
  /**
   * Lets outgoing requests to URLs a tenant typed (audit push, webhooks) use http:// and reach
   * loopback and private-network addresses (development, tests); link-local and metadata stay refused.
   */
  OUTBOUND_ALLOW_PRIVATE_URLS: zFlag,
  /** The former name of OUTBOUND_ALLOW_PRIVATE_URLS, still honoured. */
  AUDIT_PUSH_ALLOW_INSECURE_URLS: zFlag,
  /**
   * Multiplies every wait of the webhook retry schedule (server/webhooks/retrySchedule.ts):
   * 1 in production; tests use e.g. 0.001 so 5 s, 5 min, 30 min … pass in milliseconds.
   */
  WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1_000).default(1),
  /**
   * Webhook POSTs one delivery job (a drain of an org's due deliveries, server/webhooks/deliver.ts)
   * keeps in flight at once. The worker runs up to 4 such jobs (different orgs) at a time.
   */
  WEBHOOK_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Stripe's secret API key. Without it, billing shows how to connect Stripe; plans change only through Stripe. */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key')
    .optional(),
  /** Verifies POST /webhooks/stripe (the endpoint's signing secret in Stripe). Default: generated in DATA_DIR. */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  /** Where the Stripe SDK sends its requests (protocol, host, port), e.g. a stand-in on loopback. Default: Stripe. */
  STRIPE_API_URL: z.string().url().optional(),
  /** The Stripe prices of the self-serve plans (server/shared/plans.ts). */
  STRIPE_PRICE_TEAM: z.string().min(1).default('price_atrium_team'),
  STRIPE_PRICE_BUSINESS: z.string().min(1).default('price_atrium_business'),
  /** The Stripe meter API calls are reported to (its event name). */
  STRIPE_METER_API_CALLS: z.string().min(1).default('atrium_api_calls'),
  /** Who issues the invoices, as printed on their PDFs. */
  VENDOR_NAME: z.string().min(1).default('Atrium Cloud Ltd'),
  /** The vendor's address, lines separated by `|`. */
  VENDOR_ADDRESS: z.string().min(1).default('1 Harbour Street|Dublin D02 XY00|Ireland'),
  VENDOR_TAX_ID: z.string().min(1).default('IE1234567T'),
  /** Where the billing page's "Contact sales" (Enterprise) writes to. */
  SALES_EMAIL: z.string().email().default('sales@atrium.local'),
});

const parsed = ZEnv.safeParse(process.env);
if (!parsed.success) {
  const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid environment configuration:\n${issues}`);
}
const raw = parsed.data;
const databaseName = new URL(raw.DATABASE_URL).pathname.slice(1) || 'atrium';
const names = (() => {
  try {
    return resolveInstallNames({ databaseName, dbRolePrefix: raw.DB_ROLE_PREFIX, redisPrefix: raw.REDIS_PREFIX });
  } catch (error) {
    throw new Error(`Invalid environment configuration:\n  ${(error as Error).message}`);
  }
})();
const secrets = loadGeneratedSecrets(raw.DATA_DIR);

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

const appDbPassword = raw.APP_DB_PASSWORD ?? secrets.appDbPassword;
const ownerDbPassword = raw.OWNER_DB_PASSWORD ?? secrets.ownerDbPassword;

export const env = {
  ...raw,
  isProduction: raw.NODE_ENV === 'production',
  /** Admin connection: used only by setup to create the database and roles. */
  adminDatabaseUrl: raw.DATABASE_URL,
  databaseName,
  /** This install's roles (cluster-wide, so named per install): see server/installNames.ts. */
  dbRoles: names.dbRoles,
  /** This install's Redis namespace, ending in ':'; Bull's own prefix is the same without the ':'. */
  redisPrefix: names.redisPrefix,
  bullPrefix: names.bullPrefix,
  /** Owner role: runs migrations and maintenance. */
  ownerDatabaseUrl: withCredentials(raw.DATABASE_URL, names.dbRoles.owner, ownerDbPassword),
  /** Runtime role: serves requests; never owner, never superuser, never BYPASSRLS. */
  appDatabaseUrl: withCredentials(raw.DATABASE_URL, names.dbRoles.app, appDbPassword),
  appDbPassword,
  ownerDbPassword,
  encryptionKey: Buffer.from(raw.ENCRYPTION_KEY ?? secrets.encryptionKey, 'base64'),
  stripeWebhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? secrets.stripeWebhookSecret,
  outboundAllowPrivate: raw.OUTBOUND_ALLOW_PRIVATE_URLS || raw.AUDIT_PUSH_ALLOW_INSECURE_URLS,
  secureCookies: new URL(raw.APP_URL).protocol === 'https:',
};
export type Env = typeof env;
