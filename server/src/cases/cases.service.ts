import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addMinutes, nextActions, type CaseCountsResponse, type CaseDetailResponse, type CaseEventResponse, type CaseResponse,
  type Page,
} from '@wuye/shared';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { toCommunityResponse } from '../communities/communities.service';
import { Community } from '../communities/community.entity';
import { House } from '../communities/house.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { SlaPolicyService } from '../sla/sla-policy.service';
import { UploadsService } from '../uploads/uploads.service';
import { appendEvent } from './case-events';
import { actorFacts, caseFacts, loadCaseFacts } from './case-facts';
import { formatCaseNumber, shanghaiDay } from './case-number';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import type { CountsQuery, CreateCaseDto, ListCasesQuery, SubscribeDto } from './case.dto';
import { toCaseResponse } from './case.mapper';

/** SQL for "open and past a deadline"; time on hold does not count (its deadline moves on resume). */
export const overdueSql = (c = 'c') => `(
  (${c}.status = 'submitted' AND ${c}.respond_deadline_at < :now)
  OR (${c}.status IN ('submitted','accepted','assigned','in_progress') AND ${c}.resolve_deadline_at < :now)
  OR (${c}.status = 'on_hold' AND ${c}.resolve_deadline_at < ${c}.hold_started_at))`;

/** The list counts its total up to here; beyond, `total` is this number and `totalCapped` is true. */
export const LIST_COUNT_CAP = 1000;

export type CasePage = Page<CaseResponse> & Required<Pick<Page<CaseResponse>, 'totalCapped'>>;

export interface CreateResult {
  created: boolean;
  body: CaseDetailResponse;
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly sla: SlaPolicyService,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** New case from an owner (mini-program) or staff intake. A retry with the same Idempotency-Key returns the first case. */
  async create(user: AuthUser, dto: CreateCaseDto, idempotencyKey?: string): Promise<CreateResult> {
    const hash = idempotencyKey ? createHash('sha256').update(JSON.stringify(canonical(dto))).digest('hex') : null;
    try {
      // No lookup first: a first submission (the usual case) goes straight in, and a retry is
      // stopped by the unique index on (created_by_id, idempotency_key), which rolls it back whole.
      const body = await this.db.transaction((tx) => this.insertCase(tx, user, dto, idempotencyKey ?? null, hash));
      return { created: true, body };
    } catch (error) {
      // A retry (or two racing retries): the unique index let one through; answer with it.
      if (idempotencyKey && error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        const existing = await this.findIdempotent(user, idempotencyKey, hash!);
        if (existing) return existing;
      }
      throw error;
    }
  }

  private async findIdempotent(user: AuthUser, key: string, hash: string): Promise<CreateResult | null> {
    const found = await this.db.getRepository(Case).findOne({
      where: { createdById: user.id, idempotencyKey: key },
      select: { id: true, idempotencyHash: true },
    });
    if (!found) return null;
    if (found.idempotencyHash !== hash) throw new AppException('IDEMPOTENCY_KEY_REUSED');
    return { created: false, body: await this.detail(user, found.id) };
  }

  private async insertCase(tx: EntityManager, user: AuthUser, dto: CreateCaseDto, key: string | null, hash: string | null): Promise<CaseDetailResponse> {
    const isOwner = user.role === 'owner';
    if (isOwner && dto.channel && dto.channel !== 'miniapp') {
      throw new AppException('VALIDATION_FAILED', [{ field: 'channel', errors: ["an owner's case always comes from the mini-program"] }]);
    }
    const target = await this.resolveTarget(tx, user, dto);
    const community = toCommunityResponse(target.community);
    if (!community.categories.includes(dto.category)) throw new AppException('CATEGORY_INVALID');
    const photoIds = await this.uploads.assertOwnPhotos(tx, user, dto.photoIds);
    const urgency = dto.urgency ?? 'normal';
    const policy = await this.sla.policyFor(tx, community.id, dto.type, urgency);
    const now = this.clock.now();
    const [{ last_value: seq }] = await tx.query(
      `INSERT INTO case_number_counters (community_id, day, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (community_id, day) DO UPDATE SET last_value = case_number_counters.last_value + 1
       RETURNING last_value`,
      [community.id, shanghaiDay(now).iso],
    );
    const c = tx.getRepository(Case).create({
      number: formatCaseNumber(community.code, now, seq),
      communityId: community.id,
      houseId: target.house?.id ?? null,
      location: dto.location ?? null,
      type: dto.type,
      category: dto.category,
      channel: isOwner ? 'miniapp' : (dto.channel ?? 'phone'),
      urgency,
      status: 'submitted',
      description: dto.description,
      photoIds,
      contactName: dto.contactName ?? target.contact?.name ?? null,
      contactPhone: dto.contactPhone ?? target.contact?.phone ?? null,
      preferredTime: dto.preferredTime ?? null,
      createdById: user.id,
      ownerId: isOwner ? user.id : (target.contact?.ownerId ?? null),
      assigneeId: null,
      cycle: 1,
      reopenCount: 0,
      urgeCount: 0,
      respondDeadlineAt: addMinutes(now, policy.respondMinutes),
      resolveDeadlineAt: addMinutes(now, policy.resolveMinutes),
      verifyHours: policy.verifyHours,
      followUpPolicy: policy.followUpPolicy,
      followUpDueHours: policy.followUpDueHours,
      warnBeforeMinutes: policy.warnBeforeMinutes,
      holdMinutes: 0,
      respondBreached: false,
      resolveBreached: false,
      unrated: false,
      followUpAttempts: 0,
      idempotencyKey: key,
      idempotencyHash: hash,
      createdAt: now,
      updatedAt: now,
    });
    await tx.getRepository(Case).save(c);
    const data = { channel: c.channel };
    const eventId = await appendEvent(tx, c, { action: 'create', fromStatus: null, actorId: user.id, actorRole: user.role, photoIds, at: now, data });
    // The new case is all in hand: answer from it rather than reading it back.
    const h = target.house;
    const [base] = this.shape(user, [c], h ? new Map([[h.id, [h.building, h.unit || null, h.room].filter((p) => p !== null).join(' ')]]) : new Map(), new Map());
    return {
      ...base,
      events: [this.toEventResponse({
        id: eventId, seq: '', caseId: c.id, cycle: c.cycle, action: 'create', fromStatus: null, toStatus: c.status, actorId: user.id,
        actorRole: user.role, actorName: user.name, note: null, photoIds, data, createdAt: now,
      })],
      allowedActions: nextActions(caseFacts(c, null, false), actorFacts(user), now),
      cycleVerification: null,
      cycleRated: false,
    };
  }

  /**
   * Where the case is: a house, or a public area of a community. Owners need an approved binding
   * (for that house, or any house of that community); staff need the community to be theirs.
   */
  private async resolveTarget(tx: EntityManager, user: AuthUser, dto: CreateCaseDto) {
    let house: House | null = null;
    let communityId: string;
    if (dto.houseId) {
      house = await tx.getRepository(House).findOneBy({ id: dto.houseId });
      if (!house) throw new AppException('HOUSE_NOT_FOUND');
      if (dto.communityId && dto.communityId !== house.communityId) throw new AppException('CASE_TARGET_INVALID');
      communityId = house.communityId;
    } else {
      if (!dto.communityId || !dto.location?.trim()) throw new AppException('CASE_TARGET_INVALID');
      communityId = dto.communityId;
    }
    const community = await tx.getRepository(Community).findOneBy({ id: communityId });
    if (!community) throw new AppException('COMMUNITY_NOT_FOUND');

    let contact: { ownerId: string; name: string; phone: string } | null = null;
    if (user.role === 'owner') {
      const [binding] = await tx.query(
        `SELECT b.owner_id AS "ownerId", b.name, b.phone FROM house_bindings b JOIN houses h ON h.id = b.house_id
         WHERE b.owner_id = $1 AND b.status = 'approved' AND ${house ? 'b.house_id = $2' : 'h.community_id = $2'}
         ORDER BY b.created_at LIMIT 1`,
        [user.id, house ? house.id : communityId],
      );
      if (!binding) throw new AppException('HOUSE_NOT_BOUND');
      contact = binding;
    } else {
      this.access.requireCommunity(user, communityId);
      if (house && dto.contactPhone) {
        // Link the case to the owner's account when staff take it for a bound owner, so they follow it in WeChat.
        const [binding] = await tx.query(
          `SELECT owner_id AS "ownerId", name, phone FROM house_bindings WHERE house_id = $1 AND status = 'approved' AND phone = $2 LIMIT 1`,
          [house.id, dto.contactPhone],
        );
        contact = binding ?? null;
      }
    }
    return { house, community, contact };
  }

  /**
   * The queue, newest first. Its cost must follow the page, not the table: every plan below walks an
   * index in `created_at DESC, id DESC` order and stops after the page, and the total is counted
   * only up to LIST_COUNT_CAP rows (`totalCapped: true` then means "more than `total`").
   */
  async list(user: AuthUser, query: ListCasesQuery): Promise<CasePage> {
    const offset = (query.page - 1) * query.pageSize;
    const repo = this.db.getRepository(Case);
    const filtered = (alias = 'c') => {
      const qb = repo.createQueryBuilder(alias);
      this.access.scopeCases(qb, user, alias);
      this.applyFilters(qb, user, query, alias);
      return qb;
    };
    let page: SelectQueryBuilder<Case>;
    const communities = query.communityId ? null : this.access.scopeCommunities(user);
    if (communities && communities.length > 1) {
      // PostgreSQL reads `community_id = ANY(…)` out of index order and would sort every match; each
      // community's slice of the index is in order, so take each one's first rows and merge those.
      const perCommunity = filtered('s')
        .select('s.id', 'id')
        .andWhere('s.community_id = scope.community_id')
        .orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC')
        .limit(offset + query.pageSize);
      page = repo.createQueryBuilder('c')
        .where(`c.id IN (SELECT x.id FROM unnest(:scopeCommunityIds::uuid[]) AS scope(community_id)
                         CROSS JOIN LATERAL (${perCommunity.getQuery()}) x)`)
        .setParameters({ ...perCommunity.getParameters(), scopeCommunityIds: communities });
    } else {
      page = filtered();
    }
    page.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').offset(offset).limit(query.pageSize);
    const rows = await page.getMany();

    let total = offset + rows.length;
    let totalCapped = false;
    // A page that is not full (and not past the end) already tells the exact total.
    if (rows.length === query.pageSize || (rows.length === 0 && offset > 0)) {
      const cap = Math.max(LIST_COUNT_CAP, offset + query.pageSize);
      const [sql, params] = filtered().select('1').limit(cap + 1).getQueryAndParameters();
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) counted`, params);
      totalCapped = n > cap;
      total = Math.min(n, cap);
    }
    return { items: await this.toResponses(user, rows), total, totalCapped, page: query.page, pageSize: query.pageSize };
  }

  private applyFilters(qb: SelectQueryBuilder<Case>, user: AuthUser, query: ListCasesQuery, alias = 'c'): void {
    if (query.status?.length) qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses: query.status });
    if (query.type) qb.andWhere(`${alias}.type = :type`, { type: query.type });
    if (query.number) qb.andWhere(`${alias}.number = :number`, { number: query.number });
    if (query.communityId) qb.andWhere(`${alias}.community_id = :communityId`, { communityId: query.communityId });
    if (query.assignee === 'me') qb.andWhere(`${alias}.assignee_id = :me`, { me: user.id });
    if (query.overdue === 'true') qb.andWhere(overdueSql(alias), { now: this.clock.now() });
    if (query.overdue === 'false') qb.andWhere(`NOT ${overdueSql(alias)}`, { now: this.clock.now() });
  }

  /** Tab badges of the staff queue, in one scan of the caller's open cases. */
  async counts(user: AuthUser, query: CountsQuery): Promise<CaseCountsResponse> {
    const qb = this.db.getRepository(Case).createQueryBuilder('c')
      .select(`count(*) FILTER (WHERE c.status = 'submitted')::int`, 'submitted')
      .addSelect(`count(*) FILTER (WHERE c.assignee_id = :me)::int`, 'mine')
      .addSelect(`count(*) FILTER (WHERE ${overdueSql()})::int`, 'overdue')
      .addSelect('count(*)::int', 'open')
      .where(`c.status IN ('submitted','accepted','assigned','in_progress','on_hold')`)
      .setParameters({ me: user.id, now: this.clock.now() });
    this.access.scopeCases(qb, user);
    if (query.communityId) qb.andWhere('c.community_id = :communityId', { communityId: query.communityId });
    return (await qb.getRawOne()) as CaseCountsResponse;
  }

  async detail(user: AuthUser, caseId: string): Promise<CaseDetailResponse> {
    return this.db.transaction('REPEATABLE READ', async (tx) => this.detailOf(tx, user, await this.access.requireCase(tx, user, caseId)));
  }

  /** The detail of a case the caller already reached, read in the caller's transaction. */
  async detailOf(tx: EntityManager, user: AuthUser, c: Case): Promise<CaseDetailResponse> {
    const facts = await loadCaseFacts(tx, c);
    const [base] = await this.toResponses(user, [c], tx);
    const events: (CaseEvent & { actorName: string | null })[] = await tx
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .leftJoin('users', 'u', 'u.id = e.actor_id')
      .addSelect('u.name', 'actorName')
      .where('e.case_id = :caseId', { caseId: c.id })
      .orderBy('e.seq', 'ASC')
      .getRawAndEntities()
      .then(({ entities, raw }) => entities.map((e, i) => ({ ...e, actorName: raw[i].actorName ?? null })));
    return {
      ...base,
      events: events.map((e) => this.toEventResponse(e)),
      allowedActions: nextActions(facts, actorFacts(user), this.clock.now()),
      cycleVerification: facts.cycleVerification,
      cycleRated: facts.cycleRated,
    };
  }


  /** Owner tells us which subscribe messages they accepted in WeChat for this case. */
  async subscribe(user: AuthUser, caseId: string, dto: SubscribeDto): Promise<{ granted: SubscribeDto['steps'] }> {
    await this.db.transaction(async (tx) => {
      await this.access.requireCase(tx, user, caseId);
      await this.notifications.recordConsent(tx, user.id, caseId, dto.steps);
    });
    return { granted: dto.steps };
  }

  private toEventResponse(e: CaseEvent & { actorName: string | null }): CaseEventResponse {
    return {
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorId: e.actorId,
      actorRole: e.actorRole,
      actorName: e.actorName,
      note: e.note,
      photoIds: e.photoIds,
      photoUrls: e.photoIds.map((id) => this.uploads.signedUrl(id)),
      data: e.data as Record<string, unknown> | null,
      createdAt: e.createdAt.toISOString(),
    };
  }

  /** Shapes cases for the caller, with house labels and assignee names fetched in one query each. */
  private async toResponses(user: AuthUser, rows: Case[], manager: EntityManager = this.db.manager): Promise<CaseResponse[]> {
    if (!rows.length) return [];
    const houseIds = [...new Set(rows.map((c) => c.houseId).filter((id): id is string => !!id))];
    const userIds = [...new Set(rows.map((c) => c.assigneeId).filter((id): id is string => !!id))];
    // House labels and assignee names in one round trip.
    const labels: { kind: 'house' | 'user'; id: string; label: string }[] = houseIds.length || userIds.length
      ? await manager.query(
        `SELECT 'house' AS kind, id, concat_ws(' ', building, nullif(unit, ''), room) AS label FROM houses WHERE id = ANY($1::uuid[])
         UNION ALL SELECT 'user', id, name FROM users WHERE id = ANY($2::uuid[])`, [houseIds, userIds])
      : [];
    const houses = labels.filter((l) => l.kind === 'house');
    const names = labels.filter((l) => l.kind === 'user').map((l) => ({ id: l.id, name: l.label }));
    return this.shape(user, rows, new Map(houses.map((h) => [h.id, h.label])), new Map(names.map((u) => [u.id, u.name])));
  }

  private shape(user: AuthUser, rows: Case[], houseLabel: Map<string, string>, userName: Map<string, string>): CaseResponse[] {
    return rows.map((c) =>
      toCaseResponse(c, {
        houseLabel: c.houseId ? (houseLabel.get(c.houseId) ?? null) : null,
        assigneeName: c.assigneeId ? (userName.get(c.assigneeId) ?? null) : null,
        photoUrls: c.photoIds.map((id) => this.uploads.signedUrl(id)),
        // Phones are for the people responsible: the owner, agents and supervisors of the community, the assignee.
        showPhone: user.role !== 'handler' || c.assigneeId === user.id,
      }),
    );
  }
}

/** Body with keys sorted, so the same submission hashes the same whatever the key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
