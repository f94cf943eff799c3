import type { CaseType, FollowUpPolicy, Role, SlaPolicy, Urgency } from '@wuye/shared';
import { hydrate } from '../database/hydrate';
import type { HotStatements } from '../database/hot-statements';
import { caseNumberSql } from './case-number';
import { Case } from './case.entity';

/**
 * The two statements behind a new case. Creation used to be ~9 round trips in one transaction
 * (house, community, binding, photos, SLA policy, number counter, case, event, commit) and held the
 * community's number-counter row locked across three of them, so submissions to one community
 * queued behind each other's network round trips. Now: one read of everything the checks need, then
 * one statement that takes the number and inserts the case and its event. A single statement is
 * atomic on its own, so no transaction is opened, and the counter row stays locked only while
 * PostgreSQL runs that statement and commits it.
 */

export interface IntakeQuery {
  userId: string;
  /** Owners need an approved binding; staff may link a bound owner by the contact phone they typed. */
  owner: boolean;
  houseId: string | null;
  communityId: string | null;
  type: CaseType;
  urgency: Urgency;
  contactPhone: string | null;
  /** A public area's building, checked to be one of the community's. */
  areaBuilding: string | null;
  /** Unique, lower-case. */
  photoIds: string[];
  /** The submission's Idempotency-Key: a case the user already created with it is read too. */
  idempotencyKey: string | null;
}

/** What the checks of a new case need, each part null when it does not exist. */
export interface IntakeTarget {
  house: { id: string; communityId: string; label: string } | null;
  community: { id: string; code: string; categories: string[] | null } | null;
  /** The owner the case is for: the submitting owner's approved binding, or a bound owner staff named by phone. */
  contact: { ownerId: string; name: string; phone: string } | null;
  /** The community's SLA override for this type and urgency. */
  policy: SlaPolicy | null;
  /** How many of `photoIds` are the caller's own uploads. */
  ownPhotos: number;
  /** `areaBuilding` is a building of the community (true when none was named). */
  areaBuildingKnown: boolean;
  /** The case this user already created with the same Idempotency-Key (this is a retry). */
  earlier: { id: string; hash: string | null } | null;
}

interface IntakeRow {
  houseId: string | null;
  houseCommunityId: string;
  houseLabel: string;
  communityId: string | null;
  code: string;
  categories: string[];
  ownerId: string | null;
  contactName: string;
  contactPhone: string;
  respondMinutes: number | null;
  resolveMinutes: number;
  verifyHours: number;
  followUpPolicy: string;
  followUpDueHours: number;
  warnBeforeMinutes: number;
  ownPhotos: number;
  areaBuildingKnown: boolean;
  earlierId: string | null;
  earlierHash: string | null;
}

/**
 * A phone number as its digits, a mobile's +86 / 0086 dropped: the number an agent types for a
 * caller (138-0013-8000, +86 138 0013 8000) matches the one the owner gave when binding.
 */
const phoneDigits = (sql: string) => `regexp_replace(regexp_replace(${sql}, '[^0-9]', '', 'g'), '^(00)?86(1[0-9]{10})$', '\\2')`;

/**
 * Reads the house, community, binding, SLA override, photo ownership and an earlier case with the
 * same Idempotency-Key in one statement. Finding a retry here answers it without attempting the insert
 * (which would take and roll back a number and leave a dead row); two retries racing past this read
 * are still stopped by the unique index.
 */
export async function readIntakeTarget(hot: HotStatements, q: IntakeQuery): Promise<IntakeTarget> {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const house = q.houseId ? p(q.houseId) : null;
  // The house decides the community; without a house, the body's community (a public area).
  const communityOf = house ? 'h.community_id' : `${p(q.communityId)}::uuid`;
  let binding = 'SELECT NULL::uuid AS owner_id, NULL::varchar AS name, NULL::varchar AS phone';
  if (q.owner) {
    binding = `SELECT b.owner_id, b.name, b.phone FROM house_bindings b JOIN houses bh ON bh.id = b.house_id
               WHERE b.owner_id = ${p(q.userId)} AND b.status = 'approved' AND ${house ? 'b.house_id = h.id' : 'bh.community_id = co.id'}
               ORDER BY b.created_at LIMIT 1`;
  } else if (house && q.contactPhone) {
    binding = `SELECT b.owner_id, b.name, b.phone FROM house_bindings b
               WHERE b.house_id = h.id AND b.status = 'approved' AND ${phoneDigits('b.phone')} = ${phoneDigits(`${p(q.contactPhone)}::text`)}
               ORDER BY b.created_at LIMIT 1`;
  }
  // The same rule as UploadsService.assertOwnPhotos: every photo must be the caller's upload.
  const ownPhotos = q.photoIds.length
    ? `(SELECT count(*)::int FROM uploads WHERE id = ANY(${p(q.photoIds)}::uuid[]) AND uploader_id = ${p(q.userId)})`
    : '0';
  const areaBuildingKnown = q.areaBuilding
    ? `EXISTS (SELECT 1 FROM houses ah WHERE ah.community_id = co.id AND ah.building = ${p(q.areaBuilding)})`
    : 'true';
  // At most one row: the unique index on (created_by_id, idempotency_key) finds it.
  const earlier = q.idempotencyKey
    ? `LEFT JOIN cases ec ON ec.created_by_id = ${p(q.userId)} AND ec.idempotency_key = ${p(q.idempotencyKey)}`
    : '';
  const [row] = await hot.query<IntakeRow>(
    `SELECT h.id AS "houseId", h.community_id AS "houseCommunityId", concat_ws(' ', h.building, nullif(h.unit, ''), h.room) AS "houseLabel",
            co.id AS "communityId", co.code, co.categories,
            bd.owner_id AS "ownerId", bd.name AS "contactName", bd.phone AS "contactPhone",
            sp.respond_minutes AS "respondMinutes", sp.resolve_minutes AS "resolveMinutes", sp.verify_hours AS "verifyHours",
            sp.follow_up_policy AS "followUpPolicy", sp.follow_up_due_hours AS "followUpDueHours",
            sp.warn_before_minutes AS "warnBeforeMinutes",
            ${ownPhotos} AS "ownPhotos", ${areaBuildingKnown} AS "areaBuildingKnown",
            ${earlier ? 'ec.id' : 'NULL::uuid'} AS "earlierId", ${earlier ? 'ec.idempotency_hash' : 'NULL::varchar'} AS "earlierHash"
     FROM (SELECT 1) one
     LEFT JOIN houses h ON h.id = ${house ?? 'NULL'}::uuid
     LEFT JOIN communities co ON co.id = ${communityOf}
     LEFT JOIN LATERAL (${binding}) bd ON true
     LEFT JOIN sla_policies sp ON sp.community_id = co.id AND sp.type = ${p(q.type)} AND sp.urgency = ${p(q.urgency)}
     ${earlier}`,
    params,
  );
  return {
    house: row.houseId ? { id: row.houseId, communityId: row.houseCommunityId, label: row.houseLabel } : null,
    community: row.communityId ? { id: row.communityId, code: row.code, categories: row.categories } : null,
    contact: row.ownerId ? { ownerId: row.ownerId, name: row.contactName, phone: row.contactPhone } : null,
    policy: row.respondMinutes === null ? null : {
      respondMinutes: row.respondMinutes,
      resolveMinutes: row.resolveMinutes,
      verifyHours: row.verifyHours,
      followUpPolicy: row.followUpPolicy as FollowUpPolicy,
      followUpDueHours: row.followUpDueHours,
      warnBeforeMinutes: row.warnBeforeMinutes,
    },
    ownPhotos: row.ownPhotos,
    areaBuildingKnown: row.areaBuildingKnown,
    earlier: row.earlierId ? { id: row.earlierId, hash: row.earlierHash } : null,
  };
}

export interface NewCase {
  /** The case's columns by property name, all but `id`, `number` and `version` (the database's). */
  values: Partial<Case>;
  /** `caseNumberPrefix(code, createdAt)`; the sequence comes from the community's counter for `day`. */
  numberPrefix: string;
  /** The Shanghai day (YYYY-MM-DD) whose counter numbers the case. */
  day: string;
  event: { actorId: string; actorRole: Role; data: Record<string, unknown> };
  /**
   * An owner's submission: the owner, whose approved binding for the case's house (or for a house of
   * its community, for a public area) the statement takes FOR SHARE, inserting nothing when none is
   * approved any more — one ended between the check and the insert (an end waits for a submission
   * holding its binding; a submission re-checks a binding whose end committed, and for a public area
   * takes another approved one of the community if there is one).
   */
  boundOwnerId: string | null;
}

/**
 * Takes the next number of the community's day, inserts the case and its `create` event, in one
 * statement; returns the case as stored and the event's id, or null when the owner's binding ended
 * since it was checked (nothing written). A unique violation (a retried Idempotency-Key) fails the
 * whole statement: no number is used up.
 */
export async function insertNewCase(hot: HotStatements, n: NewCase): Promise<{ c: Case; eventId: string } | null> {
  const meta = hot.db.getMetadata(Case);
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const entries = Object.entries(n.values).filter(([, v]) => v !== undefined);
  const columns = entries.map(([key]) => {
    const column = meta.findColumnWithPropertyName(key);
    if (!column) throw new Error(`cases has no column for ${key}`);
    return column.databaseName;
  });
  const values = entries.map(([, value]) => p(value));
  let bound = '';
  if (n.boundOwnerId && n.values.houseId) {
    bound = `WHERE EXISTS (SELECT 1 FROM house_bindings b WHERE b.owner_id = ${p(n.boundOwnerId)} AND b.house_id = ${p(n.values.houseId)}
                             AND b.status = 'approved' FOR SHARE)`;
  } else if (n.boundOwnerId) {
    bound = `WHERE EXISTS (SELECT 1 FROM house_bindings b JOIN houses bh ON bh.id = b.house_id
                           WHERE b.owner_id = ${p(n.boundOwnerId)} AND bh.community_id = ${p(n.values.communityId)}
                             AND b.status = 'approved' FOR SHARE OF b)`;
  }
  const [row] = await hot.query<Record<string, unknown> & { eventId: string }>(
    `WITH seq AS (
       INSERT INTO case_number_counters (community_id, day, last_value) SELECT ${p(n.values.communityId)}, ${p(n.day)}, 1 ${bound}
       ON CONFLICT (community_id, day) DO UPDATE SET last_value = case_number_counters.last_value + 1
       RETURNING last_value),
     c AS (
       INSERT INTO cases (number, ${columns.join(', ')})
       SELECT ${caseNumberSql(`${p(n.numberPrefix)}::text`, 'last_value')}, ${values.join(', ')} FROM seq
       RETURNING *),
     e AS (
       INSERT INTO case_events (case_id, cycle, action, from_status, to_status, actor_id, actor_role, photo_ids, data, created_at)
       SELECT c.id, c.cycle, 'create', NULL, c.status, ${p(n.event.actorId)}::uuid, ${p(n.event.actorRole)}, c.photo_ids,
              ${p(JSON.stringify(n.event.data))}::jsonb, c.created_at
       FROM c
       RETURNING id)
     SELECT c.*, e.id AS "eventId" FROM c CROSS JOIN e`,
    params,
  );
  return row ? { c: hydrate(hot.db, Case, row), eventId: row.eventId } : null;
}
