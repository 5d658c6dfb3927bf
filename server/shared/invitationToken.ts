/**
 * What an invitation token looks like, and what a person is told when a link is not one of ours.
 * Pure (no server imports), so the accept page can check a link's shape in the browser bundle too.
 */
import { zText } from './safeText';

export const INVALID_INVITATION_LINK =
  'This invitation link is not valid. It may have been replaced by a newer one; open the latest invitation email.';

/** 32 bytes in base64url without padding: 43 characters of [A-Za-z0-9_-]. */
export const ZInvitationToken = zText().regex(/^[A-Za-z0-9_-]{43}$/, INVALID_INVITATION_LINK);
