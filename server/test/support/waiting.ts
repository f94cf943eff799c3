import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { TestContext } from './test-context';

const onServer = !!process.env.DATABASE_URL;

/** Polls `condition` every 20 ms; fails the test, naming `what`, if it does not hold within 5 s. */
export async function until(condition: () => Promise<boolean>, what = 'the condition'): Promise<void> {
  for (const deadline = Date.now() + 5000; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`${what} never held within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until `n` requests are held up behind a transaction the test keeps open, so the race the
 * test stages really happens: on a PostgreSQL server, `n` sessions of the test's database waiting
 * for a lock; on the embedded database (one connection, which the test's transaction holds), `n`
 * callers waiting for that connection. Fails the test after 5 s — a request that never waits means
 * the race was not staged, and the test would prove nothing. `orSettled`: a request that may
 * legitimately finish without waiting; its settling ends the wait too.
 */
export async function untilWaiting(ctx: TestContext, n = 1, orSettled?: Promise<unknown>): Promise<void> {
  const pool = (ctx.db.driver as PostgresDriver).master as { waitingCount: number };
  let settled = false;
  void orSettled?.then(() => (settled = true), () => (settled = true));
  const waiting = async () => (onServer
    ? (await ctx.db.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE NOT l.granted AND a.datname = current_database()`))[0].n as number
    : pool.waitingCount);
  await until(async () => settled || (await waiting()) >= n, `${n} request(s) waiting behind the held transaction`);
}
