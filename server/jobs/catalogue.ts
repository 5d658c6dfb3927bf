/**
 * Every job definition, by name: what the outbox relay's hand-off (./recordedJobs.ts) may start,
 * and what the worker's registry (jobs/registry.ts) must bind a handler to — a test there fails on
 * a definition without one.
 */
import type { JobDefinition } from './define';
import { deliverWebhooks } from './definitions/deliverWebhooks';
import { measureStorageUsage } from './definitions/measureStorageUsage';
import { notifyInbox } from './definitions/notifyInbox';
import { purgeAudit } from './definitions/purgeAudit';
import { purgeOutbox } from './definitions/purgeOutbox';
import { purgeWebhooks } from './definitions/purgeWebhooks';
import { pushAudit } from './definitions/pushAudit';
import { reportUsageMeters } from './definitions/reportUsageMeters';
import { rollupUsage } from './definitions/rollupUsage';
import { sendDigest } from './definitions/sendDigest';
import { sendEmail } from './definitions/sendEmail';
import { sweepUsageRollups } from './definitions/sweepUsageRollups';
import { sweepWebhooks } from './definitions/sweepWebhooks';

export const JOB_DEFINITIONS: readonly JobDefinition[] = [
  sendEmail,
  purgeOutbox,
  purgeAudit,
  notifyInbox,
  sendDigest,
  pushAudit,
  deliverWebhooks,
  sweepWebhooks,
  purgeWebhooks,
  rollupUsage,
  sweepUsageRollups,
  measureStorageUsage,
  reportUsageMeters,
];

const byName = new Map(JOB_DEFINITIONS.map((job) => [job.name, job]));

export function jobDefinitionNamed(name: string): JobDefinition | undefined {
  return byName.get(name);
}
