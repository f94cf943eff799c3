import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, PendingBindingResponse } from '@wuye/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { WECHAT_OWNER_NAME } from '../users/owner-name';
import { BindingRow, toBindingResponse } from './binding.mapper';
import { CreateBindingDto, ListBindingsQuery } from './binding.dto';

const SELECT = `
  SELECT b.id, b.owner_id AS "ownerId", b.house_id AS "houseId", h.community_id AS "communityId",
         c.name AS "communityName", h.building, h.unit, h.room, b.relation, b.name, b.phone, b.status,
         b.created_at AS "createdAt", b.reject_reason AS "rejectReason",
         EXISTS (SELECT 1 FROM users ou WHERE ou.id = b.owner_id AND ou.disabled_at IS NOT NULL) AS "ownerDisabled",
         (SELECT coalesce(json_agg(json_build_object('status', e.status, 'at', e.created_at, 'actorRole', u.role,
                                     -- The owner by the name they applied under (their WeChat name says little to staff).
                                     'actorName', CASE WHEN e.actor_id = b.owner_id THEN b.name ELSE u.name END, 'note', e.note)
                                   ORDER BY e.created_at, e.id), '[]')
          FROM house_binding_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.binding_id = b.id) AS history
  FROM house_bindings b JOIN houses h ON h.id = b.house_id JOIN communities c ON c.id = h.community_id`;

/**
 * Applications one owner may have waiting at once: a household's few houses, not every house of an
 * estate (a single new WeChat account could otherwise bury the real applications in staff's queue).
 */
export const MAX_PENDING_BINDINGS = 5;

@Injectable()
export class BindingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async create(owner: AuthUser, dto: CreateBindingDto): Promise<PendingBindingResponse> {
    const id = await this.db.transaction(async (tx) => {
      const [house] = await tx.query('SELECT id FROM houses WHERE id = $1', [dto.houseId]);
      if (!house) throw new AppException('HOUSE_NOT_FOUND');
      // Counted under a lock of the owner's, held to the commit: applications sent at once are
      // counted one after another, so together they cannot pass the cap.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('bindings-of/' || $1, 0))`, [owner.id]);
      const [{ pending }] = await tx.query(
        `SELECT count(*)::int AS pending FROM house_bindings WHERE owner_id = $1 AND status = 'pending' AND house_id <> $2`,
        [owner.id, dto.houseId]);
      if (pending >= MAX_PENDING_BINDINGS) throw new AppException('BINDING_PENDING_LIMIT');
      return this.insertPending(tx, owner, dto);
    });
    return this.get(id);
  }

  private async insertPending(tx: EntityManager, owner: AuthUser, dto: CreateBindingDto): Promise<string> {
    // One binding per owner and house that is not rejected: an ended one (revoked) or a withdrawn
    // application is applied for again by reopening its row as pending (migration 1765843200000); a
    // pending or approved one makes the application a duplicate.
    const rows = await tx.query(
      `INSERT INTO house_bindings (owner_id, house_id, relation, name, phone, status, created_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6)
       ON CONFLICT (owner_id, house_id) WHERE status <> 'rejected' DO UPDATE
         SET relation = EXCLUDED.relation, name = EXCLUDED.name, phone = EXCLUDED.phone, status = 'pending',
             created_at = EXCLUDED.created_at, decided_by_id = NULL, decided_at = NULL, ended_by_id = NULL, ended_at = NULL
         WHERE house_bindings.status IN ('revoked', 'withdrawn')
       RETURNING id`,
      [owner.id, dto.houseId, dto.relation, dto.name, dto.phone, this.clock.now()],
    );
    if (!rows.length) throw new AppException('BINDING_EXISTS');
    return rows[0].id;
  }

  async listForOwner(ownerId: string): Promise<PendingBindingResponse[]> {
    // A refusal the owner has since applied again after (a new row for the same house) is history:
    // listed, the house would show 已驳回 beside 待审核.
    const rows: BindingRow[] = await this.db.query(
      `${SELECT} WHERE b.owner_id = $1
         AND NOT (b.status = 'rejected' AND EXISTS (
           SELECT 1 FROM house_bindings n WHERE n.owner_id = b.owner_id AND n.house_id = b.house_id AND n.created_at > b.created_at))
       ORDER BY b.created_at DESC`, [ownerId]);
    return rows.map(toBindingResponse);
  }

  async list(user: AuthUser, query: ListBindingsQuery): Promise<Page<PendingBindingResponse>> {
    const where: string[] = [];
    const params: unknown[] = [];
    // `?` is the first value (as often as it appears), `?2` the second.
    const add = (sql: string, ...values: unknown[]) => {
      const at = values.map((value) => `$${params.push(value)}`);
      where.push(sql.replace(/\?(\d?)/g, (_, n: string) => at[n ? Number(n) - 1 : 0]));
    };
    if (query.status?.length) add('b.status = ANY(?::varchar[])', query.status);
    if (query.communityId) add('h.community_id = ?', query.communityId);
    if (query.q?.trim()) {
      // The text as typed, LIKE's wildcards taken literally: a name, a phone, or a house as the list
      // shows it (1栋 1单元 1802, shared houseLabel), run together or with dashes — spaces and dashes
      // are dropped from the text for the house.
      const escape = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const text = query.q.trim();
      const house = text.replace(/[\s-]/g, '');
      add(`(b.name ILIKE ? OR b.phone LIKE ?${house ? ' OR concat(h.building, h.unit, h.room) ILIKE ?2' : ''})`,
        escape(text), ...(house ? [escape(house)] : []));
    }
    if (user.role !== 'admin') add('h.community_id = ANY(?::uuid[])', user.communityIds);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM house_bindings b JOIN houses h ON h.id = b.house_id ${clause}`, params);
    // Applications waiting are a work list: the longest-waiting first, so a page never hides them;
    // every other list newest first.
    const waiting = query.status?.length === 1 && query.status[0] === 'pending';
    const rows: BindingRow[] = await this.db.query(
      `${SELECT} ${clause} ORDER BY b.created_at ${waiting ? 'ASC' : 'DESC'}, b.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return { items: rows.map(toBindingResponse), total, page: query.page, pageSize: query.pageSize };
  }

  /** Approve or reject (with the reason the owner is shown, if given) a pending binding of one of the caller's communities. */
  async decide(user: AuthUser, id: string, status: 'approved' | 'rejected', reason: string | null = null): Promise<PendingBindingResponse> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT b.status, h.community_id AS "communityId" FROM house_bindings b JOIN houses h ON h.id = b.house_id
         WHERE b.id = $1 FOR UPDATE OF b`, [id]);
      if (!row || !this.access.canManageCommunity(user, row.communityId)) throw new AppException('BINDING_NOT_FOUND');
      if (row.status !== 'pending') throw new AppException('BINDING_NOT_PENDING');
      await tx.query('UPDATE house_bindings SET status = $2, decided_by_id = $3, decided_at = $4, reject_reason = $5 WHERE id = $1',
        [id, status, user.id, this.clock.now(), status === 'rejected' ? reason : null]);
      // An owner still named as WeChat signed them in takes the name they gave with this house.
      if (status === 'approved') {
        await tx.query(`UPDATE users u SET name = b.name FROM house_bindings b WHERE b.id = $1 AND u.id = b.owner_id AND u.name = $2`,
          [id, WECHAT_OWNER_NAME]);
      }
      const [updated]: BindingRow[] = await tx.query(`${SELECT} WHERE b.id = $1`, [id]);
      return toBindingResponse(updated);
    });
  }

  /**
   * Ends a binding: staff end an approved one of their communities (the owner moved out, sold the
   * house, a tenancy ended); an owner ends their own, approved or still pending. From then on the
   * owner no longer sees the house's cases — only those they submitted or that name them (the
   * access check reads approved bindings) — and may not submit for it; they may apply again.
   */
  async end(user: AuthUser, id: string): Promise<PendingBindingResponse> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT b.status, b.owner_id AS "ownerId", h.community_id AS "communityId" FROM house_bindings b JOIN houses h ON h.id = b.house_id
         WHERE b.id = $1 FOR UPDATE OF b`, [id]);
      const reaches = user.role === 'owner' ? row?.ownerId === user.id : row && this.access.canManageCommunity(user, row.communityId);
      if (!reaches) throw new AppException('BINDING_NOT_FOUND');
      const endable = user.role === 'owner' ? ['approved', 'pending'] : ['approved'];
      if (!endable.includes(row.status)) throw new AppException('BINDING_NOT_ACTIVE');
      // An application taken back before anyone decided reads 已撤回; a binding in force that ends, 已解除.
      await tx.query(`UPDATE house_bindings SET status = $4, ended_by_id = $2, ended_at = $3 WHERE id = $1`,
        [id, user.id, this.clock.now(), row.status === 'pending' ? 'withdrawn' : 'revoked']);
      const [updated]: BindingRow[] = await tx.query(`${SELECT} WHERE b.id = $1`, [id]);
      return toBindingResponse(updated);
    });
  }

  private async get(id: string): Promise<PendingBindingResponse> {
    const [row]: BindingRow[] = await this.db.query(`${SELECT} WHERE b.id = $1`, [id]);
    return toBindingResponse(row);
  }
}
