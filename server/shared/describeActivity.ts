/**
 * Turns an activity event into the sentence a person reads: "Dana Admin updated the
 * organization profile (name, tax ID)". Events this module does not know yet still read well,
 * from their dotted type ("widget.created" → "created a widget").
 */
import type { ActivityEvent } from './activityEvent';
import { formatMoney } from './money';
import { PLANS, isPlanKey } from './plans';
import { countOf } from './plural';
import { groupedCount } from './usageNumbers';

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  billingAddress: 'billing address',
  taxId: 'tax ID',
  allowedEmailDomains: 'allowed email domains',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function fieldList(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  const labels = value.filter((f): f is string => typeof f === 'string').map((f) => FIELD_LABELS[f] ?? f);
  return labels.length ? ` (${labels.join(', ')})` : '';
}

/** "Ada", "Ada and Bo", "Ada, Bo and 3 others" from names or `{ name }` objects. */
function people(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const names = value
    .map((p) => text(p) ?? (p && typeof p === 'object' ? text((p as { name?: unknown }).name) : null))
    .filter((n): n is string => n !== null);
  if (names.length === 0) return null;
  if (names.length === 1) return names[0]!;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(', ')} and ${countOf(names.length - 2, 'other')}`;
}

function nameOf(value: unknown): string | null {
  return value && typeof value === 'object' ? text((value as { name?: unknown }).name) : null;
}

/** "invoice ACME-0012 (€236.81)": the invoice as its data names it. */
function invoiceOf(data: Record<string, unknown>, amountField: string): string {
  const number = text(data.number);
  const amount = data[amountField];
  const currency = text(data.currency);
  const money = typeof amount === 'number' && currency ? ` (${formatMoney(amount, currency)})` : '';
  return `${number ? `invoice ${number}` : 'an invoice'}${money}`;
}

function capitalized(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function planName(value: unknown): string | null {
  const key = text(value);
  return key && isPlanKey(key) ? PLANS[key].name : null;
}

const SUBSCRIPTION_STATUS_WORDS: Record<string, string> = {
  trialing: 'is in its trial',
  active: 'is active',
  past_due: 'is past due',
  canceled: 'ended',
  unpaid: 'is unpaid',
  paused: 'is paused',
  incomplete: 'awaits its first payment',
  incomplete_expired: 'expired before its first payment',
};

function subscriptionSentence(data: Record<string, unknown>): string {
  const plan = planName(data.plan);
  const status = text(data.status);
  const subject = plan ? `The ${plan} subscription` : 'The subscription';
  if (status === 'canceled') return `${subject} ended`;
  if (data.cancelAtPeriodEnd === true) return `${subject} is set to end with the current period`;
  const previous = planName(data.previousPlan);
  if (plan && previous && previous !== plan) return `The subscription changed from ${previous} to ${plan}`;
  if (data.previousStatus === null && plan) return `The ${plan} subscription started`;
  return `${subject} ${status ? (SUBSCRIPTION_STATUS_WORDS[status] ?? 'changed') : 'changed'}`;
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

/** "widget.created" → "created a widget"; unknown shapes fall back to the words themselves. */
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
    case 'member.invited': {
      const count = typeof event.data.count === 'number' ? event.data.count : null;
      return count === null ? `${actor} invited people` : `${actor} invited ${countOf(count, 'person', 'people')}`;
    }
    case 'invitation.accepted':
      return `${actor} accepted an invitation`;
    case 'member.updated':
      return `${actor} updated ${text(event.data.memberName) ?? 'a member'}’s profile${fieldList(event.data.fields)}`;
    case 'member.roles_changed': {
      const roles = people(event.data.roles);
      const who = text(event.data.memberName) ?? 'a member';
      return roles ? `${actor} changed ${who}’s roles to ${roles}` : `${actor} changed ${who}’s roles`;
    }
    case 'member.deactivated':
    case 'member.reactivated':
    case 'member.removed': {
      const verb = event.type.slice('member.'.length);
      return `${actor} ${verb} ${text(event.data.memberName) ?? 'a member'}`;
    }
    case 'member.ownership_transferred':
      return `${actor} transferred ownership to ${text(event.data.memberName) ?? 'another member'}`;
    case 'role.created':
    case 'role.updated':
    case 'role.deleted': {
      const verb = event.type.slice('role.'.length);
      const name = text(event.data.name);
      return name ? `${actor} ${verb} the ${name} role` : `${actor} ${verb} a role`;
    }
    case 'team.created':
    case 'team.updated':
    case 'team.deleted': {
      const verb = event.type.slice('team.'.length);
      const name = text(event.data.name);
      return name ? `${actor} ${verb} the team ${name}` : `${actor} ${verb} a team`;
    }
    case 'team.member_added': {
      const who = people(event.data.members) ?? 'people';
      return `${actor} added ${who} to ${text(event.data.name) ?? 'a team'}`;
    }
    case 'team.member_removed': {
      const who = nameOf(event.data.member) ?? 'a member';
      return `${actor} removed ${who} from ${text(event.data.name) ?? 'a team'}`;
    }
    case 'team.lead_changed': {
      const who = nameOf(event.data.member) ?? 'a member';
      const team = text(event.data.name) ?? 'a team';
      return event.data.isLead === false
        ? `${actor} made ${who} no longer lead of ${team}`
        : `${actor} made ${who} a lead of ${team}`;
    }
    case 'api_key.created':
    case 'api_key.rotated':
    case 'api_key.revoked':
    case 'api_key.deleted': {
      const verb = event.type.slice('api_key.'.length);
      const name = text(event.data.name);
      return name ? `${actor} ${verb} the API key ${name}` : `${actor} ${verb} an API key`;
    }
    case 'audit.push_failing': {
      const host = text(event.data.host);
      const failures =
        typeof event.data.failures === 'number' ? ` after ${countOf(event.data.failures, 'failed attempt')}` : '';
      return `Audit push${host ? ` to ${host}` : ''} was turned off${failures}`;
    }
    case 'webhook.endpoint_disabled': {
      const host = text(event.data.host);
      const why =
        event.data.reason === 'gone'
          ? ': it answered 410 Gone'
          : event.data.reason === 'failing'
            ? ' after failing for 5 days'
            : '';
      return `The webhook endpoint${host ? ` ${host}` : ''} was turned off${why}`;
    }
    case 'invoice.paid':
      return `${capitalized(invoiceOf(event.data, 'amountPaid'))} was paid`;
    case 'billing.payment_failed':
      return `The payment of ${invoiceOf(event.data, 'amountDue')} failed`;
    case 'billing.card_expiring': {
      const brand = text(event.data.brand);
      const last4 = text(event.data.last4);
      const month = typeof event.data.expMonth === 'number' ? String(event.data.expMonth).padStart(2, '0') : null;
      const year = typeof event.data.expYear === 'number' ? event.data.expYear : null;
      const card = `The ${brand ? `${capitalized(brand)} ` : ''}card${last4 ? ` ending ${last4}` : ''}`;
      return month && year ? `${card} expires at the end of ${month}/${year}` : `${card} expires soon`;
    }
    case 'subscription.changed':
      return subscriptionSentence(event.data);
    case 'usage.quota_warning':
    case 'usage.quota_reached': {
      const percent = typeof event.data.percent === 'number' ? `${event.data.percent} %` : null;
      const limit = typeof event.data.limit === 'number' ? groupedCount(event.data.limit) : null;
      const what = event.type === 'usage.quota_reached' ? 'reached' : 'passed 80 % of';
      const detail = percent && limit ? ` (${percent} of ${limit})` : '';
      return `API calls ${what} this month’s plan limit${detail}`;
    }
    default:
      return `${actor} ${fromType(event.type)}`;
  }
}
