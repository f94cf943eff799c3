/** Calendar day in Asia/Shanghai (UTC+8, no daylight saving) as YYYYMMDD and YYYY-MM-DD. */
export function shanghaiDay(at: Date): { compact: string; iso: string } {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  const iso = shifted.toISOString().slice(0, 10);
  return { compact: iso.replaceAll('-', ''), iso };
}

/** What every number of that community and day starts with: `HY-20261130-`. */
export function caseNumberPrefix(communityCode: string, at: Date): string {
  return `${communityCode}-${shanghaiDay(at).compact}-`;
}

/** Human-readable case number, unique per community and day: `HY-20261130-0007`. */
export function formatCaseNumber(communityCode: string, at: Date, sequence: number): string {
  return `${caseNumberPrefix(communityCode, at)}${String(sequence).padStart(4, '0')}`;
}

/**
 * formatCaseNumber in SQL, for a number taken in the same statement as the case is inserted:
 * `prefix` and `sequence` are SQL expressions (a text parameter, an int). Pads to 4 digits and,
 * like padStart, never cuts a longer sequence (lpad alone would).
 */
export function caseNumberSql(prefix: string, sequence: string): string {
  return `${prefix} || lpad(${sequence}::text, greatest(4, length(${sequence}::text)), '0')`;
}
