import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every step of a house binding on record: `house_binding_events` gets a row whenever a binding is
 * created or its status changes — applied (`pending`, by the owner), `approved` / `rejected` (by
 * staff), `revoked` (ended, by staff or the owner) or `withdrawn` (by the owner). Applying again after
 * a binding ended reopens its row (1765843200000) and clears who decided and who ended it; the events
 * keep them.
 *
 * Written by triggers on `house_bindings`, so every writer is recorded — this version, a replica still
 * on the previous one during a rolling deploy, a seed, an operator in psql. The actor and time come
 * from the row's own columns (`created_at`/owner for an application, `decided_*`, `ended_*`); a row
 * written as already decided (a seed) is recorded as its application first, and a step without its
 * columns with no actor at the time of the write.
 *
 * The existing bindings are backfilled from those columns (their last cycle is all that was kept).
 * Creating the triggers holds off binding writes while it waits for its lock: at most 5 s, then it
 * fails, to run again at the replica's restart (as 1765756800000).
 */
export class BindingHistory1766016000000 implements MigrationInterface {
  name = 'BindingHistory1766016000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`
      CREATE TABLE house_binding_events (
        id bigserial PRIMARY KEY,
        binding_id uuid NOT NULL REFERENCES house_bindings(id),
        status varchar(20) NOT NULL,
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX house_binding_events_binding_idx ON house_binding_events (binding_id, created_at, id)`);
    await q.query(recordStepFunction(false));
    await q.query(`CREATE TRIGGER house_bindings_record_insert AFTER INSERT ON house_bindings
                   FOR EACH ROW EXECUTE FUNCTION house_bindings_record_step()`);
    await q.query(`CREATE TRIGGER house_bindings_record_update AFTER UPDATE OF status ON house_bindings
                   FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION house_bindings_record_step()`);
    await q.query(`
      INSERT INTO house_binding_events (binding_id, status, actor_id, created_at)
      SELECT id, 'pending', owner_id, created_at FROM house_bindings
      UNION ALL
      SELECT id, CASE WHEN status = 'rejected' THEN 'rejected' ELSE 'approved' END, decided_by_id, decided_at
      FROM house_bindings WHERE decided_at IS NOT NULL
      UNION ALL
      -- Approved without a decision on record (seeded): approved when written.
      SELECT id, 'approved', NULL, created_at FROM house_bindings WHERE decided_at IS NULL AND status IN ('approved', 'revoked')
      UNION ALL
      SELECT id, status, ended_by_id, ended_at FROM house_bindings WHERE ended_at IS NOT NULL
      ORDER BY 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER house_bindings_record_update ON house_bindings`);
    await q.query(`DROP TRIGGER house_bindings_record_insert ON house_bindings`);
    await q.query(`DROP FUNCTION house_bindings_record_step()`);
    await q.query(`DROP TABLE house_binding_events`);
  }
}

/**
 * The trigger function that records each step of a binding. `withNote` (migration 1766966400000) also
 * copies a refusal's reason into its step; this migration's own is without.
 */
export const recordStepFunction = (withNote: boolean) => `
  CREATE OR REPLACE FUNCTION house_bindings_record_step() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- Every binding starts as the owner's application, also one written as already decided.
    IF TG_OP = 'INSERT' AND NEW.status <> 'pending' THEN
      INSERT INTO house_binding_events (binding_id, status, actor_id, created_at) VALUES (NEW.id, 'pending', NEW.owner_id, NEW.created_at);
    END IF;
    INSERT INTO house_binding_events (binding_id, status, actor_id, created_at${withNote ? ', note' : ''})
    VALUES (NEW.id, NEW.status,
      CASE WHEN NEW.status = 'pending' THEN NEW.owner_id
           WHEN NEW.status IN ('approved', 'rejected') THEN NEW.decided_by_id
           ELSE NEW.ended_by_id END,
      coalesce(CASE WHEN NEW.status = 'pending' THEN NEW.created_at
                    WHEN NEW.status IN ('approved', 'rejected') THEN NEW.decided_at
                    ELSE NEW.ended_at END, now())${withNote ? `,
      CASE WHEN NEW.status = 'rejected' THEN NEW.reject_reason END` : ''});
    RETURN NULL;
  END $$`;
