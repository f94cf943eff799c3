import { MigrationInterface, QueryRunner } from 'typeorm';
import { NEW_SUMS as ON_TIME_SUMS, NEW_INPUTS as ON_TIME_INPUTS, switchRollupSums } from './1766448000000-on-time-first-resolution';

/** Until this migration: a visit nobody required counted on both sides of 回访率. */
const WITH_VOLUNTARY: Array<[string, string]> = [
  ['follow_up_required', 'coalesce(c.follow_up_required OR c.followed_up, false)::int'],
  ['followed_up', 'c.followed_up::int'],
];
/**
 * From now on: the cases that required a visit, and those of them visited — not a case still
 * `confirmed` with its visit due: a visit made before the owner's low rating does not stand, and
 * the one the rating asks for is not made yet (`followed_up` keeps saying the earlier one happened).
 */
const REQUIRED_ONLY: Array<[string, string]> = [
  ['follow_up_required', 'coalesce(c.follow_up_required, false)::int'],
  ['followed_up', `coalesce(c.follow_up_required AND c.followed_up AND c.status <> 'confirmed', false)::int`],
];
const sumsWith = (followUp: Array<[string, string]>): Array<[string, string]> =>
  ON_TIME_SUMS.map(([name, value]) => [name, followUp.find(([n]) => n === name)?.[1] ?? value]);
const OLD_SUMS = sumsWith(WITH_VOLUNTARY);
const NEW_SUMS = sumsWith(REQUIRED_ONLY);
/** Entering or leaving `confirmed` now moves a case's roll-ups. */
const NEW_INPUTS = [...ON_TIME_INPUTS, "status = 'confirmed'"];

/** The cases the two definitions count differently: visited, and no visit required or the one required still due. */
const DIFFERING = `(SELECT * FROM cases c WHERE c.followed_up AND (c.follow_up_required IS NOT TRUE OR c.status = 'confirmed'))`;

/**
 * 回访率 = cases with a follow-up ÷ cases that required one (SPEC §4). A visit made when none was
 * required (staff called before the owner rated, and the rating then asked for none) was counted in
 * both — so ten such calls lifted five visits of ten required from 50 % to 75 %, and 回访率不足
 * fired late. Now both sides count only the cases that required a visit, and a case still waiting
 * for its required visit is not visited (metrics.query.ts the same).
 * The roll-ups of the cases read differently move and the triggers are replaced, as 1766448000000
 * does (switchRollupSums: the whole table locked at once, at most 5 s of waiting).
 */
export class FollowUpRate1766707200000 implements MigrationInterface {
  name = 'FollowUpRate1766707200000';

  async up(q: QueryRunner): Promise<void> {
    await switchRollupSums(q, DIFFERING, OLD_SUMS, NEW_SUMS, NEW_INPUTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await switchRollupSums(q, DIFFERING, NEW_SUMS, OLD_SUMS, ON_TIME_INPUTS);
  }
}
