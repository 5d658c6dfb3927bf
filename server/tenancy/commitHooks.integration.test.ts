/**
 * The unit of work's hooks: before-commit hooks run inside the transaction after its work, in
 * their declared order, and roll back with it; after-commit tasks run only once COMMIT succeeded,
 * in order, and a failing one never turns the saved change into an error.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { afterCommit, beforeCommit, transactionState, type BeforeCommitHook } from './commitHooks';
import type { Principal } from './principal';
import { withTenant, type Tx } from './withTenant';

let org: TestOrg;
const system: Principal = { type: 'system', name: 'test' };

beforeAll(async () => {
  org = await createTestOrg('commit-hooks');
});

const inTransaction = async (tx: Tx) =>
  (await tx.execute<{ open: boolean }>(sql`select now() = statement_timestamp() as open`)).rows[0]?.open === false;

describe('withTenant hooks', () => {
  it('runs before-commit hooks in the transaction, by order then registration, each once', async () => {
    const ran: string[] = [];
    const hook = (name: string, order: number): BeforeCommitHook => ({
      order,
      async run(tx) {
        ran.push(`${name}:${(await inTransaction(tx)) ? 'in' : 'out'}`);
      },
    });
    const late = hook('late', 20);
    const early = hook('early', 10);
    const alsoLate = hook('alsoLate', 20);
    await withTenant(org.orgId, system, async (tx) => {
      beforeCommit(tx, late);
      beforeCommit(tx, alsoLate);
      beforeCommit(tx, early);
      beforeCommit(tx, late);
      ran.push('work');
    });
    expect(ran).toEqual(['work', 'early:in', 'late:in', 'alsoLate:in']);
  });

  it('runs after-commit tasks once committed, in order; a failing task is logged and the result stands', async () => {
    const ran: string[] = [];
    const result = await withTenant(org.orgId, system, async (tx) => {
      afterCommit(tx, async () => {
        ran.push('first');
      });
      afterCommit(tx, () => Promise.reject(new Error('mail server down')));
      afterCommit(tx, async () => {
        ran.push('third');
      });
      ran.push('work');
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(ran).toEqual(['work', 'first', 'third']);
  });

  it('drops after-commit tasks and held state when the transaction rolls back (a failing hook included)', async () => {
    const ran: string[] = [];
    const failing: BeforeCommitHook = {
      order: 0,
      run: () => Promise.reject(new Error('refused at commit')),
    };
    const key = Symbol('test state');
    let heldTx: Tx | undefined;
    await expect(
      withTenant(org.orgId, system, async (tx) => {
        heldTx = tx;
        transactionState(tx, key, () => ['held']);
        afterCommit(tx, async () => {
          ran.push('after');
        });
        beforeCommit(tx, failing);
      }),
    ).rejects.toThrow('refused at commit');
    expect(ran).toEqual([]);
    expect(() => transactionState(heldTx!, key, () => [])).toThrow(/already ended/);
  });
});
