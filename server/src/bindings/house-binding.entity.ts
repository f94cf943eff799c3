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
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
