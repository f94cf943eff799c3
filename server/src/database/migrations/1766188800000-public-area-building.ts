import { MigrationInterface, QueryRunner } from 'typeorm';
import { BUILDING_OF_CASE, minuteDeltas, ROLLUP_INPUTS, STAT_SUMS, statDeltas } from './1765324800000-report-month-rollups';

/** A public-area case counts under the building it names; a house's case under its house's. */
export const BUILDING = `coalesce(h.building, c.area_building, '公共区域')`;
export const INPUTS = [...ROLLUP_INPUTS, 'area_building'];

/**
 * A public-area case may name the building it is in (SPEC §2: a public area is a 楼栋, 单元 or the
 * whole 小区, plus the location text): `cases.area_building`, one of the community's buildings; null
 * for the whole community and for house cases. Reports count such a case under its building, not
 * under 公共区域 — the roll-up triggers are re-created with that key, and an UPDATE of the column
 * (none today) moves the case between buildings like any other key. Existing cases name none, so the
 * roll-ups stay as they are.
 *
 * The ALTER and the triggers wait for their locks behind running transactions on `cases`: at most
 * 5 s, then it fails, to run again at the replica's restart (as 1765756800000).
 */
export class PublicAreaBuilding1766188800000 implements MigrationInterface {
  name = 'PublicAreaBuilding1766188800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE cases ADD COLUMN area_building varchar(50)`);
    await rollupTriggers(q, BUILDING, INPUTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    // No case may be written between the corrections below and the old triggers (its roll-up row
    // would stay under its building).
    await q.query(`LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE`);
    // Cases that named a building move back under 公共区域 in the compacted roll-ups.
    await q.query(`INSERT INTO report_month_stats_pending ${statDeltas([
      ['(SELECT * FROM cases WHERE area_building IS NOT NULL)', -1]], BUILDING)}`);
    await q.query(`INSERT INTO report_month_stats_pending ${statDeltas([
      ['(SELECT * FROM cases WHERE area_building IS NOT NULL)', 1]], BUILDING_OF_CASE)}`);
    await rollupTriggers(q, BUILDING_OF_CASE, ROLLUP_INPUTS);
    await q.query(`ALTER TABLE cases DROP COLUMN area_building`);
  }
}

/**
 * The roll-up trigger functions of 1765324800000, keyed by `building`, summing `sums`, updating on
 * `inputs` (also used by 1766448000000).
 */
export async function rollupTriggers(q: QueryRunner, building: string, inputs: string[], sums = STAT_SUMS): Promise<void> {
  await q.query(`
    CREATE OR REPLACE FUNCTION report_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO report_month_stats_pending ${statDeltas([['new_rows', 1]], building, sums)};
        INSERT INTO report_month_minutes_pending ${minuteDeltas([['new_rows', 1]])};
      ELSE
        INSERT INTO report_month_stats_pending ${statDeltas([['old_rows', -1]], building, sums)};
        INSERT INTO report_month_minutes_pending ${minuteDeltas([['old_rows', -1]])};
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE OR REPLACE FUNCTION report_rollups_apply_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO report_month_stats_pending ${statDeltas([['(SELECT NEW.*)', 1], ['(SELECT OLD.*)', -1]], building, sums)};
      INSERT INTO report_month_minutes_pending ${minuteDeltas([['(SELECT NEW.*)', 1], ['(SELECT OLD.*)', -1]])};
      RETURN NULL;
    END $fn$;
    DROP TRIGGER cases_report_rollups_update ON cases;
    CREATE TRIGGER cases_report_rollups_update AFTER UPDATE ON cases FOR EACH ROW
      WHEN ((${inputs.map((col) => `OLD.${col}`).join(', ')}) IS DISTINCT FROM (${inputs.map((col) => `NEW.${col}`).join(', ')}))
      EXECUTE FUNCTION report_rollups_apply_update();`);
}
