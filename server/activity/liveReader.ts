/**
 * Re-resolves a live feed reader mid-stream, when an 'access' event names them: the same lookup
 * and decision as the gate of activity.live (memberProcedure: app_resolve_member, then the
 * decision without a resource), so the stream filters by what a new subscription would.
 * Null when the member is no longer active in the org or no longer holds activity:read.
 */
import { accessSubjectOf, decideAtGate, decide } from '../authz/can';
import { resolveMemberOfSession } from '../tenancy/lookups';
import { activityReader, type ActivityReader } from './eventPermissions';

export type LiveReaderSubject = {
  /** The reader's session: when it ends, so does their membership here. */
  sessionId: string;
  email: string;
  orgId: string;
  orgSlug: string;
  ip: string | null;
  clock: () => Date;
};

export async function resolveLiveReader(subject: LiveReaderSubject): Promise<ActivityReader | null> {
  const record = await resolveMemberOfSession(subject.sessionId, subject.orgSlug);
  if (!record || record.orgId !== subject.orgId || record.status !== 'active') return null;
  const access = accessSubjectOf({
    permissions: record.permissions,
    conditions: record.conditions,
    member: { id: record.membershipId, email: subject.email, attributes: record.attributes },
    request: { ip: subject.ip, now: subject.clock(), timezone: record.orgTimezone },
  });
  if (!decideAtGate(access, 'activity:read', { checksResource: false }).allowed) return null;
  return activityReader((permission) => decide(access, permission).allowed);
}
