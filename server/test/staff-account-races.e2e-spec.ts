import type { QueryRunner } from 'typeorm';
import { StaffService } from '../src/users/staff.service';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { TestContext } from './support/test-context';
import { untilWaiting } from './support/waiting';

/**
 * A staff change racing the work it must not strand: on PostgreSQL the change is held mid-way (a
 * transaction holding `users` in SHARE mode stops its UPDATE) while the other request arrives, so
 * both have passed their first reads; on the embedded database they queue one after the other. Either
 * way no case may end in the hands of someone stopped, and no admin may be left without another.
 */
describe(`${StaffService.name} racing case work and other admins`, () => {
  let ctx: TestContext;
  let crew: Crew;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 1);
  });
  afterAll(() => ctx?.close());

  /** Holds every write to `users` until `release()`. */
  const holdUserWrites = async (): Promise<{ release: () => Promise<void> }> => {
    const holder: QueryRunner = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('LOCK TABLE users IN SHARE MODE');
    return {
      release: async () => {
        await holder.commitTransaction();
        await holder.release();
      },
    };
  };
  const waitingForLocks = (n: number) => untilWaiting(ctx, n);
  const stop = (id: string) => ctx.as(ctx.admin).patch(`/api/staff/${id}`).send({ active: false }).then((res) => res);
  const inHandOfStopped = async (caseId: string): Promise<boolean> => {
    const [row] = await ctx.db.query(
      `SELECT u.disabled_at IS NOT NULL AS stopped FROM cases c JOIN users u ON u.id = c.assignee_id
       WHERE c.id = $1 AND c.status IN ('assigned','in_progress','on_hold')`, [caseId]);
    return !!row?.stopped;
  };

  it('a stop and an assignment to the same handler: the one that comes second is refused', async () => {
    const leaving = await ctx.newStaff('handler', [crew.world.communityId]);
    const c = await caseIn(ctx, crew, 'accepted');
    const hold = await holdUserWrites();
    const stopping = stop(leaving.id);
    await waitingForLocks(1);
    const assigning = ctx.as(crew.agent).post(`/api/cases/${c.id}/assign`).send({ handlerId: leaving.id }).then((res) => res);
    await waitingForLocks(2);
    await hold.release();
    const [stopped, assigned] = await Promise.all([stopping, assigning]);

    // The stop came first here: the assignment, which waited for it, finds a stopped handler.
    expect([stopped.status, assigned.status, assigned.body.code]).toEqual([200, 400, 'HANDLER_INVALID']);
    expect(await inHandOfStopped(c.id)).toBe(false);
  });

  it('a stop and a reopen of a case the handler resolved: the case goes to the agents', async () => {
    const leaving = await ctx.newStaff('handler', [crew.world.communityId]);
    const c = await caseIn(ctx, crew, 'accepted');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: leaving.id });
    await ctx.act(leaving, c.id, 'start');
    await ctx.act(leaving, c.id, 'resolve', { note: '已修好' });
    const hold = await holdUserWrites();
    const stopping = stop(leaving.id);
    await waitingForLocks(1);
    const verifying = ctx.as(crew.owners[0]).post(`/api/cases/${c.id}/verify`).send({ fixed: 'no', reason: '还在漏' }).then((res) => res);
    await waitingForLocks(2);
    await hold.release();
    const [stopped, verified] = await Promise.all([stopping, verifying]);

    expect([stopped.status, verified.status]).toEqual([200, 200]);
    expect(verified.body).toMatchObject({ status: 'accepted', assigneeId: null });
    expect(await inHandOfStopped(c.id)).toBe(false);
  });

  it('two admins stopping each other at once: the second is refused, one admin is left', async () => {
    await ctx.as(ctx.admin).post('/api/staff')
      .send({ username: `second-admin-${process.pid}`, password: 'password123', name: '二号管理员', role: 'admin', communityIds: [] }).expect(201);
    const second = await ctx.login(`second-admin-${process.pid}`, 'password123');
    const hold = await holdUserWrites();
    const first = stop(second.id);
    const back = ctx.as(second).patch(`/api/staff/${ctx.admin.id}`).send({ active: false }).then((res) => res);
    await waitingForLocks(2);
    await hold.release();
    const results = await Promise.all([first, back]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const [{ admins }] = await ctx.db.query(`SELECT count(*)::int AS admins FROM users WHERE role = 'admin' AND disabled_at IS NULL`);
    expect(admins).toBe(1);
  });
});
