/** Every job kind the workers process and every cron fan-out they schedule. */
import { defineCron, type CronDefinition } from './cron';
import type { JobDefinition } from './define';
import { purgeAudit } from './definitions/purgeAudit';
import { notifyInbox } from './definitions/notifyInbox';
import { purgeOutbox } from './definitions/purgeOutbox';
import { sendDigest } from './definitions/sendDigest';
import { sendEmail } from './definitions/sendEmail';

export const ALL_JOBS: readonly JobDefinition[] = [sendEmail, purgeOutbox, purgeAudit, notifyInbox, sendDigest];

export const ALL_CRONS: readonly CronDefinition[] = [
  defineCron({ name: 'purgeOutbox', pattern: '17 * * * *', job: purgeOutbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'notifyInbox', pattern: '* * * * *', job: notifyInbox, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'sendDigest', pattern: '0 7 * * *', job: sendDigest, payloadFor: (orgId) => ({ orgId }) }),
  defineCron({ name: 'purgeAudit', pattern: '41 3 * * *', job: purgeAudit, payloadFor: (orgId) => ({ orgId }) }),
];
