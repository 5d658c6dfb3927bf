/**
 * Every job kind the workers process and every cron fan-out they schedule — and the one trigger
 * that is not a cron: activity the outbox relay of this process has just published starts that
 * org's notifyInbox at once (the minute's fan-out only catches up what a failed enqueue missed).
 */
import { logger } from '../server/logger';
import { onOutboxPublished } from '../server/realtime/outboxRelay';
import { defineCron, type CronDefinition } from './cron';
import type { JobDefinition } from './define';
import { enqueue } from './enqueue';
import { purgeAudit } from './definitions/purgeAudit';
import { notifyInbox } from './definitions/notifyInbox';
import { purgeOutbox } from './definitions/purgeOutbox';
import { pushAudit } from './definitions/pushAudit';
import { sendDigest } from './definitions/sendDigest';
import { sendEmail } from './definitions/sendEmail';

export const ALL_JOBS: readonly JobDefinition[] = [
  sendEmail,
  purgeOutbox,
  purgeAudit,
  notifyInbox,
  sendDigest,
  pushAudit,
];

export const ALL_CRONS: readonly CronDefinition[] = [
  defineCron({ name: 'purgeOutbox', pattern: '17 * * * *', job: purgeOutbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'notifyInbox', pattern: '* * * * *', job: notifyInbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'sendDigest', pattern: '0 7 * * *', job: sendDigest, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'purgeAudit', pattern: '41 3 * * *', job: purgeAudit, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'pushAudit', pattern: '* * * * *', job: pushAudit, payloadFor: (orgId) => ({ orgId }) }),
];

onOutboxPublished((orgId, topics) => {
  if (!topics.has('activity')) return;
  enqueue(notifyInbox, { orgId }).catch((error: unknown) =>
    logger.warn({ err: error, orgId }, 'notifyInbox not enqueued; the cron fan-out will catch up'),
  );
});
