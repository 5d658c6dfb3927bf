/**
 * What the landing page promises: only what works today. A capability adds its line when it
 * lands (billing, usage, SSO, SCIM, API keys and support are not built yet).
 */
export const LANDING_FEATURES = [
  {
    title: 'Your organization',
    text: 'Profile, people, roles with conditions, teams and invitations — in one place.',
  },
  { title: 'Accountable', text: 'A tamper-evident audit trail of every change, searchable and exportable.' },
  { title: 'Live', text: 'Activity, notifications and who is online, as it happens.' },
] as const;
