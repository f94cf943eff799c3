import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { STATUS_LABELS, type NotifyStep, type Role } from '@wuye/shared';
import { DataSource, EntityManager } from 'typeorm';
import type { Case } from '../cases/case.entity';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { WECHAT_TIMEOUT_MS, WechatClient, WechatError } from '../wechat/wechat.client';
import { NotificationConsent, NotificationOutbox } from './notification.entities';

/** Sends WeChat refused for the message itself (not an outage) before it is given up. */
const MAX_ATTEMPTS = 5;
/**
 * While WeChat is unreachable or the token cannot be had (an AppSecret reset, a blocked route), a
 * message waits and is tried every OUTAGE_RETRY_MS without using up its attempts — until it is
 * MESSAGE_MAX_AGE_MS old, when news of a step is too stale to send.
 */
const OUTAGE_RETRY_MS = 5 * 60_000;
const MESSAGE_MAX_AGE_MS = 24 * 3_600_000;
/** Messages one sweep claims at a time. */
const SEND_BATCH = 20;
/**
 * How long a claimed message is this replica's. Longer than the slowest batch (each message at most
 * a token fetch and a send, WECHAT_TIMEOUT_MS each), so no other replica re-claims and sends again a
 * message this one is still working through — as 50 messages on a 2-minute lease could, when WeChat
 * was slow.
 */
const LEASE_MS = SEND_BATCH * 2 * WECHAT_TIMEOUT_MS + 60_000;

/**
 * How long one sweep goes on sending: the sweep's other steps (auto-confirm, escalations) wait for
 * it, so a WeChat that answers every send only after its timeout must not hold them for ever. What
 * is left goes in the next minute's sweep.
 */
const SEND_BUDGET_MS = 45_000;

type SubscribePayload = { template_id: string; page: string; data: Record<string, { value: string }> };

const STEP_OF_STATUS: Partial<Record<Case['status'], NotifyStep>> = {
  accepted: 'accepted', assigned: 'assigned', resolved: 'resolved', closed: 'closed',
};

/**
 * The consent a status change uses. A case staff cancel (a repeat, not the company's to handle)
 * never reaches its result, so the owner hears of it through the consent they gave for the result —
 * the 处理结果 message, its status 已撤销 — which would otherwise never be used; WeChat's consent
 * dialog takes three templates, spent at submission on 受理, 派单 and 办结. An owner's own withdrawal
 * sends nothing.
 */
function stepOf(status: Case['status'], actorRole: Role | 'system'): NotifyStep | undefined {
  if (status === 'cancelled') return actorRole === 'owner' ? undefined : 'resolved';
  return STEP_OF_STATUS[status];
}

/**
 * A `thing` field: at most 20 characters of 汉字, digits, letters and symbols. Line breaks and runs of
 * spaces become one space; emoji, control and format characters are dropped (WeChat may refuse the
 * whole message for them: 47003). Cut by characters, not UTF-16 units.
 */
export function thingValue(text: string): string {
  const kept = Array.from(text.replace(/\s+/g, ' ').trim())
    .filter((ch) => ch.codePointAt(0)! <= 0xffff && !/[\p{Cc}\p{Cf}\p{Extended_Pictographic}\uFE0E\uFE0F]/u.test(ch));
  return kept.slice(0, 20).join('').trim();
}

/** Formats an instant as Shanghai wall time for message bodies: 2026-11-30 09:05. */
function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * WeChat subscribe messages through an outbox: the row is written in the transition's own
 * transaction (only where the owner consented to that step), and the sweep sends it later with
 * retries. A failed send is recorded on the row and never affects the case.
 */
@Injectable()
export class NotificationsService {
  /** SEND_BUDGET_MS; a test shortens it. */
  sendBudgetMs = SEND_BUDGET_MS;
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
    private readonly clock: Clock,
  ) {}

  /** Records what the owner granted in `wx.requestSubscribeMessage` for this case. */
  async recordConsent(manager: EntityManager, ownerId: string, caseId: string, steps: NotifyStep[]): Promise<void> {
    if (!steps.length) return;
    await manager.getRepository(NotificationConsent).insert(steps.map((step) => ({ ownerId, caseId, step, createdAt: this.clock.now() })));
  }

  /**
   * Called inside a transition's transaction after the status changed. A subscribe message goes to
   * the user who consented (the submitter or a family member approved for the house), one consent
   * each, never to someone else on their consent — and only while they may still see the case, by
   * the rule of AccessService.scopeCases: a consent given while bound to the house is not used once
   * that binding ended (moved out), nor after moving back in, approved again after the case was filed.
   */
  async onStatusChange(manager: EntityManager, c: Case, actorRole: Role | 'system'): Promise<void> {
    const step = stepOf(c.status, actorRole);
    if (!step) return;
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const [consents]: [{ ownerId: string }[], number] = await manager.query(
      `UPDATE notification_consents SET used_at = $3 WHERE id IN (
         SELECT n.id FROM notification_consents n WHERE n.case_id = $1 AND n.step = $2 AND n.used_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM users su WHERE su.id = n.owner_id AND su.disabled_at IS NOT NULL)
           AND (n.owner_id = $4 OR n.owner_id IN (SELECT hb.owner_id FROM house_bindings hb WHERE hb.house_id = $5 AND hb.status = 'approved'
                                                    AND $6::timestamptz >= coalesce(hb.decided_at, hb.created_at)))
           AND NOT EXISTS (SELECT 1 FROM notification_consents o WHERE o.case_id = n.case_id AND o.step = n.step
                             AND o.owner_id = n.owner_id AND o.used_at IS NULL AND (o.created_at, o.id) < (n.created_at, n.id))
         FOR UPDATE SKIP LOCKED) RETURNING owner_id AS "ownerId"`,
      [c.id, step, this.clock.now(), c.ownerId, c.houseId, c.createdAt],
    );
    if (!consents.length) return;
    const payload = {
      template_id: this.config.wechat.templates[step],
      page: `pages/case-detail/index?id=${c.id}`,
      data: {
        character_string1: { value: c.number },
        thing2: { value: thingValue(`${c.category}：${c.description}`) },
        phrase3: { value: STATUS_LABELS[c.status] },
        time4: { value: shanghaiTime(this.clock.now()) },
      },
    };
    await manager.getRepository(NotificationOutbox).insert(consents.map(({ ownerId }) => ({
      caseId: c.id, ownerId, step, payload, status: 'pending' as const, attempts: 0, nextAttemptAt: this.clock.now(),
      createdAt: this.clock.now(),
    })));
  }

  /**
   * Sends the due messages, SEND_BATCH at a time, each batch leased for LEASE_MS, until none is due or
   * SEND_BUDGET_MS has passed; safe with several instances (rows are claimed with SKIP LOCKED). A
   * failed message waits for its retry time, so it is not claimed again in the same run.
   */
  async sendPending(): Promise<{ sent: number; failed: number }> {
    const total = { sent: 0, failed: 0 };
    const deadline = Date.now() + this.sendBudgetMs;
    while (Date.now() < deadline) {
      const batch = await this.sendBatch(SEND_BATCH, deadline);
      total.sent += batch.sent;
      total.failed += batch.failed;
      if (batch.claimed < SEND_BATCH || batch.released > 0) break;
    }
    return total;
  }

  /**
   * Claims up to `limit` due messages and sends them one by one until `deadline`; the ones not
   * tried by then are given back (due now, their attempt not counted) for the next run.
   */
  private async sendBatch(limit: number, deadline: number): Promise<{ claimed: number; sent: number; failed: number; released: number }> {
    const now = this.clock.now();
    // Judged again as it is sent, by onStatusChange's rule: the recipient may still see the case (not
    // stopped, still bound as when the case was filed — a retry can come long after the step), and no
    // later message of the case reached them first (已受理 after 已派单 would mislead).
    const [claimed]: [Array<{ id: string; payload: SubscribePayload; attempts: number; openid: string | null; createdAt: Date;
      mayReceive: boolean; overtaken: boolean }>, number] = await this.db.query(
      `UPDATE notification_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
       FROM users u, cases c
       WHERE o.id IN (SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         AND u.id = o.owner_id AND c.id = o.case_id
       RETURNING o.id, o.payload, o.attempts, u.openid, o.created_at AS "createdAt",
         (u.disabled_at IS NULL AND (o.owner_id = c.owner_id OR EXISTS (
            SELECT 1 FROM house_bindings hb WHERE hb.owner_id = o.owner_id AND hb.house_id = c.house_id AND hb.status = 'approved'
              AND c.created_at >= coalesce(hb.decided_at, hb.created_at)))) AS "mayReceive",
         EXISTS (SELECT 1 FROM notification_outbox n WHERE n.case_id = o.case_id AND n.owner_id = o.owner_id AND n.status = 'sent'
                   AND n.created_at > o.created_at) AS overtaken`,
      [now, new Date(now.getTime() + LEASE_MS), limit],
    );
    let sent = 0;
    let failed = 0;
    // In the order the steps happened: 已受理 before 已派单.
    claimed.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
    for (const [index, row] of claimed.entries()) {
      if (Date.now() >= deadline) {
        const rest = claimed.slice(index).map((r) => r.id);
        await this.db.query(`UPDATE notification_outbox SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = ANY($1::uuid[])`,
          [rest, this.clock.now()]);
        return { claimed: claimed.length, sent, failed, released: rest.length };
      }
      if (!row.mayReceive || row.overtaken) {
        await this.db.query(`UPDATE notification_outbox SET status = 'skipped', last_error = $2 WHERE id = $1`,
          [row.id, row.mayReceive ? 'a later message of the case reached the recipient first' : 'the recipient may no longer see the case']);
        continue;
      }
      try {
        if (!row.openid) throw new AppException('USER_NOT_FOUND', undefined, 'owner has no WeChat openid');
        await this.wechat.sendSubscribeMessage({ ...row.payload, touser: row.openid });
      } catch (error) {
        failed++;
        await this.sendFailed(row, error as Error);
        continue;
      }
      // Sent: what follows only records it. A failure here must not send it again (the catch above
      // would have rescheduled it): it is retried in place, then logged.
      sent++;
      await this.markSent(row.id);
    }
    return { claimed: claimed.length, sent, failed, released: 0 };
  }

  /**
   * An outage (WeChat unreachable or busy, no token) does not use up the message's attempts: it waits
   * OUTAGE_RETRY_MS, up to MESSAGE_MAX_AGE_MS. A refusal of the message itself backs off 2, 4, 8… minutes,
   * MAX_ATTEMPTS times.
   */
  private async sendFailed(row: { id: string; attempts: number; createdAt: Date }, error: Error): Promise<void> {
    const now = this.clock.now().getTime();
    const outage = error instanceof WechatError && error.outage;
    const giveUp = outage ? now - new Date(row.createdAt).getTime() >= MESSAGE_MAX_AGE_MS : row.attempts >= MAX_ATTEMPTS;
    const retryAt = new Date(now + (outage ? OUTAGE_RETRY_MS : 60_000 * 2 ** row.attempts));
    this.logger.warn(`subscribe message ${row.id} failed (${outage ? 'outage' : `attempt ${row.attempts}`}): ${error.message}`);
    await this.db.query(
      `UPDATE notification_outbox SET status = $2, last_error = $3, next_attempt_at = $4, attempts = attempts - $5 WHERE id = $1`,
      [row.id, giveUp ? 'failed' : 'pending', String(error.message).slice(0, 500), retryAt, outage ? 1 : 0],
    );
  }

  private async markSent(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.query(`UPDATE notification_outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [id, this.clock.now()]);
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.logger.error(`subscribe message ${id} was sent but could not be recorded as sent: ${(error as Error).message}`);
          return;
        }
      }
    }
  }
}
