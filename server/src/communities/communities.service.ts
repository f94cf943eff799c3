import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_CATEGORIES, type CommunityResponse, type HouseResponse } from '@wuye/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { Community } from './community.entity';
import { CreateCommunityDto, CreateHousesDto, ListHousesQuery, UpdateCommunityDto } from './community.dto';
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
