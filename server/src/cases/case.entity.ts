import type { CaseStatus, CaseType, Channel, FollowUpPolicy, Urgency } from '@wuye/shared';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** A case (工单). Deadlines and SLA actuals are stored on it so reports never recompute history. */
@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() number: string;
  @Column('uuid') communityId: string;
  @Column('uuid', { nullable: true }) houseId: string | null;
  @Column('varchar', { nullable: true }) location: string | null;
  /** A public area's building (one of the community's); null: the whole community, or a house's case. */
  @Column('varchar', { nullable: true }) areaBuilding: string | null;
  @Column('varchar') type: CaseType;
  @Column() category: string;
  @Column('varchar') channel: Channel;
  @Column('varchar') urgency: Urgency;
  @Column('varchar') status: CaseStatus;
  @Column() description: string;
  @Column('uuid', { array: true }) photoIds: string[];
  @Column('varchar', { nullable: true }) contactName: string | null;
  @Column('varchar', { nullable: true }) contactPhone: string | null;
  @Column('varchar', { nullable: true }) preferredTime: string | null;
  @Column('uuid') createdById: string;
  @Column('uuid', { nullable: true }) ownerId: string | null;
  @Column('uuid', { nullable: true }) assigneeId: string | null;
  /** Resolution cycle: 1 at first, +1 at every reopen. Verifications and ratings belong to one. */
  @Column('int') cycle: number;
  @Column('int') reopenCount: number;
  @Column('int') urgeCount: number;
  @Column('timestamptz', { nullable: true }) lastUrgedAt: Date | null;
  @Column('timestamptz') respondDeadlineAt: Date;
  @Column('timestamptz') resolveDeadlineAt: Date;
  @Column('int') verifyHours: number;
  @Column('varchar') followUpPolicy: FollowUpPolicy;
  @Column('int') followUpDueHours: number;
  @Column('int') warnBeforeMinutes: number;
  @Column('timestamptz', { nullable: true }) firstRespondedAt: Date | null;
  @Column('timestamptz', { nullable: true }) firstResolvedAt: Date | null;
  @Column('timestamptz', { nullable: true }) resolvedAt: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @Column('timestamptz', { nullable: true }) holdStartedAt: Date | null;
  @Column('int') holdMinutes: number;
  @Column('int', { nullable: true }) responseMinutes: number | null;
  @Column('int', { nullable: true }) resolutionMinutes: number | null;
  @Column('boolean') respondBreached: boolean;
  @Column('boolean') resolveBreached: boolean;
  @Column('timestamptz', { nullable: true }) respondEscalatedAt: Date | null;
  @Column('timestamptz', { nullable: true }) resolveEscalatedAt: Date | null;
  @Column('timestamptz', { nullable: true }) warnedAt: Date | null;
  @Column('boolean') unrated: boolean;
  @Column('boolean', { nullable: true }) followUpRequired: boolean | null;
  @Column('timestamptz', { nullable: true }) followUpDueAt: Date | null;
  @Column('int') followUpAttempts: number;
  @Column('varchar', { nullable: true }) closeReason: string | null;
  /** A suggestion's latest resolution: adopted (采纳) or not; null for other types and until resolved. */
  @Column('boolean', { nullable: true }) suggestionAdopted: boolean | null;
  // Feedback facts for the reports, kept by case-lifecycle.ts with each feedback row (see cases/feedback-facts.ts).
  /** Ratings given (one per rated cycle), those with overall ≥ 4, and the sum of their overall scores. */
  @Column('int') ratingCount: number;
  @Column('int') ratingGood: number;
  @Column('int') ratingSum: number;
  /**
   * Latest judging feedback, as a rank whose maximum is the one recorded last: cycle*4 + 0 verification no/partly, + 1 yes,
   * + 3 satisfied follow-up, + 4 unsatisfied follow-up (it reopens: the start of the next cycle); odd = solved, null = never
   * judged (case-lifecycle.ts).
   */
  @Column('int', { nullable: true }) feedbackRank: number | null;
  /** A follow-up that reached the owner (not unreachable) was recorded. */
  @Column('boolean') followedUp: boolean;
  /** Who resolved the case first. */
  @Column('uuid', { nullable: true }) firstResolverId: string | null;
  @Column('uuid', { nullable: true }) duplicateOfId: string | null;
  @Column('varchar', { nullable: true }) idempotencyKey: string | null;
  @Column('varchar', { nullable: true }) idempotencyHash: string | null;
  @VersionColumn() version: number;
  // Set from the injectable Clock, not the database, so tests can move time.
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}
