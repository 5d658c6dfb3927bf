/**
 * Fans one org's new activity out into its members' inboxes and records the immediate emails they
 * asked for (handler: jobs/handlers/notifyInbox.ts). Started for every org each minute by the
 * cron fan-out, and at once when the relay has published the org's activity.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const notifyInbox = defineJob({ name: 'notifyInbox', payload: ZTenantJobScope, attempts: 5 });
