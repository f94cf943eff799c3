import type { CaseEventResponse, CaseFacts } from '@wuye/shared';

/**
 * What a case's detail adds to the case row — house label, assignee name, the current cycle's
 * verification and rating, the timeline with actor names — as columns of the statement that reads
 * the case (`c` being that row), so a detail is one round trip, read from one snapshot.
 */
export const detailExtrasSql = (c = 'c') => `
  (SELECT concat_ws(' ', h.building, nullif(h.unit, ''), h.room) FROM houses h WHERE h.id = ${c}.house_id) AS "houseLabel",
  (SELECT a.name FROM users a WHERE a.id = ${c}.assignee_id) AS "assigneeName",
  (SELECT v.fixed FROM verifications v WHERE v.case_id = ${c}.id AND v.cycle = ${c}.cycle) AS "cycleVerification",
  EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = ${c}.id AND r.cycle = ${c}.cycle) AS "cycleRated",
  (SELECT coalesce(json_agg(json_build_object(
            'id', e.id, 'action', e.action, 'fromStatus', e.from_status, 'toStatus', e.to_status, 'actorId', e.actor_id,
            'actorRole', e.actor_role, 'actorName', u.name, 'note', e.note, 'photoIds', e.photo_ids, 'data', e.data,
            'createdAt', e.created_at) ORDER BY e.seq), '[]')
   FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = ${c}.id) AS "events"`;

/** A timeline entry as read (photo links are signed later, by the service). */
export type DetailEvent = Omit<CaseEventResponse, 'photoUrls' | 'createdAt'> & { createdAt: Date };

export interface DetailExtras {
  houseLabel: string | null;
  assigneeName: string | null;
  cycleVerification: CaseFacts['cycleVerification'];
  cycleRated: boolean;
  events: DetailEvent[];
}

/** The extras out of a row read with detailExtrasSql (the timeline comes as JSON, its times as text). */
export function detailExtrasOf(row: Record<string, unknown>): DetailExtras {
  const events = row.events as (Omit<DetailEvent, 'createdAt'> & { createdAt: string })[];
  return {
    houseLabel: row.houseLabel as string | null,
    assigneeName: row.assigneeName as string | null,
    cycleVerification: (row.cycleVerification ?? null) as CaseFacts['cycleVerification'],
    cycleRated: row.cycleRated === true,
    events: events.map((e) => ({ ...e, createdAt: new Date(e.createdAt) })),
  };
}
