/** Who else is at a resource: other members (never yourself, in any tab), editing if any tab is. */
import type { OnlineMember, PresenceMode } from '../../../server/presence/snapshot';

export type PersonAtResource = { membershipId: string; name: string; mode: PresenceMode };

export function othersAt(online: readonly OnlineMember[], you: string | null, resource: string): PersonAtResource[] {
  const people: PersonAtResource[] = [];
  for (const member of online) {
    if (member.membershipId === you) continue;
    const here = member.places.filter((place) => place.resource === resource);
    if (here.length === 0) continue;
    const mode = here.some((place) => place.mode === 'editing') ? 'editing' : 'viewing';
    people.push({ membershipId: member.membershipId, name: member.name, mode });
  }
  // Editors first: they are the ones a save could collide with.
  return people.sort((a, b) => (a.mode === b.mode ? 0 : a.mode === 'editing' ? -1 : 1));
}

export function sentenceFor(person: PersonAtResource): string {
  return person.mode === 'editing' ? `${person.name} is editing` : `${person.name} is also viewing this`;
}
