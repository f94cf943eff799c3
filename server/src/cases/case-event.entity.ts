import type { CaseStatus, EventAction, Role } from '@wuye/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history of a case; the timeline is read from here, ordered by `seq`. */
@Entity('case_events')
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('uuid') caseId: string;
  @Column('int') cycle: number;
  @Column('varchar') action: EventAction;
  @Column('varchar', { nullable: true }) fromStatus: CaseStatus | null;
  @Column('varchar') toStatus: CaseStatus;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('varchar') actorRole: Role | 'system';
  @Column('varchar', { nullable: true }) note: string | null;
  @Column('uuid', { array: true }) photoIds: string[];
  @Column('jsonb', { nullable: true }) data: object | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
