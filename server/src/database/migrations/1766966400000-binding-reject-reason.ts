import { MigrationInterface, QueryRunner } from 'typeorm';
import { recordStepFunction } from './1766016000000-binding-history';

/**
 * Why an application was refused: staff give a reason with 驳回 (`house_bindings.reject_reason`), the
 * owner reads it beside 已驳回, and the binding's history keeps it (`house_binding_events.note`). A
 * refusal without one said nothing to the owner but 已驳回, so they applied again the same way.
 *
 * The history trigger (1766016000000) copies the reason into the `rejected` step; everything else
 * stays as it was. Replacing the function holds off binding writes while it waits for its lock: at
 * most 5 s (as 1766016000000).
 */
export class BindingRejectReason1766966400000 implements MigrationInterface {
  name = 'BindingRejectReason1766966400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE house_bindings ADD COLUMN reject_reason varchar(200)`);
    await q.query(`ALTER TABLE house_binding_events ADD COLUMN note varchar(200)`);
    await q.query(recordStepFunction(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(recordStepFunction(false));
    await q.query(`ALTER TABLE house_binding_events DROP COLUMN note`);
    await q.query(`ALTER TABLE house_bindings DROP COLUMN reject_reason`);
  }
}
