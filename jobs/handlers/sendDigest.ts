/**
 * The daily email digest of one org: for each active member who turned the digest on for some kind
 * of event, the inbox entries waiting for a digest, in one email through sendEmail. A person's
 * entries are read and marked digested in a short transaction as that person (withTenant with
 * their user id), because inbox rows are visible only to their owner; the job itself only learns
 * who asked for a digest. The email's sendEmail job is recorded in the outbox in that same
 * transaction (server/jobs/recordJob.ts): entries marked digested always have their email on the
 * way, and no transaction waits on Redis.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { memberships, notificationPreferences, notifications, users } from '../../db/schema';
import { env } from '../../server/env';
import { DIGEST_MAX_ITEMS, sendDigest } from '../../server/jobs/definitions/sendDigest';
import { sendEmail } from '../../server/jobs/definitions/sendEmail';
import { recordJob } from '../../server/jobs/recordJob';
import { notificationSentence } from '../../server/notifications/sentence';
import { orgNameAndSlug } from '../../server/orgs/service';
import { withTenant } from '../../server/tenancy/withTenant';
import { countOf } from '../../server/shared/plural';
import { handleJob } from '../handler';

const actors = alias(users, 'actor');

export const sendDigestHandler = handleJob(sendDigest, async ({ orgId }, { inTenant, log }) => {
  const { org, subscribers } = await inTenant(async (tx) => ({
    org: await orgNameAndSlug(tx, orgId),
    subscribers: await tx
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
      ),
  }));
  let sent = 0;
  for (const { userId } of subscribers) {
    const isSent = await withTenant(orgId, { type: 'user', userId }, async (own) => {
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
      if (pending.length === 0) return false;
      const [person] = await own.select({ email: users.email }).from(users).where(eq(users.id, userId));
      if (!person) return false;
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
      await recordJob(own, sendEmail, {
        orgId,
        userId,
        to: person.email,
        subject: `${org.name}: your daily digest (${countOf(pending.length, 'update')})`,
        text: `What happened in ${org.name}:\n\n${lines.join('\n')}\n\nSee everything: ${link}\n\nChange what the digest contains on that page.`,
      });
      return true;
    });
    if (isSent) sent += 1;
  }
  if (sent > 0) log.info({ digests: sent }, 'digests recorded');
});
