import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('houses')
export class House {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') communityId: string;
  @Column() building: string;
  @Column() unit: string;
  @Column() room: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
