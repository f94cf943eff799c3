import { RequestError } from './request';

// How the case pages read a refused request: is the case no longer what the page shows (so the
// page must reload it), or was the user's input wrong (so the form and its text must stay)?

/**
 * The case is gone, or not the caller's any more (404, e.g. reassigned to another handler; 403,
 * e.g. a handler acting on a case just given to someone else), or it moved on (409: another user
 * acted first, already verified/rated/followed up; URGE_TOO_FREQUENT: someone else on the house
 * urged it first, so the page should show their urge and no 催办). Input errors (400), other 429s,
 * 5xx and network failures leave the case as it was.
 */
export function caseChanged(error: unknown): boolean {
  return error instanceof RequestError && ([403, 404, 409].includes(error.statusCode) || error.code === 'URGE_TOO_FREQUENT');
}

/** Loading the case answered "not there for you": it does not exist or the caller may not see it. */
export function caseUnavailable(error: unknown): boolean {
  return error instanceof RequestError && (error.statusCode === 403 || error.statusCode === 404);
}
