// Times are stored in UTC and shown in Asia/Shanghai (UTC+8, no DST). Done by hand because the
// WeChat JS engine's Intl support varies between clients.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

function shanghaiParts(iso: string) {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: pad(d.getUTCMonth() + 1),
    day: pad(d.getUTCDate()),
    hour: pad(d.getUTCHours()),
    minute: pad(d.getUTCMinutes()),
  };
}

/** "11-30 14:05" in the current year, "2025-11-30 14:05" in any other. */
export function formatTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '—';
  const p = shanghaiParts(iso);
  const year = p.year === shanghaiParts(now.toISOString()).year ? '' : `${p.year}-`;
  return `${year}${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-11-30" in Asia/Shanghai for a Date. */
export function shanghaiDate(date: Date): string {
  const p = shanghaiParts(date.toISOString());
  return `${p.year}-${p.month}-${p.day}`;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
