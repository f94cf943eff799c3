import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Metadata of an uploaded photo; the bytes live content-addressed under DATA_DIR by sha256. */
@Entity('uploads')
export class Upload {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('char') sha256: string;
  @Column() mime: string;
  @Column('int') size: number;
  @Column('uuid') uploaderId: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  /** When a case or step first carried it (set by the database: migration 1765584000000); null while none has. */
  @Column('timestamptz', { nullable: true }) attachedAt: Date | null;
}
