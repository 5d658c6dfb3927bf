/** Input and output schemas of the API key procedures (server/apiKeys/router.ts). */
import { z } from 'zod';
import { zDate } from '../shared/bounds';
import { isPermission, type Permission } from '../shared/permissions';
import { zText } from '../shared/safeText';
import { normalizeCidr } from '../net/addressRange';

/** Keys per organization: the list is returned whole. */
export const MAX_API_KEYS_PER_ORG = 200;
export const MAX_ALLOWLIST_ENTRIES = 50;
/** The longest rotation grace a caller may pick: 7 days. */
export const MAX_ROTATION_GRACE_HOURS = 7 * 24;
/** A key used this recently is deleted only when the caller types its name. */
export const RECENT_USE_DAYS = 7;

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;

export const ZApiKeyId = zText().uuid('Not an API key id');
const ZApiKeyName = zText().trim().min(1, 'Give the key a name').max(100, 'Use at most 100 characters');

const ZScope = zText()
  .trim()
  .refine(isPermission, 'Not a permission')
  .transform((value) => value as Permission);

const ZCidr = zText()
  .trim()
  .max(64)
  .transform((value, ctx) => {
    const cidr = normalizeCidr(value);
    if (cidr === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${value} is not an IP address or CIDR range` });
      return z.NEVER;
    }
    return cidr;
  });

export const ZCreateApiKeyInput = z.object({
  name: ZApiKeyName,
  scopes: z.array(ZScope).min(1, 'Choose at least one scope').max(100),
  /** null: the key never expires. */
  expiresAt: zDate().nullable().default(null),
  /** Empty: any address. */
  ipAllowlist: z.array(ZCidr).max(MAX_ALLOWLIST_ENTRIES).default([]),
});
export type CreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

export const ZRotateApiKeyInput = z.object({
  keyId: ZApiKeyId,
  /** How long the replaced secret keeps working: 0 (at once) to 7 days. */
  graceHours: z.number().int().min(0).max(MAX_ROTATION_GRACE_HOURS),
});
export type RotateApiKeyInput = z.infer<typeof ZRotateApiKeyInput>;

export const ZRevokeApiKeyInput = z.object({ keyId: ZApiKeyId });

export const ZDeleteApiKeyInput = z.object({
  keyId: ZApiKeyId,
  /** Required, equal to the key's name, when the key was used in the last RECENT_USE_DAYS days. */
  confirmName: zText().max(100).optional(),
});
export type DeleteApiKeyInput = z.infer<typeof ZDeleteApiKeyInput>;
export const ZDeleteApiKeyResult = z.object({ id: z.string() });

export const ZApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** The token's public start (`atr_<lookup>`), to recognise a key; never the secret. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  ipAllowlist: z.array(z.string()),
  status: z.enum(API_KEY_STATUSES),
  creatorMembershipId: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  /** Until when the secret replaced by the last rotation still works (null: it does not). */
  previousValidUntil: z.date().nullable(),
  version: z.number(),
});
export type ApiKeyView = z.infer<typeof ZApiKeyView>;

export const ZApiKeyList = z.object({ keys: z.array(ZApiKeyView) });

/** Create and rotate: the view plus the token, shown this once and stored nowhere. */
export const ZApiKeyWithToken = ZApiKeyView.extend({ token: z.string() });
export type ApiKeyWithToken = z.infer<typeof ZApiKeyWithToken>;

/** The usage chart's ranges: 24 hourly buckets, or 7 or 30 daily ones. */
export const API_KEY_USAGE_RANGES = ['24h', '7d', '30d'] as const;
export type ApiKeyUsageRange = (typeof API_KEY_USAGE_RANGES)[number];

export const ZApiKeyUsageInput = z.object({ keyId: ZApiKeyId, range: z.enum(API_KEY_USAGE_RANGES) });

const ZUsageCount = z.number().int().nonnegative();

export const ZApiKeyUsage = z.object({
  range: z.enum(API_KEY_USAGE_RANGES),
  /** Hourly buckets are UTC hours; daily buckets are days in `timeZone` (the org's). */
  bucket: z.enum(['hour', 'day']),
  timeZone: z.string(),
  lastUsedAt: z.date().nullable(),
  /** Oldest first, every bucket of the range present (zero when nothing was counted). */
  buckets: z.array(
    z.object({
      /** ISO 8601, UTC. */
      start: z.string(),
      /** Answered below 400. */
      ok: ZUsageCount,
      /** 4xx other than 429. */
      clientErrors: ZUsageCount,
      serverErrors: ZUsageCount,
      /** 429: refused by a rate limit. */
      limited: ZUsageCount,
    }),
  ),
});
export type ApiKeyUsage = z.infer<typeof ZApiKeyUsage>;
