import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an application was refused: staff give a reason with 驳回 (`house_bindings.reject_reason`), the
 * owner reads it beside 已驳回, and the binding's history keeps it (`house_binding_events.note`). A
 * refusal without one said nothing to the owner but 已驳回, so they applied again the same way.
 *
 * The history trigger (1766016000000) copies the reason into the `rejected` step; everything else
 * stays as it was. Replacing the function holds off binding writes while it waits for its lock: at
 * most 5 s (as 1766016000000).
 */
const recordStep = (withNote: boolean) => `
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

export class BindingRejectReason1766966400000 implements MigrationInterface {
  name = 'BindingRejectReason1766966400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE house_bindings ADD COLUMN reject_reason varchar(200)`);
    await q.query(`ALTER TABLE house_binding_events ADD COLUMN note varchar(200)`);
    await q.query(recordStep(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(recordStep(false));
    await q.query(`ALTER TABLE house_binding_events DROP COLUMN note`);
    await q.query(`ALTER TABLE house_bindings DROP COLUMN reject_reason`);
  }
}
