import type { CaseStatus, EventAction, Role } from '@wuye/shared';
import { EntityManager } from 'typeorm';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';

export interface EventInput {
  action: EventAction;
  fromStatus: CaseStatus | null;
  actorId: string | null;
  actorRole: Role | 'system';
  note?: string | null;
  photoIds?: string[];
  data?: Record<string, unknown> | null;
  at: Date;
  /** The cycle the action was taken in, when the action started another (c.cycle is already the new one). */
  cycle?: number;
}

/**
 * Appends one event for `c` (already in its new state) inside the caller's transaction; returns its id.
 * The event belongs to the cycle it was taken in: a 未解决 that sends the case back to work is the
 * verification of round N (as its `verifications` row), not an event of round N + 1.
 */
export async function appendEvent(manager: EntityManager, c: Case, e: EventInput): Promise<string> {
  const result = await manager.getRepository(CaseEvent).insert({
    caseId: c.id,
    cycle: e.cycle ?? c.cycle,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: c.status,
    actorId: e.actorId,
    actorRole: e.actorRole,
    note: e.note ?? null,
    photoIds: e.photoIds ?? [],
    data: e.data ?? null,
    createdAt: e.at,
  });
  return (result.identifiers[0] as { id: string }).id;
}

/**
 * Writes back a case the caller holds locked (`FOR UPDATE`), as one UPDATE: TypeORM's `save()`
 * would first re-read the row to diff it. Every write of a case after its creation — each action
 * and each step of the SLA sweep — comes through here, and each adds one to `version`, so the
 * version a client sends as `If-Match` changes whenever the case does. (TypeORM's update() would
 * add `version + 1` by itself; setting it here also keeps `c`, which the response is made from,
 * equal to the row.)
 */
export async function updateLockedCase(manager: EntityManager, c: Case): Promise<void> {
  const { id, ...fields } = c;
  c.version += 1;
  await manager.getRepository(Case).update(id, { ...fields, version: c.version });
}
