import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('communities')
export class Community {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column() code: string;
  /** null → the default category list. */
  @Column('text', { array: true, nullable: true }) categories: string[] | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
