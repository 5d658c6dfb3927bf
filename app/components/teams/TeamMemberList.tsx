/**
 * A team's members: name, email, lead and deactivated badges. Members who may manage teams also
 * get, per person, a button to mark or unmark them as a lead and one to remove them from the
 * team — small forms that post without JavaScript too. Others see the list only.
 */
import { Form } from '@remix-run/react';
import { Badge } from '~/components/Badge';
import { Button } from '~/components/Button';
import type { TeamMember } from '../../../server/teams/teamSchemas';

function MemberActions({ member, teamName }: { member: TeamMember; teamName: string }) {
  return (
    <div className="flex flex-wrap gap-2">
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="setLead" />
        <input type="hidden" name="membershipId" value={member.membershipId} />
        <input type="hidden" name="isLead" value={member.isLead ? 'false' : 'true'} />
        <Button
          type="submit"
          size="xs"
          variant="secondary"
          aria-label={member.isLead ? `Remove ${member.name} as lead` : `Make ${member.name} a lead`}
        >
          {member.isLead ? 'Remove as lead' : 'Make lead'}
        </Button>
      </Form>
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="removeMember" />
        <input type="hidden" name="membershipId" value={member.membershipId} />
        <Button
          type="submit"
          size="xs"
          variant="secondary"
          color="red"
          aria-label={`Remove ${member.name} from ${teamName}`}
        >
          Remove
        </Button>
      </Form>
    </div>
  );
}

export function TeamMemberList({
  members,
  teamName,
  canManage,
}: {
  members: TeamMember[];
  teamName: string;
  canManage: boolean;
}) {
  if (members.length === 0) {
    return <p className="text-sm text-gray-600">Nobody is in {teamName} yet.</p>;
  }
  return (
    <ul aria-label={`Members of ${teamName}`} className="divide-y divide-gray-100">
      {members.map((member) => (
        <li key={member.membershipId} className="flex flex-wrap items-center justify-between gap-3 py-2">
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2 font-medium text-gray-900">
              {member.name}
              {member.isLead ? <Badge color="emerald">Lead</Badge> : null}
              {member.isActive ? null : <Badge color="gray">Deactivated</Badge>}
            </p>
            <p className="truncate text-sm text-gray-600" title={member.email}>
              {member.email}
            </p>
          </div>
          {canManage ? <MemberActions member={member} teamName={teamName} /> : null}
        </li>
      ))}
    </ul>
  );
}
