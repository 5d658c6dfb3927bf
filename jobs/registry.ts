/**
 * Every job kind the workers process — each definition (server/jobs/catalogue.ts) bound to its
 * handler (./handlers/) — and every cron fan-out they schedule; and the one trigger that is not a
 * cron: activity the outbox relay of this process has just published starts that org's
 * notifyInbox at once (the minute's fan-out only catches up what a failed enqueue missed).
 */
import { measureStorageUsage } from '../server/jobs/definitions/measureStorageUsage';
import { notifyInbox } from '../server/jobs/definitions/notifyInbox';
import { purgeAudit } from '../server/jobs/definitions/purgeAudit';
import { purgeOutbox } from '../server/jobs/definitions/purgeOutbox';
import { purgeWebhooks } from '../server/jobs/definitions/purgeWebhooks';
import { pushAudit } from '../server/jobs/definitions/pushAudit';
import { reportUsageMeters } from '../server/jobs/definitions/reportUsageMeters';
import { sendDigest } from '../server/jobs/definitions/sendDigest';
import { sweepUsageRollups } from '../server/jobs/definitions/sweepUsageRollups';
import { sweepWebhooks } from '../server/jobs/definitions/sweepWebhooks';
import { enqueue } from '../server/jobs/enqueue';
import { logger } from '../server/logger';
import { onOutboxPublished } from '../server/realtime/outboxRelay';
import { defineCron, type CronDefinition } from './cron';
import type { JobHandler } from './handler';
import { deliverWebhooksHandler } from './handlers/deliverWebhooks';
import { measureStorageUsageHandler } from './handlers/measureStorageUsage';
import { notifyInboxHandler } from './handlers/notifyInbox';
import { purgeAuditHandler } from './handlers/purgeAudit';
import { purgeOutboxHandler } from './handlers/purgeOutbox';
import { purgeWebhooksHandler } from './handlers/purgeWebhooks';
import { pushAuditHandler } from './handlers/pushAudit';
import { reportUsageMetersHandler } from './handlers/reportUsageMeters';
import { rollupUsageHandler } from './handlers/rollupUsage';
import { sendDigestHandler } from './handlers/sendDigest';
import { sendEmailHandler } from './handlers/sendEmail';
import { sweepUsageRollupsHandler } from './handlers/sweepUsageRollups';
import { sweepWebhooksHandler } from './handlers/sweepWebhooks';

export const ALL_HANDLERS: readonly JobHandler[] = [
  sendEmailHandler,
  purgeOutboxHandler,
  purgeAuditHandler,
  notifyInboxHandler,
  sendDigestHandler,
  pushAuditHandler,
  deliverWebhooksHandler,
  sweepWebhooksHandler,
  purgeWebhooksHandler,
  rollupUsageHandler,
  sweepUsageRollupsHandler,
  measureStorageUsageHandler,
  reportUsageMetersHandler,
];

export const ALL_CRONS: readonly CronDefinition[] = [
  defineCron({ name: 'purgeOutbox', pattern: '17 * * * *', job: purgeOutbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'notifyInbox', pattern: '* * * * *', job: notifyInbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'sendDigest', pattern: '0 7 * * *', job: sendDigest, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'purgeAudit', pattern: '41 3 * * *', job: purgeAudit, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'pushAudit', pattern: '* * * * *', job: pushAudit, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'sweepWebhooks', pattern: '* * * * *', job: sweepWebhooks, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'purgeWebhooks', pattern: '23 * * * *', job: purgeWebhooks, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({
    name: 'sweepUsageRollups',
    pattern: '* * * * *',
    job: sweepUsageRollups,
    payloadFor: (orgId) => ({ orgId }),
  }),
  defineCron({
    name: 'measureStorageUsage',
    pattern: '11 2 * * *',
    job: measureStorageUsage,
    payloadFor: (orgId) => ({ orgId }),
  }),
  // A few minutes past the hour: the hour just completed has been rolled up by then.
  defineCron({
    name: 'reportUsageMeters',
    pattern: '7 * * * *',
    job: reportUsageMeters,
    payloadFor: (orgId) => ({ orgId }),
  }),
];

onOutboxPublished((orgId, topics) => {
  if (!topics.has('activity')) return;
  enqueue(notifyInbox, { orgId }).catch((error: unknown) =>
    logger.warn({ err: error, orgId }, 'notifyInbox not enqueued; the cron fan-out will catch up'),
  );
});
