import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addMinutes, CASE_STATUSES, CASE_TYPES, DEFAULT_CATEGORIES, defaultSlaPolicy, nextActions, type CaseCountsResponse, type CaseDetailResponse, type CaseEventResponse, type CaseResponse,
  type Page,
} from '@wuye/shared';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { columnsOf, hydrate, hydratePart, type EntityPart } from '../database/hydrate';
import { HotStatements } from '../database/hot-statements';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { uniquePhotoIds, UploadsService } from '../uploads/uploads.service';
import { detailExtrasOf, detailExtrasSql, type DetailEvent, type DetailExtras } from './case-detail';
import { actorFacts, caseFacts } from './case-facts';
import { followedUpThisCycle } from './case-lifecycle';
import { insertNewCase, readIntakeTarget, type IntakeTarget } from './case-intake';
import { caseNumberPrefix, shanghaiDay } from './case-number';
import { Case } from './case.entity';
import type { CountsQuery, CreateCaseDto, ListCasesQuery, SubscribeDto } from './case.dto';
import { CASE_RESPONSE_COLUMNS, toCaseResponse, type CaseResponseRow } from './case.mapper';

/** SQL for "open and past a deadline"; time on hold does not count (its deadline moves on resume). */
export const overdueSql = (c = 'c') => `(
  (${c}.status = 'submitted' AND ${c}.respond_deadline_at < :now)
  OR (${c}.status IN ('submitted','accepted','assigned','in_progress') AND ${c}.resolve_deadline_at < :now)
  OR (${c}.status = 'on_hold' AND ${c}.resolve_deadline_at < ${c}.hold_started_at))`;

/**
 * SQL for "about to breach" (即将超时): open, no deadline passed yet, and within the policy's warning
 * lead of the one running — the window in which the sweep warns (sla-sweep.service.ts). On hold the
 * clock stops: not about to breach.
 */
export const dueSoonSql = (c = 'c') => `(NOT ${overdueSql(c)} AND (
  (${c}.status = 'submitted' AND ${c}.respond_deadline_at - make_interval(mins => ${c}.warn_before_minutes) <= :now)
  OR (${c}.status IN ('accepted','assigned','in_progress') AND ${c}.resolve_deadline_at - make_interval(mins => ${c}.warn_before_minutes) <= :now)))`;

/** SQL for "its follow-up visit is due": confirmed, and the visit was decided to be needed. */
export const followUpDueSql = (c = 'c') => `(${c}.status = 'confirmed' AND ${c}.follow_up_required)`;

/** SQL literals of values from a fixed list, sorted and without repeats (one text per set). */
function literals<T extends string>(allowed: readonly T[], values: readonly T[]): string {
  return allowed.filter((value) => values.includes(value)).map((value) => `'${value}'`).join(', ') || 'NULL';
}

/** Queue pages up to this one run as prepared statements (hot-statements.ts). */
const PREPARED_PAGES = 3;

/** The list counts its total up to here; beyond, `total` is this number and `totalCapped` is true. */
export const LIST_COUNT_CAP = 1000;

export type CasePage = Page<CaseResponse> & Required<Pick<Page<CaseResponse>, 'totalCapped'>>;

export interface CreateResult {
  created: boolean;
  body: CaseDetailResponse;
}

@Injectable()
export class CasesService {
  /** What a list reads of each case: the columns of its response, not `c.*`. */
  private readonly listed: EntityPart<Case, (typeof CASE_RESPONSE_COLUMNS)[number]>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hot: HotStatements,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
  ) {
    this.listed = columnsOf(db, Case, CASE_RESPONSE_COLUMNS);
  }

  /** New case from an owner (mini-program) or staff intake. A retry with the same Idempotency-Key returns the first case. */
  async create(user: AuthUser, dto: CreateCaseDto, idempotencyKey?: string): Promise<CreateResult> {
    const hash = idempotencyKey ? createHash('sha256').update(JSON.stringify(canonical(dto))).digest('hex') : null;
    try {
      return await this.insertCase(user, dto, idempotencyKey ?? null, hash);
    } catch (error) {
      // Two retries racing past the intake read: the unique index let one through; answer with it.
      if (idempotencyKey && error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        const existing = await this.findIdempotent(user, idempotencyKey);
        if (existing) return this.answerRetry(user, existing, hash!);
      }
      throw error;
    }
  }

  private async findIdempotent(user: AuthUser, key: string): Promise<{ id: string; hash: string | null } | null> {
    const found = await this.db.getRepository(Case).findOne({
      where: { createdById: user.id, idempotencyKey: key },
      select: { id: true, idempotencyHash: true },
    });
    return found ? { id: found.id, hash: found.idempotencyHash } : null;
  }

  /** A retry gets the case its key first created, as it is now; the same key with another body is refused. */
  private async answerRetry(user: AuthUser, earlier: { id: string; hash: string | null }, hash: string): Promise<CreateResult> {
    if (earlier.hash !== hash) throw new AppException('IDEMPOTENCY_KEY_REUSED');
    return { created: false, body: await this.detail(user, earlier.id) };
  }

  /**
   * Two statements (see case-intake.ts): everything the checks need, then the number, case and event.
   * A retry found by the first is answered from the case it created, before any check of the target
   * (a binding ended since then does not turn an accepted submission into a refusal).
   */
  private async insertCase(user: AuthUser, dto: CreateCaseDto, key: string | null, hash: string | null): Promise<CreateResult> {
    const isOwner = user.role === 'owner';
    if (isOwner && dto.channel && dto.channel !== 'miniapp') {
      throw new AppException('VALIDATION_FAILED', [{ field: 'channel', errors: ["an owner's case always comes from the mini-program"] }]);
    }
    // A case staff record came by phone, at the desk…: filed as 小程序 it would count as the owner's own
    // submission in the work summary's channels.
    if (!isOwner && dto.channel === 'miniapp') {
      throw new AppException('VALIDATION_FAILED', [{ field: 'channel', errors: ['a case staff record did not come from the mini-program'] }]);
    }
    // A house, or a public area of a community.
    if (!dto.houseId && (!dto.communityId || !dto.location?.trim())) throw new AppException('CASE_TARGET_INVALID');
    // A building names where a public area is; a house already says it.
    if (dto.houseId && dto.building !== undefined) {
      throw new AppException('VALIDATION_FAILED', [{ field: 'building', errors: ['a building names a public area; a house case has its own'] }]);
    }
    const urgency = dto.urgency ?? 'normal';
    const photoIds = uniquePhotoIds(dto.photoIds);
    const target = await readIntakeTarget(this.hot, {
      userId: user.id, owner: isOwner, houseId: dto.houseId ?? null, communityId: dto.communityId ?? null,
      type: dto.type, urgency, contactPhone: dto.contactPhone ?? null, areaBuilding: dto.building ?? null, photoIds, idempotencyKey: key,
    });
    if (target.earlier) return this.answerRetry(user, target.earlier, hash!);
    const community = this.checkTarget(user, dto, target);
    // A community without its own list uses the default one (as its API response shows).
    const categories: readonly string[] = community.categories ?? DEFAULT_CATEGORIES;
    if (!categories.includes(dto.category)) throw new AppException('CATEGORY_INVALID');
    if (!target.areaBuildingKnown) throw new AppException('AREA_BUILDING_INVALID');
    this.uploads.checkOwnPhotos(photoIds, target.ownPhotos);
    const policy = target.policy ?? defaultSlaPolicy(dto.type, urgency);
    const now = this.clock.now();
    const channel = isOwner ? 'miniapp' : (dto.channel ?? 'phone');
    const inserted = await insertNewCase(this.hot, {
      boundOwnerId: isOwner ? user.id : null,
      numberPrefix: caseNumberPrefix(community.code, now),
      day: shanghaiDay(now).iso,
      values: {
        communityId: community.id,
        houseId: target.house?.id ?? null,
        location: dto.location ?? null,
        areaBuilding: dto.building ?? null,
        type: dto.type,
        category: dto.category,
        channel,
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
      },
      event: { actorId: user.id, actorRole: user.role, data: { channel } },
    });
    // The owner's binding ended after it was checked: refused as if it had ended before.
    if (!inserted) throw new AppException('HOUSE_NOT_BOUND');
    const { c, eventId } = inserted;
    // The new case is all in hand: answer from it rather than reading it back.
    const body: CaseDetailResponse = {
      ...this.shapeOne(user, c, target.house?.label ?? null, null),
      events: [this.toEventResponse({
        id: eventId, action: 'create', fromStatus: null, toStatus: c.status, actorId: user.id, actorRole: user.role, actorName: user.name,
        note: null, photoIds, data: { channel }, createdAt: now,
      })],
      allowedActions: nextActions(caseFacts(c, null, false), actorFacts(user), now),
      cycleVerification: null,
      cycleRated: false,
      cycleFollowedUp: false,
    };
    return { created: true, body };
  }

  /**
   * Where the case is, checked in this order: the house exists (and is in the body's community, if
   * one is given); the community exists; owners need an approved binding (for that house, or any
   * house of that community); staff need the community to be theirs.
   */
  private checkTarget(user: AuthUser, dto: CreateCaseDto, target: IntakeTarget): NonNullable<IntakeTarget['community']> {
    if (dto.houseId) {
      if (!target.house) throw new AppException('HOUSE_NOT_FOUND');
      if (dto.communityId && dto.communityId.toLowerCase() !== target.house.communityId) throw new AppException('CASE_TARGET_INVALID');
    }
    if (!target.community) throw new AppException('COMMUNITY_NOT_FOUND');
    if (user.role === 'owner') {
      if (!target.contact) throw new AppException('HOUSE_NOT_BOUND');
    } else {
      this.access.requireCommunity(user, target.community.id);
    }
    return target.community;
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
    // Newest first; the visits due (待回访) are a work list, the most overdue first.
    const [sortKey, direction] = query.followUpDue === 'true' ? ['follow_up_due_at', 'ASC'] as const : ['created_at', 'DESC'] as const;
    let page: SelectQueryBuilder<Case>;
    const communities = query.communityId ? null : this.access.scopeCommunities(user);
    if (communities && communities.length > 1) {
      // PostgreSQL reads `community_id = ANY(…)` out of index order and would sort every match; each
      // community's slice of the index is in order, so take each one's first ids (with their times,
      // from the index alone), merge those, and read whole rows only for the page itself — reading
      // every candidate row and then dropping most was 480 of 784 buffers of a complaint page at 1M.
      const perCommunity = filtered('s')
        .select('s.id', 'id').addSelect(`s.${sortKey}`, 'sort_key')
        .andWhere('s.community_id = scope.community_id')
        .orderBy(`s.${sortKey}`, direction).addOrderBy('s.id', direction)
        .limit(offset + query.pageSize);
      page = repo.createQueryBuilder('c')
        .where(`c.id IN (SELECT x.id FROM unnest(:scopeCommunityIds::uuid[]) AS scope(community_id)
                         CROSS JOIN LATERAL (${perCommunity.getQuery()}) x
                         ORDER BY x.sort_key ${direction}, x.id ${direction} LIMIT ${query.pageSize} OFFSET ${offset})`)
        .setParameters({ ...perCommunity.getParameters(), scopeCommunityIds: communities });
    } else {
      page = filtered().offset(offset);
    }
    page.select(this.listed.select('c')).orderBy(`c.${sortKey}`, direction).addOrderBy('c.id', direction).limit(query.pageSize);
    // The capped total: not counted when the page is not full (and not past the end), which already tells it.
    const cap = Math.max(LIST_COUNT_CAP, offset + query.pageSize);
    const counted = filtered().select('1').limit(cap + 1);

    // One round trip: the page, its house labels and assignee names, and the capped total (one row
    // with a null page when the page is empty, so the total still comes back). Labels and names are
    // looked up per row by key: joins let the planner hash the whole users table, which grows with
    // the owners, on every page.
    const [sql, params] = this.db.driver.escapeQueryWithParameters(
      `WITH page AS (${page.getQuery()}),
            total AS (SELECT CASE WHEN (SELECT count(*) FROM page) = ${query.pageSize} OR (${offset} > 0 AND NOT EXISTS (SELECT 1 FROM page))
                                  THEN (SELECT count(*)::int FROM (${counted.getQuery()}) counted) END AS n)
       SELECT page.*, total.n AS "countedTotal",
              (SELECT concat_ws(' ', h.building, nullif(h.unit, ''), h.room) FROM houses h WHERE h.id = page.house_id) AS "houseLabel",
              (SELECT u.name FROM users u WHERE u.id = page.assignee_id) AS "assigneeName"
       FROM total LEFT JOIN page ON true
       ORDER BY page.${sortKey} ${direction}, page.id ${direction}`,
      { ...page.getParameters(), ...counted.getParameters() },
      {},
    );
    // The first pages are most of the reads and get prepared statements; deeper ones (their page
    // is in the text) run unnamed rather than fill the prepared ones.
    const raw = await this.hot.query<Record<string, unknown> & { id: string | null; houseLabel: string | null; assigneeName: string | null; countedTotal: number | null }>(
      sql, params, query.page <= PREPARED_PAGES);
    const rows = raw.filter((r) => r.id !== null);
    const n = raw[0].countedTotal;
    return {
      items: rows.map((r) => this.shapeOne(user, hydratePart(this.db, this.listed, r), r.houseLabel, r.assigneeName)),
      total: n === null ? offset + rows.length : Math.min(n, cap),
      totalCapped: n !== null && n > cap,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private applyFilters(qb: SelectQueryBuilder<Case>, user: AuthUser, query: ListCasesQuery, alias = 'c'): void {
    // Statuses and type are written into the text (from the fixed lists only), so the prepared queue
    // statement has one plan per filter shape that knows them; ids and times stay parameters.
    if (query.status?.length) qb.andWhere(`${alias}.status IN (${literals(CASE_STATUSES, query.status)})`);
    if (query.type) qb.andWhere(`${alias}.type = ${literals(CASE_TYPES, [query.type])}`);
    if (query.number) qb.andWhere(`${alias}.number = :number`, { number: query.number });
    if (query.communityId) qb.andWhere(`${alias}.community_id = :communityId`, { communityId: query.communityId });
    if (query.assignee) qb.andWhere(`${alias}.assignee_id = :assigneeId`, { assigneeId: query.assignee === 'me' ? user.id : query.assignee.toLowerCase() });
    if (query.overdue === 'true') qb.andWhere(overdueSql(alias), { now: this.clock.now() });
    if (query.overdue === 'false') qb.andWhere(`NOT ${overdueSql(alias)}`, { now: this.clock.now() });
    if (query.followUpDue === 'true') qb.andWhere(followUpDueSql(alias));
    if (query.dueSoon === 'true') qb.andWhere(dueSoonSql(alias), { now: this.clock.now() });
  }

  /**
   * Tab badges of the staff queue, in one statement: the open cases in one scan of the open-case
   * index, and the visits due (confirmed cases, outside that index) counted in a subquery.
   */
  async counts(user: AuthUser, query: CountsQuery): Promise<CaseCountsResponse> {
    const scoped = (alias: string) => {
      const qb = this.db.getRepository(Case).createQueryBuilder(alias);
      this.access.scopeCases(qb, user, alias);
      if (query.communityId) qb.andWhere(`${alias}.community_id = :communityId`, { communityId: query.communityId });
      if (query.type) qb.andWhere(`${alias}.type = :type`, { type: query.type });
      return qb;
    };
    const due = scoped('d').select('count(*)::int').andWhere(followUpDueSql('d'));
    const qb = scoped('c')
      .select(`count(*) FILTER (WHERE c.status = 'submitted')::int`, 'submitted')
      .addSelect(`count(*) FILTER (WHERE c.status = 'accepted')::int`, 'accepted')
      .addSelect(`count(*) FILTER (WHERE c.assignee_id = :me)::int`, 'mine')
      .addSelect(`count(*) FILTER (WHERE ${overdueSql()})::int`, 'overdue')
      .addSelect(`count(*) FILTER (WHERE ${dueSoonSql()})::int`, 'dueSoon')
      .addSelect('count(*)::int', 'open')
      .addSelect(`(${due.getQuery()})`, 'followUpDue')
      .andWhere(`c.status IN ('submitted','accepted','assigned','in_progress','on_hold')`)
      .setParameters({ ...due.getParameters(), me: user.id, now: this.clock.now() });
    return (await qb.getRawOne()) as CaseCountsResponse;
  }

  /** A case with its timeline, in one statement (one snapshot, so no transaction). */
  async detail(user: AuthUser, caseId: string): Promise<CaseDetailResponse> {
    const visible = this.db.getRepository(Case).createQueryBuilder('c').select('c.*').where('c.id = :caseId', { caseId });
    this.access.scopeCases(visible, user);
    const [sql, params] = this.db.driver.escapeQueryWithParameters(
      `SELECT c.*, ${detailExtrasSql('c')} FROM (${visible.getQuery()}) c`, visible.getParameters(), {});
    const [row] = await this.hot.query(sql, params);
    if (!row) throw new AppException('CASE_NOT_FOUND');
    return this.detailResponse(user, hydrate(this.db, Case, row), detailExtrasOf(row));
  }

  /** The detail of a case the caller already reached, read in the caller's transaction. */
  async detailOf(tx: EntityManager, user: AuthUser, c: Case): Promise<CaseDetailResponse> {
    const [row] = await tx.query(`SELECT ${detailExtrasSql('c')} FROM cases c WHERE c.id = $1`, [c.id]);
    return this.detailResponse(user, c, detailExtrasOf(row));
  }

  private detailResponse(user: AuthUser, c: Case, x: DetailExtras): CaseDetailResponse {
    return {
      ...this.shapeOne(user, c, x.houseLabel, x.assigneeName),
      // A staff-only note is not the owner's to read, nor its photos (ProgressNoteDto).
      events: x.events.filter((e) => user.role !== 'owner' || !isInternal(e)).map((e) => this.toEventResponse(e)),
      allowedActions: nextActions(caseFacts(c, x.cycleVerification, x.cycleRated), actorFacts(user), this.clock.now()),
      cycleVerification: x.cycleVerification,
      cycleRated: x.cycleRated,
      cycleFollowedUp: followedUpThisCycle(c),
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

  private toEventResponse(e: DetailEvent): CaseEventResponse {
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
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    };
  }

  private shapeOne(user: AuthUser, c: CaseResponseRow, houseLabel: string | null, assigneeName: string | null): CaseResponse {
    return toCaseResponse(c, {
      houseLabel,
      assigneeName,
      photoUrls: c.photoIds.map((id) => this.uploads.signedUrl(id)),
      // Phones are for the people responsible: the owner, agents and supervisors of the community, the assignee.
      showPhone: user.role !== 'handler' || c.assigneeId === user.id,
      now: this.clock.now(),
    });
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

/** A progress note staff kept among themselves. */
const isInternal = (e: { action: string; data: unknown }): boolean =>
  e.action === 'note' && (e.data as { internal?: unknown } | null)?.internal === true;
