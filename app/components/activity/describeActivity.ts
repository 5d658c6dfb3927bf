/**
 * Turns an activity event into the sentence a person reads: "Dana Admin updated the
 * organization profile (name, tax ID)". Events this module does not know yet still read well,
 * from their dotted type ("api_key.created" → "created an api key").
 */
import type { ActivityEvent } from '../../../server/activity/types';

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  billingAddress: 'billing address',
  taxId: 'tax ID',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function fieldList(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  const labels = value.filter((f): f is string => typeof f === 'string').map((f) => FIELD_LABELS[f] ?? f);
  return labels.length ? ` (${labels.join(', ')})` : '';
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const PAST_TENSE: Record<string, string> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  removed: 'removed',
  revoked: 'revoked',
  invited: 'invited',
  added: 'added',
  changed: 'changed',
};

/** "api_key.created" → "created an api key"; unknown shapes fall back to the words themselves. */
function fromType(type: string): string {
  const [resource = type, action = ''] = type.split('.');
  const noun = resource
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const verb = PAST_TENSE[action];
  return verb ? `${verb} ${article(noun)}` : `${noun} ${action.replace(/[_-]+/g, ' ')}`.trim();
}

export function describeActivity(event: ActivityEvent): string {
  const actor = event.actor?.name ?? (event.actor ? 'A former member' : 'Atrium');
  switch (event.type) {
    case 'org.created':
      return `${text(event.data.name) ?? 'The organization'} was created`;
    case 'org.updated':
      return `${actor} updated the organization profile${fieldList(event.data.fields)}`;
    case 'member.joined': {
      const role = text(event.data.role);
      return role ? `${actor} joined as ${role}` : `${actor} joined`;
    }
    default:
      return `${actor} ${fromType(event.type)}`;
  }
}
