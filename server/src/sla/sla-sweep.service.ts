import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appendEvent, updateLockedCase } from '../cases/case-events';
import { decideFollowUp, verifyWindowEnd } from '../cases/case-lifecycle';
import { Case } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { NotificationsService } from '../notifications/notifications.service';

const BATCH = 100;

export interface SweepReport {
  autoConfirmed: number;
  decided: number;
  escalated: number;
  warned: number;
  notificationsSent: number;
  /** Cases a step failed on (each logged with its error), left as they were for the next run. */
  failed: number;
}

/**
 * The periodic SLA sweep. Each step claims a batch of cases with `FOR UPDATE SKIP LOCKED`, so
 * several API instances can run it at once without doing the same work twice, and repeats until
 * nothing is left.
 *
 * One case the database refuses (a row a hand edit made inconsistent, a trigger that fails on it)
 * must not stop the rest: each case is applied under a savepoint, a failure is rolled back to it,
 * logged with the case's number and counted, and the case is left out of that step for the rest of
 * the run (the next run tries it again). Each step is isolated the same way, so a failing step never
 * keeps the later ones — the subscribe messages last — from running. Before, the oldest such case
 * failed the whole run every minute, on every replica: no auto-confirm, escalation or message at all.
 */
@Injectable()
export class SlaSweepService {
  private readonly logger = new Logger(SlaSweepService.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  @Interval('sla-sweep', 60_000)
  async tick(): Promise<void> {
    if (!this.config.sweepEnabled || this.running) return;
    this.running = true;
    try {
      const report = await this.runOnce();
      if (Object.values(report).some((n) => n > 0)) this.logger.log(`sweep: ${JSON.stringify(report)}`);
    } catch (error) {
      this.logger.error(`sweep failed: ${(error as Error).stack}`);
    } finally {
      this.running = false;
    }
  }

  async runOnce(): Promise<SweepReport> {
    const report: SweepReport = { autoConfirmed: 0, decided: 0, escalated: 0, warned: 0, notificationsSent: 0, failed: 0 };
    const claim = (step: string, where: string, apply: (tx: EntityManager, c: Case, now: Date) => Promise<void>) =>
      this.eachClaimed(step, where, apply, report);

    // Resolutions the owner never answered: confirmed on their behalf, marked unrated.
    report.autoConfirmed = await claim('auto-confirm',
      `status = 'resolved' AND resolved_at + make_interval(hours => verify_hours) <= $1`,
      async (tx, c, now) => {
        c.status = 'confirmed';
        c.confirmedAt = now;
        c.unrated = true;
        decideFollowUp(c, null, now);
        await this.save(tx, c, 'auto_confirm', 'resolved', now, { verifyDeadline: verifyWindowEnd(c)?.toISOString() });
      });

    // Verified "yes" but the rating window ended without a rating: decide the follow-up now.
    report.decided = await claim('decide follow-up',
      `status = 'confirmed' AND follow_up_required IS NULL AND resolved_at + make_interval(hours => verify_hours) <= $1`,
      async (tx, c, now) => {
        decideFollowUp(c, null, now);
        await this.save(tx, c, c.status === 'closed' ? 'auto_close' : 'follow_up_due', 'confirmed', now, null);
      });

    // Breaches: flag once and escalate to the supervisor.
    report.escalated += await claim('escalate response',
      `status = 'submitted' AND respond_deadline_at < $1 AND respond_escalated_at IS NULL`,
      async (tx, c, now) => {
        c.respondBreached = true;
        c.respondEscalatedAt = now;
        await this.save(tx, c, 'escalate', c.status, now, { kind: 'respond', deadline: c.respondDeadlineAt.toISOString() });
      });
    report.escalated += await claim('escalate resolution',
      `status IN ('submitted','accepted','assigned','in_progress') AND resolve_deadline_at < $1 AND resolve_escalated_at IS NULL`,
      async (tx, c, now) => {
        // 办结超时 is a fact of the first resolution (SPEC §4, 按时办结率): a case reopened after its
        // deadline is overdue and escalated, but was not resolved late if its first resolution was on time.
        if (!c.firstResolvedAt) c.resolveBreached = true;
        c.resolveEscalatedAt = now;
        await this.save(tx, c, 'escalate', c.status, now, { kind: 'resolve', deadline: c.resolveDeadlineAt.toISOString() });
      });

    // Warn once before each deadline: before responding, then before resolving. A warning given
    // before the resolve window opened (the respond one, or one before a hold moved the deadline)
    // does not count for it.
    report.warned = await claim('warn',
      `((status = 'submitted' AND warned_at IS NULL
          AND respond_deadline_at - make_interval(mins => warn_before_minutes) <= $1 AND respond_deadline_at >= $1)
        OR (status IN ('accepted','assigned','in_progress')
          AND (warned_at IS NULL OR warned_at < resolve_deadline_at - make_interval(mins => warn_before_minutes))
          AND resolve_deadline_at - make_interval(mins => warn_before_minutes) <= $1 AND resolve_deadline_at >= $1))`,
      async (tx, c, now) => {
        c.warnedAt = now;
        const kind = c.status === 'submitted' ? 'respond' : 'resolve';
        const deadline = kind === 'respond' ? c.respondDeadlineAt : c.resolveDeadlineAt;
        await this.save(tx, c, 'sla_warning', c.status, now, { kind, deadline: deadline.toISOString() });
      });

    report.notificationsSent = await this.step('send subscribe messages', async () => (await this.notifications.sendPending()).sent);
    return report;
  }

  /** Runs one step; a failure of the whole step is logged and counts as nothing done. */
  private async step(name: string, run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (error) {
      this.logger.error(`sweep step "${name}" failed: ${(error as Error).stack}`);
      return 0;
    }
  }

  /**
   * Claims batches of matching cases (skipping rows other instances hold, and those this step failed
   * on) and applies `apply` to each under a savepoint; returns how many were applied. Each batch reads
   * the clock when it starts, and judges and stamps its cases with that time: after a long outage the
   * earlier steps may take a while, and a warning judged by the run's start could be written after
   * its deadline had passed, dated before it.
   */
  private eachClaimed(step: string, where: string, apply: (tx: EntityManager, c: Case, now: Date) => Promise<void>, report: SweepReport): Promise<number> {
    return this.step(step, async () => {
      const failed: string[] = [];
      let total = 0;
      for (;;) {
        const now = this.clock.now();
        const claimed = await this.db.transaction(async (tx) => {
          const rows: Case[] = await tx.getRepository(Case).createQueryBuilder('c')
            .where(where.replaceAll('$1', ':now'), { now })
            .andWhere('c.id <> ALL(:failed::uuid[])', { failed })
            .orderBy('c.created_at')
            .limit(BATCH)
            .setLock('pessimistic_write')
            .setOnLocked('skip_locked')
            .getMany();
          for (const c of rows) {
            await tx.query('SAVEPOINT sweep_case');
            try {
              await apply(tx, c, now);
              await tx.query('RELEASE SAVEPOINT sweep_case');
              total += 1;
            } catch (error) {
              await tx.query('ROLLBACK TO SAVEPOINT sweep_case');
              failed.push(c.id);
              report.failed += 1;
              this.logger.error(`sweep step "${step}": case ${c.number} (${c.id}) left as it was: ${(error as Error).stack}`);
            }
          }
          return rows.length;
        });
        if (claimed < BATCH) return total;
      }
    });
  }

  private async save(tx: EntityManager, c: Case, action: 'auto_confirm' | 'auto_close' | 'follow_up_due' | 'escalate' | 'sla_warning',
    from: Case['status'], now: Date, data: Record<string, unknown> | null): Promise<void> {
    c.updatedAt = now;
    await updateLockedCase(tx, c);
    await appendEvent(tx, c, { action, fromStatus: from, actorId: null, actorRole: 'system', at: now, data });
    if (c.status !== from) await this.notifications.onStatusChange(tx, c, 'system');
  }
}
