import type { CaseResponse, CaseStatus, Page } from '@wuye/shared';

export type OwnerTab = 'open' | 'resolved' | 'confirmed' | 'closed' | 'all';

export const OWNER_TAB_STATUSES: Record<Exclude<OwnerTab, 'all'>, readonly CaseStatus[]> = {
  open: ['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'],
  resolved: ['resolved'],
  confirmed: ['confirmed'],
  closed: ['closed', 'cancelled'],
};

/** Every status of a case that is not finished: what an owner must always see in full. */
export const UNFINISHED_STATUSES: readonly CaseStatus[] = [...OWNER_TAB_STATUSES.open, 'resolved', 'confirmed'];

/** How many of an owner's most recent cases the home page lists (older finished ones are not shown). */
export const RECENT_LIMIT = 100;

export interface OwnerCases {
  /** Unfinished cases and the most recent ones, newest first, each once. */
  cases: CaseResponse[];
  counts: Record<OwnerTab, number>;
  /** Finished cases not listed (older than those loaded). */
  olderNotShown: number;
}

/** The statuses of the finished cases 加载更多 pages through, newest first. */
export const FINISHED_STATUSES = OWNER_TAB_STATUSES.closed;

/**
 * The owner's home list from two pages of `GET /cases`: every unfinished case (so one waiting for
 * the owner's answer is never pushed off the list by old ones) and the most recent cases; plus
 * `older`, finished cases 加载更多 fetched (the two reads win where they list the same case: they
 * are newer). The counts come from the server's totals, not from what was loaded.
 */
export function ownerCases(unfinished: Page<CaseResponse>, recent: Page<CaseResponse>, older: readonly CaseResponse[] = []): OwnerCases {
  const byId = new Map<string, CaseResponse>();
  for (const c of [...older, ...unfinished.items, ...recent.items]) byId.set(c.id, c);
  const cases = [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  const inTab = (tab: Exclude<OwnerTab, 'all' | 'closed'>) => unfinished.items.filter((c) => OWNER_TAB_STATUSES[tab].includes(c.status)).length;
  const finishedShown = cases.filter((c) => OWNER_TAB_STATUSES.closed.includes(c.status)).length;
  const finished = recent.total - unfinished.total;
  return {
    cases,
    counts: { open: inTab('open'), resolved: inTab('resolved'), confirmed: inTab('confirmed'), closed: finished, all: recent.total },
    olderNotShown: Math.max(0, finished - finishedShown),
  };
}
