/** Calendar day in Asia/Shanghai (UTC+8, no daylight saving) as YYYYMMDD and YYYY-MM-DD. */
export function shanghaiDay(at: Date): { compact: string; iso: string } {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  const iso = shifted.toISOString().slice(0, 10);
  return { compact: iso.replaceAll('-', ''), iso };
}

/** Human-readable case number, unique per community and day: `HY-20261130-0007`. */
export function formatCaseNumber(communityCode: string, at: Date, sequence: number): string {
  return `${communityCode}-${shanghaiDay(at).compact}-${String(sequence).padStart(4, '0')}`;
}
