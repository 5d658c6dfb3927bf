/**
 * Reports one tenant's completed hours of API calls to Stripe's meter (server/usage/meterReports.ts):
 * short transactions before and after the Stripe calls, none across them. Nothing to do when
 * Stripe is not configured.
 */
import { stripeClient } from '../../server/billing/stripeClient';
import { env } from '../../server/env';
import { reportUsageMeters } from '../../server/jobs/definitions/reportUsageMeters';
import { reportUsageToStripe } from '../../server/usage/meterReports';
import { handleJob } from '../handler';

export const reportUsageMetersHandler = handleJob(reportUsageMeters, async ({ orgId }, { inTenant, log }) => {
  const stripe = stripeClient();
  if (!stripe) return;
  const { sent } = await reportUsageToStripe(stripe, env.STRIPE_METER_API_CALLS, orgId, inTenant);
  if (sent > 0) log.info({ hours: sent }, 'API call usage reported to Stripe');
});
