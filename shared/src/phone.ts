/**
 * A phone number as people type one: a mobile or a landline with its area code, digits with
 * spaces, + and - (no 转 extensions or notes). The API's checks and the mini-program's forms read it.
 */
export const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;
