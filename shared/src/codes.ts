// Codes people type, checked alike by the API and the mini-program's forms.

/** A community's code: the prefix of its case numbers, 2–10 capital letters or digits, a letter first (HY). */
export const COMMUNITY_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * A case number as the server gives them: the community's code, the Shanghai date, a sequence
 * (HY-20261130-0007). The case list's `number` filter takes only this; the mini-program checks it first.
 */
export const CASE_NUMBER_PATTERN = /^[A-Z][A-Z0-9]{1,9}-\d{8}-\d{4,}$/;
