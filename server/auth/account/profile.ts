/** The signed-in user's own profile: only what they may change about themselves. */
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { AppError } from '../../errors';
import { withActor } from '../../tenancy/withTenant';

export async function updateProfile(userId: string, input: { name: string }): Promise<{ name: string }> {
  const [row] = await withActor(userId, (tx) =>
    tx
      .update(users)
      .set({ name: input.name, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ name: users.name }),
  );
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND');
  return row;
}
