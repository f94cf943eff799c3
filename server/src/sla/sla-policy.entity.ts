import type { CaseType, FollowUpPolicy, Urgency } from '@wuye/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A community's override of the default SLA for one type × urgency. */
@Entity('sla_policies')
export class SlaPolicyRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') communityId: string;
  @Column('varchar') type: CaseType;
  @Column('varchar') urgency: Urgency;
  @Column('int') respondMinutes: number;
  @Column('int') resolveMinutes: number;
  @Column('int') verifyHours: number;
  @Column('varchar') followUpPolicy: FollowUpPolicy;
  @Column('int') followUpDueHours: number;
  @Column('int') warnBeforeMinutes: number;
}
