import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffResponse } from '@wuye/shared';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { UserCache } from '../auth/user-cache';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { Community } from '../communities/community.entity';
import { CreateStaffDto, ListStaffQuery, UpdateStaffDto } from './staff.dto';
import { User } from './user.entity';
import { toStaffResponse } from './user.mapper';

@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly users: UserCache,
  ) {}

  async create(dto: CreateStaffDto): Promise<StaffResponse> {
    const communityIds = await this.existingCommunities(this.db.manager, dto.communityIds);
    const passwordHash = await hashPassword(dto.password);
    const rows: User[] = await this.db.query(
      `INSERT INTO users (role, username, password_hash, name, phone, community_ids)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING
       RETURNING id, role, username, name, community_ids AS "communityIds"`,
      [dto.role, dto.username, passwordHash, dto.name, dto.phone ?? null, communityIds],
    );
    if (!rows.length) throw new AppException('USERNAME_TAKEN');
    return toStaffResponse(rows[0]);
  }

  /**
   * An admin's change to a staff account; only what the body names changes. Refused, changing
   * nothing: a change to the caller's own role or a stop of their own account; a stop, a new role or
   * the removal of a community while the person holds cases there in hand (派单/处理中/挂起 — they
   * would wait on someone who can no longer act: reassign them first). A new password or a stop signs
   * the person out of every device at once; a restart lets them sign in again with their password.
   *
   * Staff changes take turns (one advisory lock), and each first checks that its caller is still an
   * active admin: two admins stopping each other at once leave one of them, never none. The row is
   * held `FOR NO KEY UPDATE`; `assign` and a reopen read the handler `FOR SHARE`, so a stop and an
   * assignment to the same person cannot both pass their checks.
   */
  async update(admin: AuthUser, id: string, dto: UpdateStaffDto): Promise<StaffResponse> {
    // Hashed before the transaction: argon2 must not hold the row (or the embedded database's only connection).
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    const changed = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('staff-accounts'))`);
      const [caller] = await tx.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'admin' AND disabled_at IS NULL`, [admin.id]);
      if (!caller) throw new AppException('FORBIDDEN');
      const staff = await tx.getRepository(User).createQueryBuilder('u').setLock('for_no_key_update')
        .where(`u.id = :id AND u.role <> 'owner'`, { id }).getOne();
      if (!staff) throw new AppException('USER_NOT_FOUND');
      const roleChanges = dto.role !== undefined && dto.role !== staff.role;
      const stops = dto.active === false && !staff.disabledAt;
      if (staff.id === admin.id && (roleChanges || stops)) throw new AppException('STAFF_SELF_LOCKOUT');

      const communityIds = dto.communityIds && await this.existingCommunities(tx, dto.communityIds);
      // Where the person could no longer act on cases in hand: anywhere (a stop or a new role), or in
      // the communities taken away.
      const removed = communityIds ? staff.communityIds.filter((c) => !communityIds.includes(c)) : [];
      if (roleChanges || stops || removed.length) {
        const inHand = await this.casesInHand(tx, staff.id, roleChanges || stops ? null : removed);
        if (inHand) throw new AppException('STAFF_HAS_OPEN_CASES', { openCases: inHand });
      }

      if (dto.name !== undefined) staff.name = dto.name;
      if (dto.role !== undefined) staff.role = dto.role;
      if (communityIds) staff.communityIds = communityIds;
      if (dto.phone !== undefined) staff.phone = dto.phone;
      if (dto.active === true) staff.disabledAt = null;
      if (stops) staff.disabledAt = this.clock.now();
      // Every token issued before carries the old version: signed out everywhere.
      if (stops || passwordHash) staff.sessionVersion += 1;
      await tx.getRepository(User).update(staff.id, {
        name: staff.name, role: staff.role, communityIds: staff.communityIds, phone: staff.phone,
        disabledAt: staff.disabledAt, sessionVersion: staff.sessionVersion,
        ...(passwordHash ? { passwordHash } : {}),
      });
      // A new password or a restart is a fresh start: earlier failed guesses no longer hold the login back.
      if (passwordHash || dto.active === true) await tx.query('DELETE FROM login_failures WHERE username = $1', [staff.username]);
      return toStaffResponse(staff);
    });
    // This process applies the change from the next request on; other replicas when the database
    // announces it (user-cache.ts).
    this.users.forget(id.toLowerCase());
    return changed;
  }

  /** `ids` as stored (lower case, each once), all of existing communities, else COMMUNITY_NOT_FOUND. */
  private async existingCommunities(manager: EntityManager, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length && await manager.getRepository(Community).countBy(unique.map((id) => ({ id }))) !== unique.length) {
      throw new AppException('COMMUNITY_NOT_FOUND');
    }
    return unique;
  }

  /** How many cases `staffId` holds in hand (派单, 处理中, 挂起), in `communityIds` or (null) anywhere. */
  private async casesInHand(tx: EntityManager, staffId: string, communityIds: string[] | null): Promise<number> {
    const [{ n }] = await tx.query(
      `SELECT count(*)::int AS n FROM cases
       WHERE assignee_id = $1 AND status IN ('assigned','in_progress','on_hold') AND ($2::uuid[] IS NULL OR community_id = ANY($2::uuid[]))`,
      [staffId, communityIds]);
    return n;
  }

  /** Staff of the caller's communities (admin: all), e.g. the handlers an agent may assign; active accounts only, unless an admin asks. */
  async list(user: AuthUser, query: ListStaffQuery): Promise<StaffResponse[]> {
    const qb = this.db.getRepository(User).createQueryBuilder('u').where(`u.role <> 'owner'`).orderBy('u.name').limit(500);
    if (!(user.role === 'admin' && query.includeDisabled === 'true')) qb.andWhere('u.disabled_at IS NULL');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.communityId) qb.andWhere(':communityId = ANY(u.community_ids)', { communityId: query.communityId });
    if (user.role === 'admin') return (await qb.getMany()).map(toStaffResponse);
    // Staff see colleagues of their own communities, and only those communities of theirs.
    qb.andWhere('u.community_ids && :mine::uuid[]', { mine: user.communityIds });
    if (query.communityId && !user.communityIds.includes(query.communityId.toLowerCase())) return [];
    const mine = new Set(user.communityIds);
    return (await qb.getMany()).map((u) => toStaffResponse({ ...u, communityIds: u.communityIds.filter((id) => mine.has(id)) }));
  }
}
