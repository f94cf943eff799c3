import { defaultSlaPolicy, RATING_TAGS, type CaseStatus, type EventAction, type FollowUpResult, type Role } from '@wuye/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { close, decideFollowUp, endHold, markResolved, markResponded, recordFollowUp, recordRating, recordVerification, reopen } from '../cases/case-lifecycle';
import { formatCaseNumber, shanghaiDay } from '../cases/case-number';
import { Case } from '../cases/case.entity';
import { dataSourceOptions } from '../database/data-source-options';
import { CATEGORIES_BY_TYPE, CHANNEL_WEIGHTS, DESCRIPTIONS, HANDLER_NOTES, NOT_DONE_REASONS, PRAISE_TEXTS, PUBLIC_PLACES, REPLIES, TYPE_WEIGHTS } from './demo-content';

export const DEMO_PASSWORD = 'demo1234';
const DAYS = 90;
const CASES_PER_COMMUNITY_PER_DAY = 3;
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A small deterministic PRNG (mulberry32), so every fresh demo looks the same. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    weighted: <T>(items: [T, number][]) => {
      let r = next() * items.reduce((s, [, w]) => s + w, 0);
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1][0];
    },
  };
}

interface Staff { id: string; role: Role; name: string; communityIds: string[] }
interface EventRow {
  id: string; case_id: string; cycle: number; action: EventAction; from_status: CaseStatus | null; to_status: CaseStatus;
  actor_id: string | null; actor_role: Role | 'system'; note: string | null; data: Record<string, unknown> | null; created_at: Date;
}

/**
 * Demo data for a newcomer: two communities with houses, one account per staff role, six demo
 * owners (five with approved houses) and ~90 days of cases in every state, produced by replaying
 * the real lifecycle helpers over synthetic times. Runs once: it does nothing if any community exists.
 */
export async function seedDemo(url: string, embedded: boolean, now = new Date()): Promise<boolean> {
  const ds = await new DataSource(dataSourceOptions(url, embedded)).initialize();
  try {
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM communities');
    if (n > 0) return false;
    await ds.transaction(async (tx) => {
      const r = rng(20261130);
      const communities: { id: string; code: string; name: string }[] = await tx.query(
        `INSERT INTO communities (name, code) VALUES ('和园', 'HY'), ('锦绣华庭', 'JX') RETURNING id, code, name`);
      const houses: { id: string; community_id: string }[] = [];
      for (const c of communities) {
        const rows = await tx.query(
          `INSERT INTO houses (community_id, building, unit, room)
           SELECT $1, b || '栋', u || '单元', f || lpad(d::text, 2, '0')
           FROM generate_series(1, 6) b, generate_series(1, 2) u, generate_series(1, 18) f, generate_series(1, 2) d
           RETURNING id, community_id`, [c.id]);
        houses.push(...rows);
      }
      const [hy, jx] = communities;
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const staffSpec: [string, Role, string, string[]][] = [
        ['admin', 'admin', '系统管理员', []],
        ['supervisor1', 'supervisor', '周主管', [hy.id, jx.id]],
        ['agent1', 'agent', '李客服', [hy.id]],
        ['agent2', 'agent', '王客服', [jx.id]],
        ['handler1', 'handler', '张师傅', [hy.id]],
        ['handler2', 'handler', '陈师傅', [hy.id]],
        ['handler3', 'handler', '刘师傅', [jx.id]],
      ];
      const staff: Staff[] = [];
      for (const [username, role, name, communityIds] of staffSpec) {
        const rows = await tx.query(
          `INSERT INTO users (role, username, password_hash, name, phone, community_ids) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING id, role, name, community_ids AS "communityIds"`,
          [role, username, passwordHash, name, `1390000${String(staff.length).padStart(4, '0')}`, communityIds]);
        staff.push(rows[0]);
      }
      // Demo owners; owner6 has no house, so a newcomer can try binding one.
      const owners: { id: string; houseId: string | null; name: string; phone: string }[] = [];
      const ownerNames = ['赵先生', '钱女士', '孙先生', '李女士', '周先生', '吴女士'];
      for (let i = 1; i <= 6; i++) {
        const [owner] = await tx.query(
          `INSERT INTO users (role, name, openid, phone) VALUES ('owner', $1, $2, $3) RETURNING id`,
          [ownerNames[i - 1], `demo-owner${i}`, `1380000000${i}`]);
        const house = i <= 5 ? houses.filter((h) => h.community_id === (i <= 3 ? hy.id : jx.id))[i * 7] : null;
        if (house) {
          await tx.query(
            `INSERT INTO house_bindings (owner_id, house_id, relation, name, phone, status, decided_by_id, decided_at, created_at)
             VALUES ($1, $2, 'owner', $3, $4, 'approved', $5, $6, $6)`,
            [owner.id, house.id, ownerNames[i - 1], `1380000000${i}`, staff[2].id, new Date(now.getTime() - (DAYS + 5) * 24 * HOUR)]);
        }
        owners.push({ id: owner.id, houseId: house?.id ?? null, name: ownerNames[i - 1], phone: `1380000000${i}` });
      }
      // A pending binding for staff to approve.
      await tx.query(
        `INSERT INTO house_bindings (owner_id, house_id, relation, name, phone, status, created_at) VALUES ($1, $2, 'tenant', '吴女士', '13800000006', 'pending', $3)`,
        [owners[5].id, houses[40].id, new Date(now.getTime() - 2 * HOUR)]);

      const cases: Case[] = [];
      const events: EventRow[] = [];
      const verifications: unknown[][] = [];
      const ratings: unknown[][] = [];
      const followUps: unknown[][] = [];
      for (const community of communities) {
        const agents = staff.filter((s) => s.role === 'agent' && s.communityIds.includes(community.id));
        const handlers = staff.filter((s) => s.role === 'handler' && s.communityIds.includes(community.id));
        const communityHouses = houses.filter((h) => h.community_id === community.id);
        const communityOwners = owners.filter((o) => o.houseId && communityHouses.some((h) => h.id === o.houseId));
        const counters = new Map<string, number>();
        const times: Date[] = [];
        for (let d = DAYS; d >= 0; d--) {
          for (let k = 0; k < CASES_PER_COMMUNITY_PER_DAY + (r.chance(0.5) ? 1 : 0); k++) {
            // Daytime in Shanghai (08:00–22:00).
            const day = new Date(now.getTime() - d * 24 * HOUR);
            const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - 8 * HOUR;
            const at = new Date(midnight + r.between(8, 22) * HOUR);
            if (at < now) times.push(at);
          }
        }
        times.sort((a, b) => a.getTime() - b.getTime());
        for (const createdAt of times) {
          const type = r.weighted(TYPE_WEIGHTS);
          const channel = r.weighted(CHANNEL_WEIGHTS);
          const owner = channel === 'miniapp' && communityOwners.length ? r.pick(communityOwners) : null;
          const category = r.pick(CATEGORIES_BY_TYPE[type]);
          const description = type === 'praise' ? r.pick(PRAISE_TEXTS) : r.pick(DESCRIPTIONS[category] ?? DESCRIPTIONS['其他']);
          const place = PUBLIC_PLACES[description];
          const urgency = type === 'repair' && r.chance(0.15) ? 'urgent' : 'normal';
          const policy = defaultSlaPolicy(type, urgency);
          const dayKey = shanghaiDay(createdAt).iso;
          const seq = (counters.get(dayKey) ?? 0) + 1;
          counters.set(dayKey, seq);
          // A public place, at one of the six buildings or estate-wide; anything else in the reporter's home.
          const houseId = place ? null : owner ? owner.houseId : r.pick(communityHouses).id;
          const areaBuilding = place?.atBuilding ? `${1 + Math.floor(r.next() * 6)}栋` : null;
          const c = Object.assign(new Case(), {
            id: randomUUID(), number: formatCaseNumber(community.code, createdAt, seq), communityId: community.id,
            houseId, location: place?.location ?? null, areaBuilding, type, category, channel, urgency,
            status: 'submitted', description,
            photoIds: [], contactName: owner?.name ?? r.pick(['马先生', '林女士', '黄先生', '何女士']),
            contactPhone: owner?.phone ?? `139${String(Math.floor(r.next() * 1e8)).padStart(8, '0')}`, preferredTime: null,
            createdById: owner ? owner.id : r.pick(agents).id, ownerId: owner?.id ?? null, assigneeId: null, cycle: 1,
            reopenCount: 0, urgeCount: 0, lastUrgedAt: null,
            respondDeadlineAt: new Date(createdAt.getTime() + policy.respondMinutes * MIN),
            resolveDeadlineAt: new Date(createdAt.getTime() + policy.resolveMinutes * MIN),
            verifyHours: policy.verifyHours, followUpPolicy: policy.followUpPolicy, followUpDueHours: policy.followUpDueHours,
            warnBeforeMinutes: policy.warnBeforeMinutes, firstRespondedAt: null, firstResolvedAt: null, resolvedAt: null,
            confirmedAt: null, closedAt: null, cancelledAt: null, holdStartedAt: null, holdMinutes: 0, responseMinutes: null,
            resolutionMinutes: null, respondBreached: false, resolveBreached: false, respondEscalatedAt: null,
            resolveEscalatedAt: null, warnedAt: null, unrated: false, followUpRequired: null, followUpDueAt: null,
            followUpAttempts: 0, closeReason: null, suggestionAdopted: null, duplicateOfId: null, idempotencyKey: null, idempotencyHash: null,
            ratingCount: 0, ratingGood: 0, ratingSum: 0, feedbackRank: null, followedUp: false, firstResolverId: null,
            version: 1, createdAt, updatedAt: createdAt,
          } satisfies Partial<Case>) as Case;
          cases.push(c);
          let t = createdAt;
          const agent = r.pick(agents);
          // `cycle`: the round the action was taken in (case-events.ts), given when it started another.
          const push = (action: EventAction, from: CaseStatus | null, actor: { id: string; role: Role } | null, note: string | null = null,
            data: Record<string, unknown> | null = null, cycle = c.cycle) =>
            events.push({ id: randomUUID(), case_id: c.id, cycle, action, from_status: from, to_status: c.status,
              actor_id: actor?.id ?? null, actor_role: actor?.role ?? 'system', note, data, created_at: t });
          const step = (minutes: number) => {
            t = new Date(t.getTime() + Math.max(1, minutes) * MIN);
            return t < now;
          };
          push('create', null, owner ? { id: owner.id, role: 'owner' } : agent, null, { channel });

          // 受理
          const respondIn = policy.respondMinutes * (r.chance(0.12) ? r.between(1.1, 3) : r.between(0.1, 0.9));
          if (!step(respondIn)) {
            if (now > c.respondDeadlineAt) {
              c.respondBreached = true;
              c.respondEscalatedAt = c.respondDeadlineAt;
            }
            continue;
          }
          if (t > c.respondDeadlineAt) {
            const at = t;
            t = c.respondDeadlineAt;
            c.respondEscalatedAt = t;
            push('escalate', 'submitted', null, null, { kind: 'respond' });
            t = at;
          }
          if (r.chance(0.04)) {
            c.status = 'cancelled';
            c.cancelledAt = t;
            push('cancel', 'submitted', owner ? { id: owner.id, role: 'owner' } : agent, '问题已自行解决');
            continue;
          }
          c.status = 'accepted';
          markResponded(c, t);
          push('accept', 'submitted', agent);

          let handler: Staff | null = null;
          const viaAgent = type === 'inquiry' || type === 'praise';
          let cycles = 0;
          let done = false;
          while (!done && cycles < 3) {
            cycles++;
            // 处理
            if (viaAgent) {
              if (!step(r.between(10, policy.resolveMinutes * 0.5))) break;
              markResolved(c, t, agent.id);
              push('resolve', 'accepted', agent, r.pick(REPLIES));
            } else {
              if (!handler) {
                if (!step(r.between(5, 40))) break;
                handler = r.pick(handlers);
                c.assigneeId = handler.id;
                c.status = 'assigned';
                push('assign', 'accepted', agent, null, { assigneeId: handler.id, assigneeName: handler.name });
                if (!step(r.between(10, 120))) break;
                c.status = 'in_progress';
                push('start', 'assigned', handler);
              }
              if (r.chance(0.08)) {
                if (!step(r.between(30, 180))) break;
                c.status = 'on_hold';
                c.holdStartedAt = t;
                push('hold', 'in_progress', handler, '等待配件到货');
                if (!step(r.between(6 * 60, 48 * 60))) break;
                c.status = 'in_progress';
                endHold(c, t);
                push('resume', 'on_hold', handler, '配件已到');
              }
              const late = r.chance(0.1);
              const resolveIn = policy.resolveMinutes * (late ? r.between(1.05, 1.6) : r.between(0.05, 0.7));
              if (!step(resolveIn)) break;
              if (t > c.resolveDeadlineAt && !c.resolveEscalatedAt) {
                const at = t;
                t = c.resolveDeadlineAt;
                c.resolveBreached = true;
                c.resolveEscalatedAt = t;
                push('escalate', 'in_progress', null, null, { kind: 'resolve' });
                t = at;
              }
              markResolved(c, t, handler.id);
              // Two suggestions in three adopted, by the day's sequence (drawing would shift every later case).
              const adoption = type === 'suggestion' ? { adopted: seq % 3 !== 0 } : null;
              if (adoption) c.suggestionAdopted = adoption.adopted;
              push('resolve', 'in_progress', handler, r.pick(HANDLER_NOTES), adoption);
            }
            // 反馈
            const answers = r.chance(0.9);
            const verifyAt = answers ? r.between(20, 36 * 60) : c.verifyHours * 60;
            if (!step(verifyAt)) break;
            const ownerActor = c.ownerId ? { id: c.ownerId, role: 'owner' as Role } : agent;
            if (!answers) {
              c.status = 'confirmed';
              c.confirmedAt = t;
              c.unrated = true;
              decideFollowUp(c, null, t);
              push('auto_confirm', 'resolved', null);
            } else if (r.chance(0.1) && cycles < 3) {
              // Praise is answered 已收到/未收到 only (VERIFY_WORDING); the reason is the type's.
              const fixed = c.type === 'praise' || r.chance(0.5) ? 'no' : 'partly';
              const reason = NOT_DONE_REASONS[c.type];
              verifications.push([randomUUID(), c.id, c.cycle, fixed, reason, ownerActor.id, t]);
              recordVerification(c, fixed);
              reopen(c);
              push('verify', 'resolved', ownerActor, reason, { fixed }, c.cycle - 1);
              continue;
            } else {
              verifications.push([randomUUID(), c.id, c.cycle, 'yes', null, ownerActor.id, t]);
              recordVerification(c, 'yes');
              c.status = 'confirmed';
              c.confirmedAt = t;
              push('verify', 'resolved', ownerActor, null, { fixed: 'yes' });
              if (c.ownerId && r.chance(0.8)) {
                if (!step(r.between(1, 24 * 60))) break;
                const overall = r.weighted([[5, 55], [4, 25], [3, 10], [2, 6], [1, 4]] as [number, number][]);
                const tags = overall >= 4 ? [RATING_TAGS[0], RATING_TAGS[1]] : [RATING_TAGS[5]];
                ratings.push([randomUUID(), c.id, c.cycle, overall, overall, overall, overall, tags, null, c.assigneeId, t]);
                recordRating(c, overall);
                decideFollowUp(c, overall, t);
                push('rate', 'confirmed', { id: c.ownerId, role: 'owner' }, null, { overall });
              } else {
                t = new Date(c.resolvedAt!.getTime() + c.verifyHours * HOUR);
                if (t >= now) break;
                decideFollowUp(c, null, t);
                push((c.status as CaseStatus) === 'closed' ? 'auto_close' : 'follow_up_due', 'confirmed', null);
              }
            }
            if ((c.status as CaseStatus) === 'closed') {
              done = true;
              break;
            }
            // 回访
            if (!step(r.between(60, 40 * 60))) break;
            const result = r.weighted([['satisfied', 70], ['basically_satisfied', 20], ['unreachable', 7], ['unsatisfied', 3]] as [string, number][]);
            followUps.push([randomUUID(), c.id, c.cycle, 'phone', result, null, agent.id, t]);
            recordFollowUp(c, result as FollowUpResult);
            if (result === 'unsatisfied') {
              reopen(c);
              push('follow-up', 'confirmed', agent, '业主仍不满意', { method: 'phone', result }, c.cycle - 1);
              continue;
            }
            if (result === 'unreachable') {
              c.followUpAttempts += 1;
              push('follow-up', 'confirmed', agent, '电话未接通', { method: 'phone', result });
              done = true;
              break;
            }
            close(c, t, 'followed_up');
            push('follow-up', 'confirmed', agent, null, { method: 'phone', result });
            done = true;
          }
          if (!c.firstResolvedAt && now > c.resolveDeadlineAt && ['accepted', 'assigned', 'in_progress'].includes(c.status)) {
            c.resolveBreached = true;
            c.resolveEscalatedAt = c.resolveDeadlineAt;
          }
          c.updatedAt = t < now ? t : now;
          // Some owners urge slow cases.
          if (c.ownerId && ['accepted', 'assigned', 'in_progress'].includes(c.status) && r.chance(0.3)) {
            c.urgeCount = 1;
            c.lastUrgedAt = new Date(Math.min(now.getTime() - 40 * MIN, t.getTime() + HOUR));
          }
        }
        for (const [day, last] of counters) {
          await tx.query('INSERT INTO case_number_counters (community_id, day, last_value) VALUES ($1, $2, $3)', [community.id, day, last]);
        }
      }
      for (let i = 0; i < cases.length; i += 200) await tx.getRepository(Case).insert(cases.slice(i, i + 200));
      await insertRows(tx, 'case_events', ['id', 'case_id', 'cycle', 'action', 'from_status', 'to_status', 'actor_id', 'actor_role', 'note', 'data', 'created_at'],
        events.map((e) => [e.id, e.case_id, e.cycle, e.action, e.from_status, e.to_status, e.actor_id, e.actor_role, e.note, e.data, e.created_at]));
      await insertRows(tx, 'verifications', ['id', 'case_id', 'cycle', 'fixed', 'reason', 'actor_id', 'created_at'], verifications);
      await insertRows(tx, 'ratings', ['id', 'case_id', 'cycle', 'overall', 'speed', 'attitude', 'quality', 'tags', 'comment', 'assignee_id', 'created_at'], ratings);
      await insertRows(tx, 'follow_ups', ['id', 'case_id', 'cycle', 'method', 'result', 'note', 'actor_id', 'created_at'], followUps);
    });
    return true;
  } finally {
    await ds.destroy();
  }
}

/** Multi-row INSERTs in chunks (events must keep their order: `seq` follows insertion). */
async function insertRows(tx: { query: (sql: string, params: unknown[]) => Promise<unknown> }, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const chunk = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const values = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, part.flat());
  }
}
