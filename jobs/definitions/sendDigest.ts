/**
 * The daily email digest of one org (started for every org by the cron fan-out): for each active
 * member who turned the digest on for some kind of event, the inbox entries waiting for a digest,
 * in one email through sendEmail, then marked digested. A person's entries are read and marked in
 * a transaction as that person (withTenant with their user id), because inbox rows are visible
 * only to their owner; the job itself only learns who asked for a digest.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { memberships, notificationPreferences, notifications, users } from '../../db/schema';
import { orgNameAndSlug } from '../../server/orgs/service';
import { env } from '../../server/env';
import { notificationSentence } from '../../server/notifications/sentence';
import { withTenant } from '../../server/tenancy/withTenant';
import { defineJob, ZTenantJobScope } from '../define';
import { enqueue } from '../enqueue';
import { sendEmail } from './sendEmail';
import { countOf } from '../../server/shared/plural';

export const DIGEST_MAX_ITEMS = 200;

const actors = alias(users, 'actor');

export const sendDigest = defineJob({
  name: 'sendDigest',
  payload: ZTenantJobScope,
  attempts: 3,
  handler: async ({ orgId }, { tx, log }) => {
    const org = await orgNameAndSlug(tx, orgId);
    const subscribers = await tx
      .selectDistinct({ userId: notificationPreferences.userId })
      .from(notificationPreferences)
      .innerJoin(
        memberships,
        and(
          eq(memberships.orgId, notificationPreferences.orgId),
          eq(memberships.userId, notificationPreferences.userId),
        ),
      )
      .where(
        and(
          eq(notificationPreferences.channel, 'digest'),
          eq(notificationPreferences.isEnabled, true),
          eq(memberships.status, 'active'),
        ),
      );
    let sent = 0;
    for (const { userId } of subscribers) {
      const mail = await withTenant(orgId, { type: 'user', userId }, async (own) => {
        const pending = await own
          .select({
            id: notifications.id,
            type: notifications.type,
            actorUserId: notifications.actorUserId,
            actorName: actors.name,
            data: notifications.data,
            createdAt: notifications.createdAt,
          })
          .from(notifications)
          .leftJoin(actors, eq(actors.id, notifications.actorUserId))
          .where(
            and(
              eq(notifications.orgId, orgId),
              eq(notifications.userId, userId),
              eq(notifications.inDigest, true),
              isNull(notifications.digestedAt),
            ),
          )
          .orderBy(asc(notifications.id))
          .limit(DIGEST_MAX_ITEMS);
        if (pending.length === 0) return null;
        const [person] = await own.select({ email: users.email }).from(users).where(eq(users.id, userId));
        if (!person) return null;
        await own
          .update(notifications)
          .set({ digestedAt: sql`now()` })
          .where(
            inArray(
              notifications.id,
              pending.map((row) => row.id),
            ),
          );
        const link = new URL(`/o/${org.slug}/notifications`, env.APP_URL).toString();
        const lines = pending.map(
          (row) => `- ${row.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC  ${notificationSentence(row)}`,
        );
        return {
          to: person.email,
          subject: `${org.name}: your daily digest (${countOf(pending.length, 'update')})`,
          text: `What happened in ${org.name}:\n\n${lines.join('\n')}\n\nSee everything: ${link}\n\nChange what the digest contains on that page.`,
        };
      });
      if (!mail) continue;
      await enqueue(sendEmail, { orgId, userId, ...mail });
      sent += 1;
    }
    if (sent > 0) log.info({ digests: sent }, 'digests sent');
  },
});
