import type { CaseDetailResponse, CaseStatus, CaseType } from '@wuye/shared';
import type { Actor, TestContext, World } from './test-context';

/**
 * The people of one community who take cases around the loop, and a builder that brings a fresh
 * case to any status through the API. Cases are submitted by a pool of owners bound to the same
 * house, so a test file can build many cases without tripping the per-address submission limit.
 */
export interface Crew {
  world: World;
  houseId: string;
  owners: Actor[];
  agent: Actor;
  handler: Actor;
  supervisor: Actor;
}

export async function newCrew(ctx: TestContext, world: World, poolSize = 4): Promise<Crew> {
  const houseId = world.houseIds[0];
  const owners: Actor[] = [];
  for (let i = 0; i < poolSize; i++) owners.push(await ctx.newOwner(houseId));
  return {
    world,
    houseId,
    owners,
    agent: await ctx.newStaff('agent', [world.communityId]),
    handler: await ctx.newStaff('handler', [world.communityId]),
    supervisor: await ctx.newStaff('supervisor', [world.communityId]),
  };
}

let turn = 0;
/** The next owner of the pool (all are approved for the crew's house, so each may act on its cases). */
export const nextOwner = (crew: Crew): Actor => crew.owners[turn++ % crew.owners.length];

const PATH: Record<Exclude<CaseStatus, 'submitted'>, { from: CaseStatus; step: (crew: Crew, type: CaseType) => [Actor, string, object] }> = {
  accepted: { from: 'submitted', step: (c) => [c.agent, 'accept', {}] },
  assigned: { from: 'accepted', step: (c) => [c.agent, 'assign', { handlerId: c.handler.id }] },
  in_progress: { from: 'assigned', step: (c) => [c.handler, 'start', {}] },
  on_hold: { from: 'in_progress', step: (c) => [c.handler, 'hold', { reason: '等配件' }] },
  // A suggestion is resolved as adopted or not (here: adopted).
  resolved: { from: 'in_progress', step: (c, type) => [c.handler, 'resolve', { note: '已修好', ...(type === 'suggestion' ? { adopted: true } : {}) }] },
  confirmed: { from: 'resolved', step: (c) => [c.owners[0], 'verify', { fixed: 'yes' }] },
  closed: { from: 'confirmed', step: (c) => [c.owners[0], 'rate', { overall: 5 }] },
  cancelled: { from: 'submitted', step: (c) => [c.agent, 'cancel', { reason: '重复提交' }] },
};

/** A new case of the crew's house, taken through the API to `status`. */
export async function caseIn(ctx: TestContext, crew: Crew, status: CaseStatus, type: CaseType = 'repair'): Promise<CaseDetailResponse> {
  if (status === 'submitted') {
    return ctx.newCase(nextOwner(crew), crew.houseId, { type, category: '水电', description: `${type} 测试工单` });
  }
  const { from, step } = PATH[status];
  const c = await caseIn(ctx, crew, from, type);
  const [actor, action, body] = step(crew, type);
  const after = await ctx.act(actor, c.id, action, body);
  if (after.status !== status) throw new Error(`expected ${status} after ${action}, got ${after.status}`);
  return after;
}
