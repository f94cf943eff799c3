import type { CaseStatus, CaseType, Channel, FollowUpResult, Urgency, VerifyAnswer } from '@wuye/shared';
import type { DataSource } from 'typeorm';
import type { ReportPeriod } from '../report-period';
import type { ReportScope } from '../metrics.query';

/** One case of the ledger as read: codes and facts; times already as Shanghai wall-clock text. */
export interface LedgerRow {
  /** The keyset cursor: created_at as PostgreSQL prints it (microseconds kept), then the id. */
  cursor: string;
  id: string;
  number: string;
  community: string;
  type: CaseType;
  category: string;
  channel: Channel;
  urgency: Urgency;
  status: CaseStatus;
  followUpRequired: boolean | null;
  houseLabel: string | null;
  areaBuilding: string | null;
  location: string | null;
  description: string;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
  firstRespondedAt: string | null;
  responseMinutes: number | null;
  respondBreached: boolean;
  firstResolvedAt: string | null;
  resolutionMinutes: number | null;
  resolveBreached: boolean;
  /** The handler assigned, or else whoever resolved it first (an agent answering an inquiry). */
  assignee: string | null;
  urgeCount: number;
  reopenCount: number;
  /** The current resolution cycle's verification, if the owner (or staff for them) answered. */
  verification: VerifyAnswer | null;
  /** The current cycle was confirmed at the end of its window without an answer. */
  unrated: boolean;
  /** The current cycle's rating (overall). */
  rating: number | null;
  followUp: FollowUpResult | null;
  suggestionAdopted: boolean | null;
  closedAt: string | null;
  cancelledAt: string | null;
  /** A cancelled case's reason (its cancel event's note) and the case it repeats. */
  cancelReason: string | null;
  duplicateOfNumber: string | null;
}

const SHANGHAI = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`;

/** The cases of the period (by creation, as every report counts them) and scope, in `WHERE` form. */
function where(period: ReportPeriod, scope: ReportScope, params: unknown[]): string {
  params.push(period.start, period.end);
  let sql = 'c.created_at >= $1 AND c.created_at < $2';
  if (scope) sql += ` AND c.community_id = ANY($${params.push(scope)}::uuid[])`;
  return sql;
}

export async function countLedger(db: DataSource, period: ReportPeriod, scope: ReportScope): Promise<number> {
  const params: unknown[] = [];
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM cases c WHERE ${where(period, scope, params)}`, params);
  return n;
}

/**
 * The next `limit` cases after `after` (a row's cursor and id), oldest first. Each batch is one
 * statement, not one long transaction, so an export never holds a snapshot (or the embedded
 * database's only connection) for its whole length; a case changed while it runs shows as it was
 * when its batch was read.
 */
export async function readLedgerBatch(db: DataSource, period: ReportPeriod, scope: ReportScope,
  after: { cursor: string; id: string } | null, limit: number): Promise<LedgerRow[]> {
  const params: unknown[] = [];
  let sql = where(period, scope, params);
  if (after) sql += ` AND (c.created_at, c.id) > ($${params.push(after.cursor)}::timestamptz, $${params.push(after.id)}::uuid)`;
  return db.query(
    `SELECT c.created_at::text AS cursor, c.id, c.number, co.name AS community, c.type, c.category, c.channel, c.urgency, c.status,
            c.follow_up_required AS "followUpRequired",
            concat_ws(' ', h.building, nullif(h.unit, ''), h.room) AS "houseLabel", c.area_building AS "areaBuilding", c.location,
            c.description, c.contact_name AS "contactName", c.contact_phone AS "contactPhone",
            ${SHANGHAI('c.created_at')} AS "createdAt", ${SHANGHAI('c.first_responded_at')} AS "firstRespondedAt",
            c.response_minutes AS "responseMinutes", c.respond_breached AS "respondBreached",
            ${SHANGHAI('c.first_resolved_at')} AS "firstResolvedAt", c.resolution_minutes AS "resolutionMinutes",
            c.resolve_breached AS "resolveBreached", coalesce(a.name, fr.name) AS assignee, c.urge_count AS "urgeCount", c.reopen_count AS "reopenCount",
            (SELECT v.fixed FROM verifications v WHERE v.case_id = c.id AND v.cycle = c.cycle) AS verification,
            c.unrated,
            (SELECT r.overall FROM ratings r WHERE r.case_id = c.id AND r.cycle = c.cycle) AS rating,
            (SELECT f.result FROM follow_ups f WHERE f.case_id = c.id ORDER BY f.created_at DESC LIMIT 1) AS "followUp",
            c.suggestion_adopted AS "suggestionAdopted",
            ${SHANGHAI('c.closed_at')} AS "closedAt", ${SHANGHAI('c.cancelled_at')} AS "cancelledAt",
            CASE WHEN c.status = 'cancelled' THEN (SELECT e.note FROM case_events e WHERE e.case_id = c.id AND e.action = 'cancel'
                                                    ORDER BY e.seq DESC LIMIT 1) END AS "cancelReason",
            d.number AS "duplicateOfNumber"
     FROM cases c
     JOIN communities co ON co.id = c.community_id
     LEFT JOIN houses h ON h.id = c.house_id
     LEFT JOIN users a ON a.id = c.assignee_id
     LEFT JOIN users fr ON fr.id = c.first_resolver_id
     LEFT JOIN cases d ON d.id = c.duplicate_of_id
     WHERE ${sql}
     ORDER BY c.created_at, c.id
     LIMIT ${Math.trunc(limit)}`,
    params,
  );
}
