/**
 * Reports one tenant's completed hours of api_call usage to Stripe's meter, hourly (server/usage/
 * meterReports.ts; handler: jobs/handlers/reportUsageMeters.ts). Only for an org with a Stripe
 * customer, and only when Stripe is configured. Retried: a report Stripe already has is refused as
 * a duplicate identifier, which counts as reported.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const reportUsageMeters = defineJob({
  name: 'reportUsageMeters',
  payload: ZTenantJobScope,
  attempts: 5,
  backoffMs: 30_000,
  concurrency: 2,
});
