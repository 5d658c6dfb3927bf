/**
 * Whether a live usage reader may still read usage: the same lookup and decision as the gate of
 * usage.live (memberProcedure: app_resolve_member through their session, then usage:read without
 * a resource). False once the session or membership has ended or the permission is gone.
 */
import { accessSubjectOf, decideAtGate } from '../authz/can';
import { resolveMemberOfSession } from '../tenancy/lookups';

export type UsageReaderSubject = {
  sessionId: string;
  email: string;
  orgId: string;
  orgSlug: string;
  ip: string | null;
  clock: () => Date;
};

export async function canStillReadUsage(subject: UsageReaderSubject): Promise<boolean> {
  const record = await resolveMemberOfSession(subject.sessionId, subject.orgSlug);
  if (!record || record.orgId !== subject.orgId || record.status !== 'active') return false;
  const access = accessSubjectOf({
    permissions: record.permissions,
    conditions: record.conditions,
    member: { id: record.membershipId, email: subject.email, attributes: record.attributes },
    request: { ip: subject.ip, now: subject.clock(), timezone: record.orgTimezone },
  });
  return decideAtGate(access, 'usage:read', { checksResource: false }).allowed;
}
