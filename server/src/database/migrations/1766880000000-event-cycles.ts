import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events that send a case back to work — a verification 未解决 / 部分解决, an unsatisfied visit, a
 * supervisor's reopen — were stored under the cycle they started, while the verification and visit
 * rows they wrote carry the cycle they concluded. From now on an event carries the cycle it was taken
 * in (case-events.ts appendEvent); this moves the earlier ones there too. Exactly these events end in
 * `in_progress` or `accepted` from a verify, follow-up or reopen: each of them started a new cycle.
 */
const SENT_BACK = `action IN ('verify', 'follow-up', 'reopen') AND to_status IN ('in_progress', 'accepted')`;

export class EventCycles1766880000000 implements MigrationInterface {
  name = 'EventCycles1766880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE case_events SET cycle = cycle - 1 WHERE ${SENT_BACK}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE case_events SET cycle = cycle + 1 WHERE ${SENT_BACK}`);
  }
}
