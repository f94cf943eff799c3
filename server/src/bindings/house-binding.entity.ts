import type { BindingStatus, HouseRelation } from '@wuye/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('house_bindings')
export class HouseBinding {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') ownerId: string;
  @Column('uuid') houseId: string;
  @Column('varchar') relation: HouseRelation;
  @Column() name: string;
  @Column() phone: string;
  @Column('varchar') status: BindingStatus;
  @Column('uuid', { nullable: true }) decidedById: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  /** Why staff refused the application (migration 1766966400000); null otherwise. */
  @Column('varchar', { nullable: true }) rejectReason: string | null;
  /** Who ended it (staff, or the owner themselves) and when: status `revoked`. */
  @Column('uuid', { nullable: true }) endedById: string | null;
  @Column('timestamptz', { nullable: true }) endedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
