import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_CATEGORIES, type CommunityResponse, type HouseResponse } from '@wuye/shared';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppException } from '../common/app.exception';
import { Community } from './community.entity';
import { CreateCommunityDto, CreateHousesDto, ListHousesQuery, UpdateCommunityDto, UpdateHouseDto } from './community.dto';
import { House } from './house.entity';

export function toCommunityResponse(c: Community): CommunityResponse {
  return { id: c.id, name: c.name, code: c.code, categories: c.categories ?? [...DEFAULT_CATEGORIES] };
}

const toHouseResponse = (h: House): HouseResponse => ({
  id: h.id, communityId: h.communityId, building: h.building, unit: h.unit, room: h.room,
});

@Injectable()
export class CommunitiesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateCommunityDto): Promise<CommunityResponse> {
    const rows = await this.db.query(
      `INSERT INTO communities (name, code, categories) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [dto.name, dto.code, dto.categories ?? null],
    );
    if (!rows.length) throw new AppException('COMMUNITY_CODE_TAKEN');
    return toCommunityResponse(await this.require(rows[0].id));
  }

  /** Writes only what the body names, so two admins changing the name and the categories at once both keep theirs. */
  async update(id: string, dto: UpdateCommunityDto): Promise<CommunityResponse> {
    const changes: Partial<Pick<Community, 'name' | 'categories'>> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.categories !== undefined) changes.categories = dto.categories;
    if (Object.keys(changes).length) await this.db.getRepository(Community).update(id, changes);
    return toCommunityResponse(await this.require(id));
  }

  async list(): Promise<CommunityResponse[]> {
    return (await this.db.getRepository(Community).find({ order: { name: 'ASC' } })).map(toCommunityResponse);
  }

  async require(id: string): Promise<Community> {
    const found = await this.db.getRepository(Community).findOneBy({ id });
    if (!found) throw new AppException('COMMUNITY_NOT_FOUND');
    return found;
  }

  /** Bulk creation; houses that already exist are left as they are and not counted. */
  async createHouses(communityId: string, dto: CreateHousesDto): Promise<{ created: number }> {
    await this.require(communityId);
    const rows = await this.db.query(
      `INSERT INTO houses (community_id, building, unit, room)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
       ON CONFLICT (community_id, building, unit, room) DO NOTHING RETURNING id`,
      [communityId, dto.houses.map((h) => h.building), dto.houses.map((h) => h.unit), dto.houses.map((h) => h.room)],
    );
    return { created: rows.length };
  }

  /**
   * Corrects a house entered wrongly. Its cases and bindings follow (they name the house, and read
   * its label from it). It moves to another building only while it has no case: the monthly roll-ups
   * count a case under the building its house had when it was written. The row is locked first, so a
   * case being filed for the house at that moment either is seen here or waits and counts under the
   * new building.
   */
  async updateHouse(communityId: string, houseId: string, dto: UpdateHouseDto): Promise<HouseResponse> {
    try {
      return await this.db.transaction(async (tx) => {
        const house = await tx.getRepository(House).findOne({ where: { id: houseId, communityId }, lock: { mode: 'pessimistic_write' } });
        if (!house) throw new AppException('HOUSE_NOT_FOUND');
        const changed = { building: dto.building ?? house.building, unit: dto.unit ?? house.unit, room: dto.room ?? house.room };
        if (changed.building !== house.building) {
          const [used] = await tx.query('SELECT 1 FROM cases WHERE house_id = $1 LIMIT 1', [houseId]);
          if (used) throw new AppException('HOUSE_HAS_CASES');
        }
        await tx.getRepository(House).update(houseId, changed);
        return toHouseResponse({ ...house, ...changed });
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') throw new AppException('HOUSE_EXISTS');
      throw error;
    }
  }

  /** Deletes a house entered by mistake; one that a case or a binding (of any status) names stays. */
  async deleteHouse(communityId: string, houseId: string): Promise<void> {
    let deleted: number;
    try {
      [, deleted] = await this.db.query('DELETE FROM houses WHERE id = $1 AND community_id = $2', [houseId, communityId]);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23503') throw new AppException('HOUSE_IN_USE');
      throw error;
    }
    if (!deleted) throw new AppException('HOUSE_NOT_FOUND');
  }

  async listHouses(communityId: string, query: ListHousesQuery): Promise<HouseResponse[]> {
    await this.require(communityId);
    const houses = await this.db.getRepository(House).find({
      where: { communityId, ...(query.building ? { building: query.building } : {}) },
      order: { building: 'ASC', unit: 'ASC', room: 'ASC' },
      take: 5000,
    });
    return houses.map(toHouseResponse);
  }

  async listBuildings(communityId: string): Promise<string[]> {
    await this.require(communityId);
    const rows: { building: string }[] = await this.db.query(
      'SELECT DISTINCT building FROM houses WHERE community_id = $1 ORDER BY building', [communityId]);
    return rows.map((r) => r.building);
  }
}
