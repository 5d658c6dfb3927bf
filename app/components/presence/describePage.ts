/** A person-readable name for a page inside an org ("Organization settings"), from its path. */

const SECTIONS: Record<string, { list: string; item: string; new?: string }> = {
  settings: { list: 'Organization settings', item: 'Organization settings' },
  members: { list: 'Members', item: 'A member’s profile' },
  invitations: { list: 'Invitations', item: 'An invitation' },
  teams: { list: 'Teams', item: 'A team', new: 'New team' },
  roles: { list: 'Roles', item: 'A role', new: 'New role' },
};

export function describePage(path: string, orgSlug: string): string {
  const prefix = `/o/${orgSlug}`.toLowerCase();
  const lower = path.toLowerCase();
  if (lower !== prefix && !lower.startsWith(`${prefix}/`)) return path;
  const parts = path.slice(prefix.length).split('/').filter(Boolean);
  const [section, item] = parts;
  if (!section) return 'Dashboard';
  const known = SECTIONS[section.toLowerCase()];
  if (!known) return path;
  if (!item) return known.list;
  if (item === 'new' && known.new) return known.new;
  return known.item;
}

/** Up to two initials for an avatar: "Alice Admin" → "AA", "bob" → "B". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((word) => Array.from(word)[0]!.toUpperCase()).join('') || '?';
}
