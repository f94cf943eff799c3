/**
 * A phone number as people type one: a mobile or a landline with its area code, digits with
 * spaces, + and - (no 转 extensions or notes). The API's checks and the mini-program's forms read it.
 */
export const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;

/**
 * A case number as the server gives them: the community's code, the Shanghai date, a sequence
 * (HY-20261130-0007). The case list's `number` filter takes only this; the mini-program checks it first.
 */
export const CASE_NUMBER_PATTERN = /^[A-Z][A-Z0-9]{1,9}-\d{8}-\d{4,}$/;
