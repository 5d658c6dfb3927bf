/**
 * The demo tenant's data: who signs in, with which role and attributes (one per system role), and
 * the table of logins printed after seeding. Kept apart from seed.ts so the seeding steps read on their own.
 */
import type { MemberAttributes } from '../../db/schema';
import type { SystemRoleKey } from '../authz/systemRoles';

export const DEMO_ORG = {
  name: 'Acme Corp',
  slug: 'acme',
  billingAddress: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
  taxId: 'DE123456789',
} as const;

export const DEMO_PASSWORD = 'atrium-demo-password';

export type DemoPerson = { email: string; name: string; role: SystemRoleKey; attributes: MemberAttributes };

/** The owner comes first: the org is created with them as its Owner. */
export const DEMO_PEOPLE: [DemoPerson, ...DemoPerson[]] = [
  {
    email: 'owner@acme.test',
    name: 'Olivia Owner',
    role: 'owner',
    attributes: { department: 'Executive', region: 'eu-central', title: 'Chief Executive Officer' },
  },
  {
    email: 'admin@acme.test',
    name: 'Adam Admin',
    role: 'admin',
    attributes: { department: 'IT', region: 'eu-central', title: 'IT Operations Lead' },
  },
  {
    email: 'member@acme.test',
    name: 'Mia Member',
    role: 'member',
    attributes: { department: 'Customer Success', region: 'eu-west', title: 'Account Manager' },
  },
  {
    email: 'viewer@acme.test',
    name: 'Victor Viewer',
    role: 'viewer',
    attributes: { department: 'Finance', region: 'us-east', title: 'Financial Analyst' },
  },
  {
    email: 'billing@acme.test',
    name: 'Bea Billing',
    role: 'billing',
    attributes: { department: 'Finance', region: 'eu-central', title: 'Accounts Payable Lead' },
  },
];

/** The demo person Stripe knows as the customer's billing contact. */
export const DEMO_BILLING_EMAIL = 'billing@acme.test';

const ROLE_NAMES: Record<SystemRoleKey, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
  billing: 'Billing',
};

/** A plain-text table of the demo logins, for the terminal. */
export function formatDemoLogins(appUrl: string): string {
  const rows = DEMO_PEOPLE.map((p) => [ROLE_NAMES[p.role], p.name, p.email]);
  const header = ['Role', 'Name', 'Email'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `Demo organization "${DEMO_ORG.name}": ${new URL(`/o/${DEMO_ORG.slug}`, appUrl).toString()}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Password for every demo login: ${DEMO_PASSWORD}`,
  ].join('\n');
}
