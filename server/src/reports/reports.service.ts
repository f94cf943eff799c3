import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  isAcceptedTarget, TARGET_METRIC_LABELS, TARGET_METRIC_UNITS, TARGET_METRICS,
  type MetricsResponse, type ReportTargetResponse, type StaffRole, type TargetMetric, type TargetUnit,
} from '@wuye/shared';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { MetricsQuery, type PeriodFigures, type ReportScope } from './metrics.query';
import { nextPeriod, parsePeriod, previousPeriod, type ReportPeriod } from './report-period';
import type { MetricsQueryDto, SaveTargetsDto, SummaryFormat, WorkSummaryQueryDto } from './reports.dto';
import { buildSummaryDocument, type SummaryData, type TargetSource } from './summary-document';
import { renderSummary, type RenderedSummary } from './render/render-summary';
import { findProblems, scoreTarget, suggestTargets, type Target, type TargetScore } from './summary-rules';

/** Why POST /api/reports/targets refuses a target (shared TARGET_LIMITS), per unit. */
const TARGET_RULES: Record<TargetUnit, string> = {
  rate: 'rates are fractions between 0 and 1',
  minutes: 'minutes are between 0 and 1000000',
  count: 'counts are whole numbers between 0 and 1000000',
};

interface ResolvedScope {
  scope: ReportScope;
  /** Key under which targets for this scope are saved. */
  key: string;
  /** Community names for the title ("全部小区" for every community). */
  name: string;
}

/** Reports for supervisors (their communities) and admins (all): metrics, the work summary, targets. */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly query: MetricsQuery,
  ) {}

  async metrics(user: AuthUser, dto: MetricsQueryDto): Promise<MetricsResponse> {
    const period = parsePeriod(dto.from, dto.to);
    const { scope } = await this.resolveScope(user, dto.communityId);
    const now = this.clock.now();
    return this.query.snapshot(async (tx) => {
      const current = await this.query.figures(tx, period, scope, now);
      const previous = await this.query.figures(tx, previousPeriod(period), scope, now);
      return { ...current, previous };
    });
  }

  async workSummary(user: AuthUser, dto: WorkSummaryQueryDto): Promise<RenderedSummary> {
    const data = await this.summaryData(user, dto);
    return renderSummary(buildSummaryDocument(data), (dto.format ?? 'md') as SummaryFormat);
  }

  /** Everything the work summary says, gathered in one snapshot. */
  async summaryData(user: AuthUser, dto: MetricsQueryDto): Promise<SummaryData> {
    const period = parsePeriod(dto.from, dto.to);
    const resolved = await this.resolveScope(user, dto.communityId);
    const now = this.clock.now();
    const prev = previousPeriod(period);
    const next = nextPeriod(period);
    const data = await this.query.snapshot(async (tx) => {
      const current = await this.query.figures(tx, period, resolved.scope, now);
      const previous = await this.query.figures(tx, prev, resolved.scope, now);
      // Once printed after the period ended, its suggestions for the next one stay as printed.
      const printed = await this.printedTargets(tx, resolved.key, period);
      const details = await this.query.details(tx, period, resolved.scope, now);
      const saved: SavedTarget[] = await tx.query(
        `SELECT metric, baseline, target, responsible_role AS "responsibleRole" FROM report_targets
         WHERE scope_key = $1 AND period_from = $2 AND period_to = $3 ORDER BY created_at, metric`,
        [resolved.key, period.from, period.to],
      );
      const order = (m: string) => TARGET_METRICS.indexOf(m as TargetMetric);
      // Before the period begins no target has a figure to be judged by (无数据), not even a count of 0.
      const scored = now > period.start ? current : null;
      let scoredTargets: TargetScore[] = saved.sort((a, b) => order(a.metric) - order(b.metric)).map((t) => scoreTarget(t, scored));
      let scoredTargetsSource: TargetSource = saved.length ? 'saved' : null;
      if (!saved.length) {
        // Nothing saved (through the API or the mini-program's 目标设置 page): score what the last summary suggested,
        // labelled as suggested — unless that period had no cases, whose suggestions are only defaults.
        const suggested = await this.suggestedTargetsFor(tx, period, resolved, now, previous);
        if (suggested.figures.received.total > 0) {
          scoredTargets = suggested.targets.map((t) => scoreTarget({ metric: t.metric, baseline: t.current, target: t.target, responsibleRole: t.responsibleRole }, scored));
          scoredTargetsSource = 'suggested';
        }
      }
      return {
        scopeName: resolved.name,
        period,
        previousPeriod: prev,
        nextPeriod: next,
        current,
        previous,
        details,
        problems: findProblems(current, details),
        targets: printed?.targets ?? suggestTargets(current, next),
        targetsPrintedAt: printed?.printedAt ?? null,
        scoredTargets,
        scoredTargetsSource,
        generatedAt: now,
      };
    });
    if (data.targetsPrintedAt || now < period.end) return data;
    const kept = await this.recordPrinted(resolved.key, period, data.targets, now);
    // Another summary recorded its own first: print those (this one's were never handed out).
    return kept && kept.printedAt.getTime() !== now.getTime() ? { ...data, targets: kept.targets, targetsPrintedAt: kept.printedAt } : data;
  }

  /**
   * The targets a summary of `summaryPeriod` printed for the period after it, the first time it was
   * made after `summaryPeriod` ended (report_printed_targets), or null if none was made since.
   */
  private async printedTargets(manager: EntityManager, key: string, summaryPeriod: ReportPeriod): Promise<{ targets: Target[]; printedAt: Date } | null> {
    const rows: Array<{ metric: TargetMetric; baseline: number | null; target: number; deadline: string; role: StaffRole; printedAt: Date }> = await manager.query(
      `SELECT metric, baseline, target, to_char(deadline, 'YYYY-MM-DD') AS deadline, responsible_role AS role, printed_at AS "printedAt"
       FROM report_printed_targets WHERE scope_key = $1 AND summary_from = $2 AND summary_to = $3`,
      [key, summaryPeriod.from, summaryPeriod.to],
    );
    if (!rows.length) return null;
    const order = (m: TargetMetric) => TARGET_METRICS.indexOf(m);
    const targets = rows.sort((a, b) => order(a.metric) - order(b.metric)).map((r) => ({
      metric: r.metric, label: TARGET_METRIC_LABELS[r.metric], current: r.baseline, target: r.target, deadline: r.deadline, responsibleRole: r.role,
    }));
    return { targets, printedAt: new Date(rows[0].printedAt) };
  }

  /**
   * Keeps the suggestions a summary of `summaryPeriod` printed, and answers the ones kept: the
   * first printed stays, so a summary made at the same moment elsewhere (another replica, the Word
   * and the Excel file asked for together) prints what was kept, not its own. A failure to record
   * them does not fail the summary (they are recorded by the next one).
   */
  private async recordPrinted(key: string, summaryPeriod: ReportPeriod, targets: Target[], now: Date): Promise<{ targets: Target[]; printedAt: Date } | null> {
    try {
      return await this.db.transaction(async (tx) => {
        for (const t of targets) {
          await tx.query(
            `INSERT INTO report_printed_targets (scope_key, summary_from, summary_to, metric, baseline, target, deadline, responsible_role, printed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
            [key, summaryPeriod.from, summaryPeriod.to, t.metric, t.current, t.target, t.deadline, t.responsibleRole, now],
          );
        }
        return this.printedTargets(tx, key, summaryPeriod);
      });
    } catch (error) {
      this.logger.warn(`the targets printed for ${summaryPeriod.from}–${summaryPeriod.to} were not recorded: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * The targets the work summary of the period before `period` (previousPeriod: November for
   * December) suggested for it: as it printed them, once it was made after its period ended;
   * otherwise computed as that summary computes them, with that period's figures.
   * `known` passes that period's figures when already read in this snapshot.
   */
  private async suggestedTargetsFor(tx: EntityManager, period: ReportPeriod, resolved: ResolvedScope, now: Date,
    known?: PeriodFigures): Promise<{ figures: PeriodFigures; targets: Target[] }> {
    const figures = known ?? await this.query.figures(tx, previousPeriod(period), resolved.scope, now);
    const printed = await this.printedTargets(tx, resolved.key, previousPeriod(period));
    return { figures, targets: printed?.targets ?? suggestTargets(figures, period) };
  }

  /**
   * The targets the work summary of the period before `period` (previousPeriod) suggests for
   * it, exactly as saveTargets adopts them without a list (GET /api/reports/targets/suggested).
   */
  async suggestedTargets(user: AuthUser, dto: MetricsQueryDto): Promise<ReportTargetResponse[]> {
    const period = parsePeriod(dto.from, dto.to);
    const resolved = await this.resolveScope(user, dto.communityId);
    const now = this.clock.now();
    return this.query.snapshot((tx) => this.targetsToAdopt(tx, period, resolved, now));
  }

  /**
   * Saves SMART targets for the period [from, to) (the period they are to be met in). Without a
   * list, adopts exactly the suggested targets (suggestedTargets); a listed metric takes the
   * suggestion's baseline, deadline and role with the given target. Saving again replaces a metric's target.
   */
  async saveTargets(user: AuthUser, dto: SaveTargetsDto): Promise<ReportTargetResponse[]> {
    const refused = (dto.targets ?? []).filter((t) => !isAcceptedTarget(t.metric, t.target));
    if (refused.length) {
      throw new AppException('VALIDATION_FAILED', [{ field: 'targets.target', errors: refused.map((t) => `${t.metric}: ${TARGET_RULES[TARGET_METRIC_UNITS[t.metric]]}`) }]);
    }
    const period = parsePeriod(dto.from, dto.to);
    const resolved = await this.resolveScope(user, dto.communityId);
    const now = this.clock.now();
    const suggested = await this.query.snapshot((tx) => this.targetsToAdopt(tx, period, resolved, now));
    const rows = dto.targets
      ? dto.targets.map(({ metric, target }) => ({ ...suggested.find((s) => s.metric === metric)!, target }))
      : suggested;
    return this.db.transaction(async (tx) => {
      for (const row of rows) {
        await tx.query(
          `INSERT INTO report_targets (scope_key, period_from, period_to, metric, baseline, target, deadline, responsible_role, created_by_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (scope_key, period_from, period_to, metric) DO UPDATE
             SET baseline = EXCLUDED.baseline, target = EXCLUDED.target, deadline = EXCLUDED.deadline,
                 responsible_role = EXCLUDED.responsible_role, created_by_id = EXCLUDED.created_by_id, created_at = EXCLUDED.created_at`,
          [resolved.key, period.from, period.to, row.metric, row.baseline, row.target, row.deadline, row.responsibleRole,
            user.role === 'admin' || user.role === 'supervisor' ? user.id : null, now],
        );
      }
      return this.loadTargets(tx, resolved.key, period);
    });
  }

  /** Every suggested target for `period`, in the shape it is saved and listed in. */
  private async targetsToAdopt(tx: EntityManager, period: ReportPeriod, resolved: ResolvedScope, now: Date): Promise<ReportTargetResponse[]> {
    const { targets } = await this.suggestedTargetsFor(tx, period, resolved, now);
    return targets.map((t) => ({
      metric: t.metric, label: t.label, baseline: t.current, target: t.target, deadline: t.deadline, responsibleRole: t.responsibleRole,
    }));
  }

  async listTargets(user: AuthUser, dto: MetricsQueryDto): Promise<ReportTargetResponse[]> {
    const period = parsePeriod(dto.from, dto.to);
    const resolved = await this.resolveScope(user, dto.communityId);
    return this.loadTargets(this.db.manager, resolved.key, period);
  }

  private async loadTargets(manager: { query: DataSource['query'] }, key: string, period: ReportPeriod): Promise<ReportTargetResponse[]> {
    const rows: Array<{ metric: TargetMetric; baseline: number | null; target: number; deadline: string; role: StaffRole }> = await manager.query(
      `SELECT metric, baseline, target, to_char(deadline, 'YYYY-MM-DD') AS deadline, responsible_role AS role
       FROM report_targets WHERE scope_key = $1 AND period_from = $2 AND period_to = $3`,
      [key, period.from, period.to],
    );
    return rows
      .sort((a, b) => TARGET_METRICS.indexOf(a.metric) - TARGET_METRICS.indexOf(b.metric))
      .map((r) => ({ metric: r.metric, label: TARGET_METRIC_LABELS[r.metric], baseline: r.baseline, target: r.target, deadline: r.deadline,
        responsibleRole: r.role }));
  }

  /**
   * Supervisors see their communities (all of them without communityId); admins every community.
   * A community that does not exist or is not theirs is COMMUNITY_NOT_FOUND.
   */
  async resolveScope(user: AuthUser, communityId?: string): Promise<ResolvedScope> {
    if (communityId) {
      this.access.requireCommunity(user, communityId);
      const [row] = await this.db.query(`SELECT id, name FROM communities WHERE id = $1`, [communityId]);
      if (!row) throw new AppException('COMMUNITY_NOT_FOUND');
      return { scope: [row.id], key: row.id, name: row.name };
    }
    if (user.role === 'admin') return { scope: null, key: 'all', name: '全部小区' };
    const ids = [...user.communityIds].sort();
    const rows: Array<{ name: string }> = await this.db.query(`SELECT name FROM communities WHERE id = ANY($1::uuid[]) ORDER BY name`, [ids]);
    return { scope: ids, key: scopeKey(ids), name: rows.map((r) => r.name).join('、') || '（无小区）' };
  }
}

/**
 * The targets' key for a set of communities: their ids as a list while it fits the column (2 000
 * characters, 54 communities), a digest of that list beyond — a supervisor of 60 communities saved
 * nothing before (22001, answered as a 400).
 */
function scopeKey(sortedIds: string[]): string {
  const list = sortedIds.join(',');
  if (!list) return 'none';
  return list.length <= 2000 ? list : `sha256:${createHash('sha256').update(list).digest('hex')}`;
}

type SavedTarget = { metric: TargetMetric; baseline: number | null; target: number; responsibleRole: string };
