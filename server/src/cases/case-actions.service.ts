import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { canPerform, isTransition, ratingTagsFor, VERIFY_WORDING, type CaseAction, type CaseDetailResponse } from '@wuye/shared';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { appendEvent, updateLockedCase } from './case-events';
import { actorFacts, loadCaseFacts } from './case-facts';
import {
  close, decideFollowUp, endHold, markResolved, markResponded, rateAfterDecision, recordFollowUp, recordRating, recordVerification, reopen,
  verifyWindowOver,
} from './case-lifecycle';
import { Case } from './case.entity';
import type { AssignDto, CancelDto, FollowUpDto, NoteDto, OptionalNoteDto, ProgressNoteDto, RateDto, ReasonDto, ResolveDto, VerifyDto } from './case.dto';
import { CasesService } from './cases.service';
import { FollowUp, Rating, Verification } from './feedback.entities';

/** What an action handler records in the event, besides the status change. */
interface Effect {
  note?: string | null;
  photoIds?: string[];
  data?: Record<string, unknown>;
}

interface ActionContext<B> {
  tx: EntityManager;
  c: Case;
  user: AuthUser;
  body: B;
  now: Date;
}

/**
 * The owner's steps a lost answer may make them send again (isOwnersRepeat). Not 催办: its refusal
 * (催办太频繁，30 分钟后再试) is the true answer to a second tap as well.
 */
const REPEATABLE: readonly CaseAction[] = ['verify', 'rate', 'cancel'];
const REPEAT_WINDOW_MS = 10 * 60_000;
type RepeatableBody = { fixed?: string; reason?: string; overall?: number; comment?: string };

export type ActionBodies = {
  accept: OptionalNoteDto; reply: NoteDto; assign: AssignDto; start: OptionalNoteDto; hold: ReasonDto;
  resume: OptionalNoteDto; note: ProgressNoteDto; resolve: ResolveDto; verify: VerifyDto; rate: RateDto;
  'follow-up': FollowUpDto; close: OptionalNoteDto; cancel: CancelDto; reopen: ReasonDto; urge: OptionalNoteDto;
};

/**
 * Runs every case action: lock the case, ask the shared transition table (and its guards) whether
 * the caller may act, apply the action's change, and write the event (and any notification) in the
 * same transaction. Concurrent actions queue on the row lock; the loser finds the new status and
 * gets a 409 — or, when the action is still legal from that status (a reassign after an assign),
 * a 409 CASE_CHANGED if it carried the version it was based on.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    private readonly cases: CasesService,
  ) {}

  /**
   * `expectedVersion` (the request's `If-Match`): the case version the caller saw. Compared once the
   * row is locked, so of two requests sent from the same version exactly one can pass; a case that
   * changed since is `CASE_CHANGED` before anything is written. Undefined: no check.
   */
  async perform<A extends CaseAction>(
    user: AuthUser, caseId: string, action: A, body: ActionBodies[A], expectedVersion?: number,
  ): Promise<CaseDetailResponse> {
    return this.db.transaction(async (tx) => {
      const c = await this.access.requireCase(tx, user, caseId, true);
      if (expectedVersion !== undefined && c.version !== expectedVersion) throw new AppException('CASE_CHANGED');
      const now = this.clock.now();
      const decision = canPerform(action, await loadCaseFacts(tx, c), actorFacts(user), now);
      if (!decision.ok) {
        // The owner's own step sent again because its answer was lost (a dropped connection, 重试):
        // the case already shows it, so the answer is the case, not a refusal of what succeeded.
        if (await this.isOwnersRepeat(tx, c.id, user, action, body as RepeatableBody, now)) return this.cases.detailOf(tx, user, c);
        throw new AppException(decision.code);
      }
      const from = c.status;
      const cycle = c.cycle;
      const effect = await (this.handlers[action] as (ctx: ActionContext<ActionBodies[A]>) => Promise<Effect>)({ tx, c, user, body, now });
      if (!isTransition(from, action, c.status)) {
        throw new Error(`handler for ${action} moved ${from} → ${c.status}, which the table does not allow`);
      }
      if (from === 'on_hold' && c.status !== 'on_hold') endHold(c, now);
      c.updatedAt = now;
      await updateLockedCase(tx, c);
      await appendEvent(tx, c, { action, fromStatus: from, actorId: user.id, actorRole: user.role, at: now, cycle, ...effect });
      if (c.status !== from) await this.notifications.onStatusChange(tx, c, user.role);
      // Answer from the same transaction: the caller sees exactly what was committed.
      return this.cases.detailOf(tx, user, c);
    });
  }

  /**
   * Whether an owner's verify, rate or cancel that the rules now refuse is the same step they
   * took last on this case, within REPEAT_WINDOW_MS, with the same answer: nobody acted since, so the
   * refusal could only be of their own success.
   */
  private async isOwnersRepeat(tx: EntityManager, caseId: string, user: AuthUser, action: CaseAction, body: RepeatableBody, now: Date): Promise<boolean> {
    if (user.role !== 'owner' || !REPEATABLE.includes(action)) return false;
    const [last]: Array<{ action: string; actorId: string | null; note: string | null; data: Record<string, unknown> | null; createdAt: Date }> = await tx.query(
      `SELECT action, actor_id AS "actorId", note, data, created_at AS "createdAt" FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
      [caseId]);
    if (!last || last.action !== action || last.actorId !== user.id || now.getTime() - new Date(last.createdAt).getTime() > REPEAT_WINDOW_MS) return false;
    const said = (text: string | undefined) => (text?.trim() || null) === (last.note?.trim() || null);
    switch (action) {
      case 'verify': return last.data?.fixed === body.fixed && said(body.reason);
      case 'rate': return last.data?.overall === body.overall && said(body.comment);
      default: return said(body.reason);
    }
  }

  /**
   * `userId` if it is an active handler of the case's community — whom a case may be assigned to —
   * else null. Read FOR SHARE: an admin stopping or moving this person at the same moment waits, or is
   * waited for (StaffService.update), so the two cannot both pass their checks.
   */
  private async activeHandler(tx: EntityManager, userId: string, c: Case): Promise<User | null> {
    const handler = await tx.getRepository(User).findOne({
      where: { id: userId, role: 'handler', disabledAt: IsNull() }, lock: { mode: 'pessimistic_read' },
    });
    return handler?.communityIds.includes(c.communityId) ? handler : null;
  }

  /** Whether the case's handler may still act on it (an admin may have stopped or moved them); no handler: true. */
  private async assigneeActive(tx: EntityManager, c: Case): Promise<boolean> {
    return !c.assigneeId || !!(await this.activeHandler(tx, c.assigneeId, c));
  }

  private readonly handlers: { [A in CaseAction]: (ctx: ActionContext<ActionBodies[A]>) => Promise<Effect> } = {
    accept: async ({ c, body, now }) => {
      c.status = 'accepted';
      markResponded(c, now);
      return { note: body.note };
    },
    reply: async ({ tx, user, body }) => ({ note: body.note, photoIds: await this.uploads.assertOwnPhotos(tx, user, body.photoIds) }),
    note: async ({ tx, user, body }) => ({
      note: body.note, photoIds: await this.uploads.assertOwnPhotos(tx, user, body.photoIds), ...(body.internal ? { data: { internal: true } } : {}),
    }),
    assign: async ({ tx, c, body }) => {
      const handler = await this.activeHandler(tx, body.handlerId, c);
      if (!handler) throw new AppException('HANDLER_INVALID');
      const previous = c.assigneeId;
      c.assigneeId = handler.id;
      c.status = 'assigned';
      return { note: body.note, data: { assigneeId: handler.id, assigneeName: handler.name, previousAssigneeId: previous } };
    },
    start: async ({ c, body }) => {
      c.status = 'in_progress';
      return { note: body.note };
    },
    hold: async ({ c, body, now }) => {
      c.status = 'on_hold';
      c.holdStartedAt = now;
      return { note: body.reason };
    },
    resume: async ({ c, body }) => {
      c.status = 'in_progress';
      return { note: body.note };
    },
    resolve: async ({ tx, c, user, body, now }) => {
      // A suggestion is resolved as adopted or not (the work summary counts them; SPEC's resolve
      // {note, photoIds?} stays valid: unsaid, it is counted as 未标注); nothing else is.
      const adopted = body.adopted ?? null;
      if (c.type !== 'suggestion' && body.adopted !== undefined) {
        throw new AppException('VALIDATION_FAILED', [{ field: 'adopted', errors: ['only a suggestion is adopted or not'] }]);
      }
      const photoIds = await this.uploads.assertOwnPhotos(tx, user, body.photoIds);
      markResolved(c, now, user.id);
      if (c.type !== 'suggestion') return { note: body.note, photoIds };
      c.suggestionAdopted = adopted;
      return { note: body.note, photoIds, ...(adopted === null ? {} : { data: { adopted } }) };
    },
    verify: async ({ tx, c, user, body, now }) => {
      // Offered as the type words it: `partly` would reopen a praise as 重办 (VERIFY_WORDING).
      if (VERIFY_WORDING[c.type].answers[body.fixed] === undefined) throw new AppException('VERIFY_ANSWER_NOT_OFFERED');
      if (body.fixed !== 'yes' && !body.reason?.trim()) throw new AppException('VERIFY_REASON_REQUIRED');
      const photoIds = await this.uploads.assertOwnPhotos(tx, user, body.photoIds);
      await tx.getRepository(Verification).insert({
        caseId: c.id, cycle: c.cycle, fixed: body.fixed, reason: body.reason ?? null, photoIds, actorId: user.id, createdAt: now,
      });
      recordVerification(c, body.fixed);
      const verifiedCycle = c.cycle;
      let unassigned = null;
      // A case taken by phone without the owner's account: the owner of the house who answers in the
      // mini-program becomes its owner account, so their rating is awaited before staff close it and
      // they are the one told of its later steps.
      if (user.role === 'owner' && !c.ownerId) c.ownerId = user.id;
      if (body.fixed === 'yes') {
        c.status = 'confirmed';
        c.confirmedAt = now;
        // Staff confirming for an owner without an account: nobody can rate, decide at once.
        if (user.role !== 'owner') decideFollowUp(c, null, now);
      } else {
        unassigned = reopen(c, await this.assigneeActive(tx, c));
      }
      return { note: body.reason ?? null, photoIds, data: { fixed: body.fixed, cycle: verifiedCycle, ...unassigned } };
    },
    rate: async ({ tx, c, body, now }) => {
      // The chips the owner was offered for this type (no 没修好 or 不守时 for an inquiry).
      const offered = ratingTagsFor(c.type);
      const unknown = (body.tags ?? []).filter((tag) => !offered.includes(tag));
      if (unknown.length) throw new AppException('VALIDATION_FAILED', [{ field: 'tags', errors: [`not a rating tag for this case: ${unknown.join('、')}`] }]);
      await tx.getRepository(Rating).insert({
        caseId: c.id, cycle: c.cycle, overall: body.overall, speed: body.speed ?? null, attitude: body.attitude ?? null,
        quality: body.quality ?? null, tags: body.tags ?? [], comment: body.comment ?? null, assigneeId: c.assigneeId, createdAt: now,
      });
      recordRating(c, body.overall);
      // The rating decides the follow-up, unless staff already did (confirming for an owner without
      // an account): then it may only make the visit unneeded, never move it later.
      if (c.followUpRequired === null) decideFollowUp(c, body.overall, now);
      else rateAfterDecision(c, body.overall, now);
      const { overall, speed, attitude, quality, tags } = body;
      return { note: body.comment ?? null, data: { overall, speed, attitude, quality, tags } };
    },
    'follow-up': async ({ tx, c, user, body, now }) => {
      await tx.getRepository(FollowUp).insert({
        caseId: c.id, cycle: c.cycle, method: body.method, result: body.result, note: body.note ?? null, actorId: user.id, createdAt: now,
      });
      recordFollowUp(c, body.result);
      let unassigned = null;
      switch (body.result) {
        case 'satisfied':
        case 'basically_satisfied':
          // Before the decision the owner may still rate: the case stays confirmed and closes when
          // the rating arrives or the window ends (decideFollowUp). Ratings come before closing.
          if (c.followUpRequired !== null) close(c, now, 'followed_up');
          else if (verifyWindowOver(c, now)) decideFollowUp(c, null, now);
          break;
        case 'unsatisfied':
          unassigned = reopen(c, await this.assigneeActive(tx, c));
          break;
        case 'unreachable':
          c.followUpAttempts += 1;
          // Before the decision the owner may still rate; decideFollowUp closes it then.
          if (c.followUpRequired === null && verifyWindowOver(c, now)) decideFollowUp(c, null, now);
          else if (c.followUpAttempts >= 3 && c.followUpRequired !== null) close(c, now, 'unreachable');
          break;
      }
      return { note: body.note ?? null, data: { method: body.method, result: body.result, ...unassigned } };
    },
    close: async ({ c, body, now }) => {
      close(c, now, 'closed_by_staff');
      return { note: body.note };
    },
    cancel: async ({ tx, c, user, body, now }) => {
      // Marking duplicates is staff work; an owner probing other ids would learn which exist.
      if (body.duplicateOf && user.role === 'owner') throw new AppException('CASE_ACTION_FORBIDDEN');
      // The number too: the timeline names the case this one repeats, as staff know it.
      let duplicateOfNumber: string | null = null;
      if (body.duplicateOf) {
        // Held (FOR SHARE) until this cancel commits: two agents cancelling A as a repeat of B and B
        // of A at once would otherwise both commit, and neither problem be handled; now one waits and
        // then finds its original cancelled, or PostgreSQL ends the deadlock with a 409.
        const target = await tx.getRepository(Case).createQueryBuilder('t')
          .where('t.id = :id', { id: body.duplicateOf }).setLock('pessimistic_read').getOne();
        if (!target || target.id === c.id || target.communityId !== c.communityId) throw new AppException('DUPLICATE_TARGET_INVALID');
        if (target.status === 'cancelled') throw new AppException('DUPLICATE_TARGET_CANCELLED');
        c.duplicateOfId = target.id;
        duplicateOfNumber = target.number;
      }
      c.status = 'cancelled';
      c.cancelledAt = now;
      return { note: body.reason, data: body.duplicateOf ? { duplicateOf: body.duplicateOf, duplicateOfNumber } : undefined };
    },
    reopen: async ({ tx, c, body }) => {
      const unassigned = reopen(c, await this.assigneeActive(tx, c));
      return { note: body.reason, data: unassigned ?? undefined };
    },
    urge: async ({ c, body, now }) => {
      c.urgeCount += 1;
      c.lastUrgedAt = now;
      return { note: body.note, data: { urgeCount: c.urgeCount } };
    },
  };
}
