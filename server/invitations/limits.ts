/**
 * Rate limits of the invitation flows, on the shared Redis counters of server/auth/rateLimit.ts:
 * resending one invitation (so an admin cannot mail-bomb an address), and accepting or looking up
 * links from one IP address (so nobody can probe tokens or hammer the password hashing).
 */
import { createLimiter } from '../auth/rateLimit';

const TEN_MINUTES = 10 * 60;
const FIFTEEN_MINUTES = 15 * 60;

/** Resends of one invitation. */
export const resendByInvitation = createLimiter('invitation-resend', 3, TEN_MINUTES);
/** Accept attempts (new account or as the signed-in user) from one address; refunded on success. */
export const acceptByIp = createLimiter('invitation-accept:ip', 20, FIFTEEN_MINUTES);
/** Looking up invitation links (the accept page) from one address. */
export const previewByIp = createLimiter('invitation-preview:ip', 120, FIFTEEN_MINUTES);
