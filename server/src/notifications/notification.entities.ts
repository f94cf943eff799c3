import type { NotifyStep } from '@wuye/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One consent an owner gave in WeChat for one step of one case (subscribe messages are one-shot). */
@Entity('notification_consents')
export class NotificationConsent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') ownerId: string;
  @Column('uuid') caseId: string;
  @Column('varchar') step: NotifyStep;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** `skipped`: not sent, and not to be — its recipient may no longer see the case, or a later message of the case reached them first. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** A subscribe message waiting to be sent; written in the transition's transaction. */
@Entity('notification_outbox')
export class NotificationOutbox {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('uuid') ownerId: string;
  @Column('varchar') step: NotifyStep;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('varchar') status: OutboxStatus;
  @Column('int') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz') nextAttemptAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('wechat_access_tokens')
export class WechatAccessToken {
  @PrimaryColumn() appid: string;
  @Column('text') token: string;
  @Column('timestamptz') expiresAt: Date;
}
