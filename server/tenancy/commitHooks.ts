/**
 * The hooks of one withTenant transaction (its unit of work). A feature that must write something
 * with the change — the audit event, the activity events — holds it in the transaction's state and
 * registers a `beforeCommit` hook that writes it after the work, right before COMMIT; work that
 * must wait until the change is saved (closing sockets, enqueueing mail) is an `afterCommit` task.
 * This module knows no feature: features register themselves here; it must never import one.
 *
 * Before-commit hooks run in ascending `order` (ties in registration order): a feature whose
 * statement must take its locks first says so with a lower order (decision 013). A hook is
 * registered once per transaction however often a feature asks.
 */
import type { Tx } from './withTenant';

export type BeforeCommitHook = {
  /** Lower runs first. */
  order: number;
  run: (tx: Tx) => Promise<void>;
};

export type AfterCommitTask = () => Promise<void>;

type Unit = {
  hooks: BeforeCommitHook[];
  tasks: AfterCommitTask[];
  state: Map<symbol, unknown>;
};

const units = new WeakMap<Tx, Unit>();

/** A Tx exists only inside withTenant: used after its transaction ended, it refuses. */
function unitOf(tx: Tx): Unit {
  const unit = units.get(tx);
  if (!unit) throw new Error('an event was recorded on a transaction that has already ended');
  return unit;
}

/** Runs `hook` inside the transaction after its work, before COMMIT (once, however often registered). */
export function beforeCommit(tx: Tx, hook: BeforeCommitHook): void {
  const { hooks } = unitOf(tx);
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Runs `task` only once the transaction has committed; a failing task is logged, never thrown. */
export function afterCommit(tx: Tx, task: AfterCommitTask): void {
  unitOf(tx).tasks.push(task);
}

/**
 * A feature's state for this transaction under its own key (created on first use, gone when the
 * transaction ends): what its before-commit hook will write.
 */
export function transactionState<T>(tx: Tx, key: symbol, create: () => T): T {
  const { state } = unitOf(tx);
  if (!state.has(key)) state.set(key, create());
  return state.get(key) as T;
}

/** Called by withTenant when its transaction begins. */
export function beginUnit(tx: Tx): void {
  units.set(tx, { hooks: [], tasks: [], state: new Map() });
}

/** Called by withTenant after its work, before COMMIT. */
export async function runBeforeCommit(tx: Tx): Promise<void> {
  const unit = unitOf(tx);
  const hooks = [...unit.hooks].sort((a, b) => a.order - b.order);
  for (const hook of hooks) await hook.run(tx);
}

/**
 * Ends the unit: its state is dropped either way; the after-commit tasks are returned when it
 * committed, dropped when it rolled back.
 */
export function endUnit(tx: Tx, committed: boolean): AfterCommitTask[] {
  const unit = units.get(tx);
  units.delete(tx);
  return committed && unit ? unit.tasks : [];
}
