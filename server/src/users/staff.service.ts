import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffResponse } from '@wuye/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { AppException } from '../common/app.exception';
import { Community } from '../communities/community.entity';
import { CreateStaffDto, ListStaffQuery } from './staff.dto';
import { User } from './user.entity';
import { toStaffResponse } from './user.mapper';

@Injectable()
export class StaffService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateStaffDto): Promise<StaffResponse> {
    const communityIds = [...new Set(dto.communityIds.map((id) => id.toLowerCase()))];
    if (communityIds.length) {
      const found = await this.db.getRepository(Community).countBy(communityIds.map((id) => ({ id })));
      if (found !== communityIds.length) throw new AppException('COMMUNITY_NOT_FOUND');
    }
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

  /** Staff of the caller's communities (admin: all), e.g. the handlers an agent may assign. */
  async list(user: AuthUser, query: ListStaffQuery): Promise<StaffResponse[]> {
    const qb = this.db.getRepository(User).createQueryBuilder('u').where(`u.role <> 'owner'`).orderBy('u.name').limit(500);
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
