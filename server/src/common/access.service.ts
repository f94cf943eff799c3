import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Case } from '../cases/case.entity';
import { AppException } from './app.exception';

/**
 * The one place that decides which records a user reaches (guards decide only who may call a route).
 * - owner: cases they submitted or that belong to a house they are approved for
 * - handler: cases assigned to them in their communities (one moved to another community no longer
 *   reads its old community's cases, resolved or closed ones included)
 * - agent / supervisor: cases of their communities
 * - admin: everything
 * A case the caller may not see is "not found", so owners cannot probe other owners' ids.
 */
@Injectable()
export class AccessService {
  /** Adds the caller's visibility to a query over `cases` aliased `alias`. */
  scopeCases<T extends WhereExpressionBuilder>(qb: T, user: AuthUser, alias = 'c'): T {
    switch (user.role) {
      case 'admin':
        return qb;
      case 'owner':
        return qb.andWhere(
          new Brackets((w) =>
            // Their own cases, and their house's from the day they were approved for it: a new owner or
            // tenant does not read the earlier occupants' cases (their names, phones, photos of the home).
            w.where(`${alias}.owner_id = :accessUserId`).orWhere(
              `EXISTS (SELECT 1 FROM house_bindings hb WHERE hb.owner_id = :accessUserId AND hb.status = 'approved'
                         AND hb.house_id = ${alias}.house_id AND ${alias}.created_at >= coalesce(hb.decided_at, hb.created_at))`,
            ),
          ),
          { accessUserId: user.id },
        );
      case 'handler':
        return qb.andWhere(`${alias}.assignee_id = :accessUserId AND ${alias}.community_id = ANY(:accessCommunityIds::uuid[])`, {
          accessUserId: user.id,
          accessCommunityIds: user.communityIds,
        });
      case 'agent':
      case 'supervisor':
        // One community (the usual case) as an equality, so the planner walks that community's index in order.
        if (user.communityIds.length === 1) {
          return qb.andWhere(`${alias}.community_id = :accessCommunityId`, { accessCommunityId: user.communityIds[0] });
        }
        return qb.andWhere(`${alias}.community_id = ANY(:accessCommunityIds::uuid[])`, { accessCommunityIds: user.communityIds });
    }
  }

  /** The communities `scopeCases` confines the caller to, or null when it is not a community scope. */
  scopeCommunities(user: AuthUser): string[] | null {
    // Each community once (the queue merges per community and would list a repeated one twice).
    return user.role === 'agent' || user.role === 'supervisor' ? [...new Set(user.communityIds)] : null;
  }

  /** Loads a case the caller may see (optionally locked for an update), or throws CASE_NOT_FOUND. */
  async requireCase(manager: EntityManager, user: AuthUser, caseId: string, lock = false): Promise<Case> {
    let qb: SelectQueryBuilder<Case> = manager.getRepository(Case).createQueryBuilder('c').where('c.id = :caseId', { caseId });
    qb = this.scopeCases(qb, user);
    if (lock) qb = qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new AppException('CASE_NOT_FOUND');
    return found;
  }

  /** Staff reach a community when it is theirs (admin: all). Owners never manage communities. */
  canManageCommunity(user: AuthUser, communityId: string): boolean {
    if (user.role === 'admin') return true;
    if (user.role === 'owner') return false;
    // Ids from bodies and queries may come in upper case; stored ids are lower case.
    return user.communityIds.includes(communityId.toLowerCase());
  }

  requireCommunity(user: AuthUser, communityId: string): void {
    if (!this.canManageCommunity(user, communityId)) throw new AppException('COMMUNITY_NOT_FOUND');
  }
}
