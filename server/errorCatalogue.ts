/**
 * The one catalogue of error codes a caller may see. Each entry says how every transport answers
 * it: the tRPC code, the HTTP status (REST), the SCIM `scimType` (RFC 7644 §3.12) where SCIM has
 * one, and — when the words never change — the message, written here and nowhere else.
 * Pure data: no imports, so the browser may `import type { ErrorCode }` from it. It must never
 * hold a message with a secret or an internal detail in it.
 */

/** The tRPC codes an AppError may carry (a subset of TRPCError['code']). */
export type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'METHOD_NOT_SUPPORTED'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/** RFC 7644 §3.12, table 9: uniqueness answers 409; the others answer 400. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export type ErrorCatalogueEntry = {
  trpc: TrpcErrorCode;
  http: number;
  /** null: SCIM has no keyword for it, and its error body carries none. */
  scimType: ScimType | null;
  /** The message when it is always the same; absent, the throw site writes it (it has variable parts). */
  message?: string;
};

export const ERROR_CATALOGUE = {
  // Generic: the rule is in the message written at the throw site.
  INVALID_INPUT: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401, scimType: null, message: 'Please sign in' },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null },
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', http: 429, scimType: null },
  SERVICE_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503, scimType: null },
  STALE_VERSION: { trpc: 'CONFLICT', http: 409, scimType: null },

  // Signing in, accounts and sessions.
  INVALID_CREDENTIALS: { trpc: 'UNAUTHORIZED', http: 401, scimType: null, message: 'Incorrect email or password' },
  WRONG_PASSWORD: { trpc: 'BAD_REQUEST', http: 400, scimType: null, message: 'Your current password is incorrect' },
  RESET_LINK_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    scimType: null,
    message: 'This reset link is invalid or has expired',
  },
  ACCOUNT_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Your account no longer exists' },
  SESSION_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'That session has already ended' },
  CURRENT_SESSION: {
    trpc: 'BAD_REQUEST',
    http: 400,
    scimType: null,
    message: 'This is the session you are using; sign out instead',
  },
  EMAIL_TAKEN: { trpc: 'CONFLICT', http: 409, scimType: 'uniqueness' },
  HTTP_ONLY: {
    trpc: 'BAD_REQUEST',
    http: 400,
    scimType: null,
    message: 'Signing in and out works over HTTP only',
  },
  // The gate's refusals (server/trpc/procedures.ts): the UI tells a missing grant from an unmet condition by code.
  PERMISSION_UNDECLARED: {
    trpc: 'FORBIDDEN',
    http: 403,
    scimType: null,
    message: 'This operation declares no permission',
  },
  PERMISSION_MISSING: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  CONDITION_UNMET: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  CROSS_ORIGIN_REFUSED: { trpc: 'FORBIDDEN', http: 403, scimType: null, message: 'Cross-origin request refused' },

  // Organizations.
  ORG_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Organization not found' },
  SLUG_TAKEN: { trpc: 'CONFLICT', http: 409, scimType: 'uniqueness', message: 'That address is already taken' },
  SLUG_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    scimType: 'invalidValue',
    message: 'That address is not allowed; use 2–48 letters, digits or dashes',
  },
  // Logo messages are shared with the settings page (server/orgs/logoMessages.ts), so they stay there.
  LOGO_EMPTY: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  LOGO_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413, scimType: null },
  LOGO_WRONG_TYPE: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  LOGO_SVG_REFUSED: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },

  // Members.
  MEMBER_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Member not found' },
  NOT_A_MEMBER: { trpc: 'NOT_FOUND', http: 404, scimType: null },
  MEMBER_DEACTIVATED: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  MEMBERSHIP_DEACTIVATED: {
    trpc: 'FORBIDDEN',
    http: 403,
    scimType: null,
    message: 'Your membership in this organization is deactivated',
  },
  ALREADY_A_MEMBER: { trpc: 'CONFLICT', http: 409, scimType: null },
  SELF_ACTION_REFUSED: { trpc: 'BAD_REQUEST', http: 400, scimType: 'mutability' },
  REPORTING_LOOP: {
    trpc: 'BAD_REQUEST',
    http: 400,
    scimType: 'invalidValue',
    message: 'That manager reports to this member already; the reporting line would loop',
  },
  LAST_OWNER: {
    trpc: 'CONFLICT',
    http: 409,
    scimType: null,
    message: 'An organization needs at least one active Owner; make someone else Owner first',
  },
  LAST_MANAGER: {
    trpc: 'CONFLICT',
    http: 409,
    scimType: null,
    message: 'This is the last active member who can manage members; give someone else that permission first',
  },
  OWNER_ONLY: { trpc: 'FORBIDDEN', http: 403, scimType: null, message: 'Only an Owner can transfer ownership' },

  // Roles and permissions.
  ROLE_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Role not found' },
  SYSTEM_ROLE_MISSING: { trpc: 'NOT_FOUND', http: 404, scimType: null },
  SYSTEM_ROLE_LOCKED: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  NAME_TAKEN: { trpc: 'CONFLICT', http: 409, scimType: 'uniqueness' },
  ROLE_CYCLE: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  ROLE_TOO_DEEP: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  ROLE_HAS_HEIRS: { trpc: 'CONFLICT', http: 409, scimType: null },
  ROLE_HAS_MEMBERS: { trpc: 'CONFLICT', http: 409, scimType: null },
  INVALID_CONDITION: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  EXCEEDS_OWN_PERMISSIONS: { trpc: 'FORBIDDEN', http: 403, scimType: null },

  // Teams.
  TEAM_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Team not found' },
  NOT_IN_TEAM: { trpc: 'NOT_FOUND', http: 404, scimType: null },
  TEAM_CYCLE: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  TEAM_TOO_DEEP: { trpc: 'BAD_REQUEST', http: 400, scimType: 'invalidValue' },
  TEAM_HAS_SUBTEAMS: { trpc: 'CONFLICT', http: 409, scimType: null },
  TEAM_LIMIT_REACHED: { trpc: 'CONFLICT', http: 409, scimType: null },

  // Invitations. The invalid-link message is shared with the accept page (invitations/tokenFormat.ts).
  INVITATION_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Invitation not found' },
  INVITATION_LINK_INVALID: { trpc: 'NOT_FOUND', http: 404, scimType: null },
  INVITATION_EXPIRED: { trpc: 'CONFLICT', http: 409, scimType: null },
  INVITATION_ACCEPTED: { trpc: 'CONFLICT', http: 409, scimType: null },
  INVITATION_REVOKED: { trpc: 'CONFLICT', http: 409, scimType: null },
  WRONG_ACCOUNT: { trpc: 'FORBIDDEN', http: 403, scimType: null },

  // API keys. Authentication refusals say which rule refused the key, never which org it belongs to.
  API_KEY_MALFORMED: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    scimType: null,
    message: 'The API key is malformed; it looks like atr_<id>_<secret>',
  },
  API_KEY_UNKNOWN: { trpc: 'UNAUTHORIZED', http: 401, scimType: null, message: 'The API key is not valid' },
  API_KEY_REVOKED: { trpc: 'UNAUTHORIZED', http: 401, scimType: null, message: 'The API key has been revoked' },
  API_KEY_EXPIRED: { trpc: 'UNAUTHORIZED', http: 401, scimType: null, message: 'The API key has expired' },
  API_KEY_ROTATED_OUT: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    scimType: null,
    message: 'This secret was replaced by a rotation and its grace period has ended; use the new secret',
  },
  API_KEY_CREATOR_INACTIVE: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    scimType: null,
    message: 'The member who created this API key is no longer active',
  },
  API_KEY_IP_REFUSED: {
    trpc: 'FORBIDDEN',
    http: 403,
    scimType: null,
    message: 'This API key may not be used from this IP address',
  },
  API_KEY_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'API key not found' },
  API_KEY_IS_REVOKED: {
    trpc: 'CONFLICT',
    http: 409,
    scimType: null,
    message: 'This API key is revoked and cannot be rotated; create a new one',
  },
  API_KEY_SCOPE_NOT_HELD: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  API_KEY_MISSING: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    scimType: null,
    message: 'Send an API key in the Authorization header: Bearer atr_<id>_<secret>',
  },

  // The REST transport (server/rest/): what is not a procedure's own answer.
  ROUTE_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'There is no such API route' },
  METHOD_NOT_ALLOWED: { trpc: 'METHOD_NOT_SUPPORTED', http: 405, scimType: null },
  BODY_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413, scimType: null },
  API_KEY_CONFIRMATION_REQUIRED: { trpc: 'PRECONDITION_FAILED', http: 412, scimType: null },

  // Webhook endpoints and their deliveries.
  WEBHOOK_ENDPOINT_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Webhook endpoint not found' },
  WEBHOOK_DELIVERY_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Webhook delivery not found' },
  /** The message says why (https only, not a private address…); details.field is 'url'. */
  WEBHOOK_URL_REFUSED: { trpc: 'BAD_REQUEST', http: 400, scimType: null },

  // Plans, billing and invoices (server/billing/).
  BILLING_NOT_CONFIGURED: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    scimType: null,
    message: 'Billing is not connected to Stripe on this installation',
  },
  /** A plan limit refuses the action; details name the limit, the plan and the plans above it. */
  PLAN_LIMIT_REACHED: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  /** The feature is not on the org's plan (SSO, SCIM); details name the plans that have it. */
  PLAN_FEATURE_UNAVAILABLE: { trpc: 'FORBIDDEN', http: 403, scimType: null },
  INVOICE_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, scimType: null, message: 'Invoice not found' },
  /** REST requests past the plan's API calls per month; details as PLAN_LIMIT_REACHED's, plus resetsAt. */
  API_QUOTA_EXCEEDED: { trpc: 'TOO_MANY_REQUESTS', http: 429, scimType: null },

  // Usage metering (server/usage/).
  /** A usage event refused; the message says why. */
  USAGE_EVENT_INVALID: { trpc: 'BAD_REQUEST', http: 400, scimType: null },
  USAGE_METRIC_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    scimType: null,
    message: 'A metric with this key already exists',
  },

  // Audit and live feeds.
  PUSH_NOT_CONFIGURED: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    scimType: null,
    message: 'No push endpoint is configured yet',
  },
  AUDIT_CHAIN_BROKEN: { trpc: 'PRECONDITION_FAILED', http: 412, scimType: null },
  FEED_ACCESS_ENDED: { trpc: 'FORBIDDEN', http: 403, scimType: null, message: 'Your access to this feed has ended' },
  FEED_FELL_BEHIND: {
    trpc: 'TOO_MANY_REQUESTS',
    http: 429,
    scimType: null,
    message: 'The live feed fell behind; reconnect to resume',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The codes whose message the catalogue writes; the throw site passes none. */
export type CodeWithMessage = {
  [K in ErrorCode]: (typeof ERROR_CATALOGUE)[K] extends { message: string } ? K : never;
}[ErrorCode];

/** The codes whose message the throw site writes. */
export type CodeWithoutMessage = Exclude<ErrorCode, CodeWithMessage>;

export function catalogueMessage(code: CodeWithMessage): string {
  return ERROR_CATALOGUE[code].message;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}
