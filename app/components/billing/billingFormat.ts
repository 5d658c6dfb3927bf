/** How the billing page writes prices and limits: by hand, so server and browser render the same. */
import { groupThousands } from '../../../server/shared/entitlements';

/** 4900 → "$49", 0 → "Free", null → "Custom pricing". */
export function monthlyPrice(cents: number | null): string {
  if (cents === null) return 'Custom pricing';
  if (cents === 0) return 'Free';
  const dollars = cents / 100;
  const whole = Number.isInteger(dollars);
  return `$${whole ? groupThousands(dollars) : `${groupThousands(Math.trunc(dollars))}.${String(cents % 100).padStart(2, '0')}`}`;
}

export function limitText(value: number | null, unit: string): string {
  return value === null ? `Unlimited ${unit}` : `${groupThousands(value)} ${unit}`;
}

/** "6 Mar 2027" (UTC), for period ends. */
export function formatDay(value: Date | string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A status of Stripe's, in words. */
export function subscriptionStatusText(status: string): string {
  const words: Record<string, string> = {
    trialing: 'Trial',
    active: 'Active',
    past_due: 'Payment failed',
    canceled: 'Canceled',
    unpaid: 'Unpaid',
    incomplete: 'Awaiting payment',
    incomplete_expired: 'Expired',
    paused: 'Paused',
  };
  return words[status] ?? status;
}
