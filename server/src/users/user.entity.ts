import type { Role } from '@wuye/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Owners (WeChat openid) and staff (username/password) share one table; `role` tells them apart. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') role: Role;
  @Column('varchar', { nullable: true }) username: string | null;
  @Column('text', { nullable: true, select: false }) passwordHash: string | null;
  @Column() name: string;
  @Column('varchar', { nullable: true }) phone: string | null;
  @Column('varchar', { nullable: true }) openid: string | null;
  @Column('uuid', { array: true }) communityIds: string[];
  /** Staff who left: no sign-in, every token refused. */
  @Column('timestamptz', { nullable: true }) disabledAt: Date | null;
  /** Carried in every token (`ver`); raised by a password reset or a stop, which signs every device out. */
  @Column('integer', { default: 0 }) sessionVersion: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
