import type { ActorFacts, CaseFacts } from '@wuye/shared';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { Case } from './case.entity';
import { followedUpThisCycle, verifyWindowEnd } from './case-lifecycle';

/** What the shared state machine needs to judge actions on `c`, read in the caller's transaction. */
export async function loadCaseFacts(manager: EntityManager, c: Case): Promise<CaseFacts> {
  const [row] = await manager.query(
    `SELECT (SELECT fixed FROM verifications WHERE case_id = $1 AND cycle = $2) AS verification,
            EXISTS (SELECT 1 FROM ratings WHERE case_id = $1 AND cycle = $2) AS rated`,
    [c.id, c.cycle],
  );
  return caseFacts(c, row.verification ?? null, row.rated === true);
}

/** The facts of `c` given what its current cycle has recorded. */
export function caseFacts(c: Case, cycleVerification: CaseFacts['cycleVerification'], cycleRated: boolean): CaseFacts {
  return {
    status: c.status,
    type: c.type,
    assigneeId: c.assigneeId,
    hasOwnerAccount: c.ownerId !== null,
    lastUrgedAt: c.lastUrgedAt,
    closedAt: c.closedAt,
    cycleVerification,
    cycleRated,
    unrated: c.unrated,
    followUpPolicy: c.followUpPolicy,
    followUpRequired: c.followUpRequired,
    cycleFollowedUp: followedUpThisCycle(c),
    reopenCount: c.reopenCount,
    verifyWindowEndsAt: verifyWindowEnd(c),
  };
}

/** Callers reach a case only through AccessService, so an owner who sees it owns it. */
export function actorFacts(user: AuthUser): ActorFacts {
  return { id: user.id, role: user.role, ownsCase: user.role === 'owner' };
}
