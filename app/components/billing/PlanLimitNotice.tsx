/**
 * A PLAN_LIMIT_REACHED refusal with its way out: the message, and a link to the billing page
 * naming the plan that allows more ("Upgrade to Team for 25 seats") for those who may see billing;
 * the others are told whom to ask.
 */
import { Link } from '@remix-run/react';
import { Callout } from '~/components/ui/tremor';
import { useCan } from '~/lib/permissions';
import { upgradeLabel, type PlanLimitDetails } from '../../../server/shared/entitlements';

export function PlanLimitNotice({
  message,
  details,
  orgSlug,
}: {
  message: string;
  details: PlanLimitDetails;
  orgSlug: string;
}) {
  const can = useCan();
  const label = upgradeLabel(details);
  // The server's message ends with the same offer: shown once, as the link.
  const text = label && message.endsWith(` ${label}.`) ? message.slice(0, -(label.length + 2)) : message;
  return (
    <Callout title="Your plan’s limit is reached" color="amber" role="alert">
      <span>{text}</span>{' '}
      {label && can('billing:read') ? (
        <Link
          to={`/o/${orgSlug}/billing`}
          className="font-medium text-blue-700 underline hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          {label}
        </Link>
      ) : label ? (
        <span>{label}: ask an owner or a billing contact.</span>
      ) : null}
    </Callout>
  );
}
