import type { FollowUpMethod, FollowUpResult, VerifyAnswer } from '@wuye/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The owner's answer to "was it fixed?" — one per resolution cycle. */
@Entity('verifications')
export class Verification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('int') cycle: number;
  @Column('varchar') fixed: VerifyAnswer;
  @Column('varchar', { nullable: true }) reason: string | null;
  @Column('uuid', { array: true }) photoIds: string[];
  @Column('uuid', { nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Satisfaction, separate from verification — at most one per resolution cycle. */
@Entity('ratings')
export class Rating {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('int') cycle: number;
  @Column('smallint') overall: number;
  @Column('smallint', { nullable: true }) speed: number | null;
  @Column('smallint', { nullable: true }) attitude: number | null;
  @Column('smallint', { nullable: true }) quality: number | null;
  @Column('text', { array: true }) tags: string[];
  @Column('varchar', { nullable: true }) comment: string | null;
  /** Who handled the rated cycle, so per-staff satisfaction survives reassignment. */
  @Column('uuid', { nullable: true }) assigneeId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A follow-up visit (回访) attempt. */
@Entity('follow_ups')
export class FollowUp {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('int') cycle: number;
  @Column('varchar') method: FollowUpMethod;
  @Column('varchar') result: FollowUpResult;
  @Column('varchar', { nullable: true }) note: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
