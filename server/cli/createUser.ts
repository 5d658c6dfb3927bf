/**
 * Creating a user who belongs to no organization yet (CLI `user:create`, demo seed). The row is
 * written inside withActor(newId): the users insert policy admits only the actor's own row.
 */
import { randomUUID } from 'node:crypto';
import { users } from '../../db/schema';
import { hashPassword } from '../auth/password';
import { AppError } from '../errors';
import { withActor } from '../tenancy/withTenant';

export type NewUser = { email: string; password: string; name: string };

const UNIQUE_VIOLATION = '23505';

function isEmailTaken(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint?: string };
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === 'users_email_key') return true;
  }
  return false;
}

export async function createUser(input: NewUser): Promise<{ id: string; email: string; name: string }> {
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    await withActor(id, (tx) => tx.insert(users).values({ id, email: input.email, name: input.name, passwordHash }));
  } catch (error) {
    if (isEmailTaken(error)) throw new AppError('EMAIL_TAKEN', `A user with the email ${input.email} already exists`);
    throw error;
  }
  return { id, email: input.email, name: input.name };
}
