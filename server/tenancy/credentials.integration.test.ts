/**
 * Credentials stay out of reach of the runtime role: no password hashes through the users
 * table (even for people sharing an org), and a used reset link cancels the user's other links.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAppPool, getAppPool } from '../../db/client';
import { passwordResetTokens, users } from '../../db/schema';
import { adminQuery, closeAdminPool, pgErrorFrom } from '../../test/db';
import { hashToken } from '../auth/sessionToken';
import { consumePasswordResetToken } from './lookups';
import { withActor } from './withTenant';

async function createUser(): Promise<string> {
  const id = randomUUID();
  await withActor(id, (tx) =>
    tx.insert(users).values({ id, email: `cred-${id}@example.test`, name: 'Cred Test', passwordHash: 'argon2-hash' }),
  );
  return id;
}

async function issueResetToken(userId: string): Promise<string> {
  const token = randomUUID();
  await withActor(userId, (tx) =>
    tx
      .insert(passwordResetTokens)
      .values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + 3_600_000) }),
  );
  return token;
}

afterAll(async () => {
  await closeAppPool();
  await closeAdminPool();
});

describe('credentials', () => {
  it('the runtime role cannot read password hashes, even its own', async () => {
    const id = await createUser();
    const error = await pgErrorFrom(withActor(id, (tx) => tx.select({ hash: users.passwordHash }).from(users)));
    expect(error.code).toBe('42501');
    const visible = await withActor(id, (tx) => tx.select({ id: users.id, email: users.email }).from(users));
    expect(visible).toEqual([{ id, email: `cred-${id}@example.test` }]);
  });

  it('the runtime role reads no reset tokens outside its own user', async () => {
    const id = await createUser();
    await issueResetToken(id);
    const { rows } = await getAppPool().query('select id from password_reset_tokens');
    expect(rows).toHaveLength(0);
  });

  it('using one reset link cancels the other outstanding links of that user', async () => {
    const id = await createUser();
    const first = await issueResetToken(id);
    const second = await issueResetToken(id);
    expect(await consumePasswordResetToken(hashToken(first))).toBe(id);
    expect(await consumePasswordResetToken(hashToken(first))).toBeNull();
    expect(await consumePasswordResetToken(hashToken(second))).toBeNull();
    const rows = await adminQuery<{ used_at: Date | null }>(
      'select used_at from password_reset_tokens where user_id = $1',
      [id],
    );
    expect(rows.every((r) => r.used_at !== null)).toBe(true);
  });
});
