import type { CaseResponse, CaseStatus, Page } from '@wuye/shared';
import { ownerCases } from '../../src/pages/home/owner-cases';

/** A case of the owner's, `minutesAgo` old, in `status` (only the fields the list logic reads). */
const kase = (id: string, status: CaseStatus, minutesAgo: number) =>
  ({ id, status, createdAt: new Date(Date.UTC(2026, 10, 30, 12) - minutesAgo * 60_000).toISOString() }) as CaseResponse;
const page = (items: CaseResponse[], total = items.length): Page<CaseResponse> => ({ items, total, page: 1, pageSize: 100 });

describe("the owner's home list", () => {
  it('keeps an old case waiting for the owner on the list, however many newer ones there are', () => {
    const waiting = kase('old-resolved', 'resolved', 100_000);
    const recent = Array.from({ length: 100 }, (_, i) => kase(`closed-${i}`, 'closed', i));
    const list = ownerCases(page([waiting]), page(recent, 250));
    expect(list.cases.map((c) => c.id)).toContain('old-resolved');
    expect(list.cases.at(-1)?.id).toBe('old-resolved');
    expect(list.counts).toEqual({ open: 0, resolved: 1, confirmed: 0, closed: 249, all: 250 });
    // 249 finished, 100 of them listed.
    expect(list.olderNotShown).toBe(149);
  });

  it('lists a case found by both reads once, newest first, and counts exactly when everything is loaded', () => {
    const a = kase('a', 'in_progress', 5);
    const b = kase('b', 'closed', 10);
    const c = kase('c', 'confirmed', 1);
    const list = ownerCases(page([c, a]), page([c, a, b]));
    expect(list.cases.map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(list.counts).toEqual({ open: 1, resolved: 0, confirmed: 1, closed: 1, all: 3 });
    expect(list.olderNotShown).toBe(0);
  });
});
