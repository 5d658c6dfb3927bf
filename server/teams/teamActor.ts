/** Who is changing teams: the org the change belongs to and the user the events name. */
export type TeamActor = { orgId: string; userId: string };
