import type { CaseAction, CaseStatus, Role } from './enums';

/**
 * The case lifecycle as data: for each status, the actions that may be taken in it, the statuses
 * each action can lead to (the action's input picks one, e.g. `verify` yes/no) and the roles that
 * may take it. Server and mini-program read this one table; finer per-record rules (assignee only,
 * the case's own owner, inquiry without handler, time windows) are the guards in
 * case-state-machine.ts.
 */
export interface ActionRule {
  readonly to: readonly CaseStatus[];
  readonly roles: readonly Role[];
}

const AGENT_UP: readonly Role[] = ['agent', 'supervisor', 'admin'];
const SUPERVISOR_UP: readonly Role[] = ['supervisor', 'admin'];
const HANDLING: readonly Role[] = ['handler', 'supervisor', 'admin'];
const NOTE_TAKERS: readonly Role[] = ['agent', 'handler', 'supervisor', 'admin'];

export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, Readonly<Partial<Record<CaseAction, ActionRule>>>>> = {
  submitted: {
    accept: { to: ['accepted'], roles: AGENT_UP },
    cancel: { to: ['cancelled'], roles: ['owner', ...AGENT_UP] },
    urge: { to: ['submitted'], roles: ['owner'] },
  },
  accepted: {
    reply: { to: ['accepted'], roles: AGENT_UP },
    assign: { to: ['assigned'], roles: AGENT_UP },
    resolve: { to: ['resolved'], roles: AGENT_UP }, // inquiries and praise only (guard)
    note: { to: ['accepted'], roles: AGENT_UP },
    cancel: { to: ['cancelled'], roles: ['owner', ...AGENT_UP] },
    urge: { to: ['accepted'], roles: ['owner'] },
  },
  assigned: {
    reply: { to: ['assigned'], roles: AGENT_UP },
    assign: { to: ['assigned'], roles: SUPERVISOR_UP }, // reassign
    start: { to: ['in_progress'], roles: HANDLING },
    note: { to: ['assigned'], roles: NOTE_TAKERS },
    cancel: { to: ['cancelled'], roles: AGENT_UP },
    urge: { to: ['assigned'], roles: ['owner'] },
  },
  in_progress: {
    reply: { to: ['in_progress'], roles: AGENT_UP },
    assign: { to: ['assigned'], roles: SUPERVISOR_UP },
    hold: { to: ['on_hold'], roles: HANDLING },
    note: { to: ['in_progress'], roles: NOTE_TAKERS },
    resolve: { to: ['resolved'], roles: HANDLING },
    cancel: { to: ['cancelled'], roles: AGENT_UP },
    urge: { to: ['in_progress'], roles: ['owner'] },
  },
  on_hold: {
    reply: { to: ['on_hold'], roles: AGENT_UP },
    assign: { to: ['assigned'], roles: SUPERVISOR_UP },
    resume: { to: ['in_progress'], roles: HANDLING },
    note: { to: ['on_hold'], roles: NOTE_TAKERS },
    cancel: { to: ['cancelled'], roles: AGENT_UP },
    urge: { to: ['on_hold'], roles: ['owner'] },
  },
  resolved: {
    // `no`/`partly` reopen to in_progress (or accepted when nobody was assigned).
    // Staff verify only on behalf of owners who have no account (phone intake).
    verify: { to: ['confirmed', 'closed', 'in_progress', 'accepted'], roles: ['owner', ...AGENT_UP] },
    reply: { to: ['resolved'], roles: AGENT_UP },
    note: { to: ['resolved'], roles: NOTE_TAKERS },
  },
  confirmed: {
    rate: { to: ['confirmed', 'closed'], roles: ['owner'] },
    // unsatisfied reopens; unreachable keeps the follow-up due (closes after the third attempt)
    'follow-up': { to: ['closed', 'confirmed', 'in_progress', 'accepted'], roles: AGENT_UP },
    close: { to: ['closed'], roles: AGENT_UP },
    reply: { to: ['confirmed'], roles: AGENT_UP },
    note: { to: ['confirmed'], roles: AGENT_UP },
  },
  closed: {
    reopen: { to: ['in_progress', 'accepted'], roles: SUPERVISOR_UP },
  },
  cancelled: {},
};
