/**
 * Input rules shared by the auth and account procedures (and so by the pages that call them):
 * what a name, an email address and a password must look like, and which post-login
 * redirect targets are safe to follow.
 */
import { z } from 'zod';
import { catalogueMessage } from '../errorCatalogue';
import { zText } from '../shared/safeText';
import { ZOrgName } from '../orgs/validation';
import { PASSWORD_MAX, PASSWORD_MIN } from '../shared/passwordRules';

export { PASSWORD_MAX, PASSWORD_MIN };

export const ZEmail = zText()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .email('Enter a valid email address');

/** Length only (NIST 800-63B): no composition rules; the upper bound keeps hashing cheap to refuse. */
export const ZNewPassword = zText()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

/** A password being checked rather than chosen: policy changes must not lock anyone out. */
export const ZPasswordAttempt = zText()
  .min(1, 'Enter your password')
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

export const ZPersonName = zText().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters');

/** Reset links carry a token from generateToken(): base32, lower case. */
export const ZResetToken = zText().regex(/^[a-z2-7]{20,64}$/, catalogueMessage('RESET_LINK_INVALID'));

export const ZSignupInput = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZNewPassword,
  orgName: ZOrgName,
});
export type SignupInput = z.infer<typeof ZSignupInput>;

export const ZLoginInput = z.object({
  email: ZEmail,
  password: ZPasswordAttempt,
  redirectTo: zText().max(2048).optional(),
});
export type LoginInput = z.infer<typeof ZLoginInput>;

export const ZRequestPasswordResetInput = z.object({ email: ZEmail });

export const ZResetPasswordInput = z.object({ token: ZResetToken, password: ZNewPassword });
export type ResetPasswordInput = z.infer<typeof ZResetPasswordInput>;

const SAFE_REDIRECT_BASE = 'http://atrium.invalid';

/**
 * A redirect target we may follow after login: a path on this site. Refuses absolute URLs,
 * protocol-relative "//host" and "/\host" (browsers read a backslash as a slash), and anything
 * with control characters or whitespace, then double-checks by resolving it.
 */
export function safeRedirectPath(value: string | null | undefined): string | null {
  if (!value || value.length > 2048) return null;
  if (!value.startsWith('/') || value[1] === '/' || value[1] === '\\') return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(value)) return null;
  const resolved = new URL(value, SAFE_REDIRECT_BASE);
  if (resolved.origin !== SAFE_REDIRECT_BASE) return null;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
