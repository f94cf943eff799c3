// What a staff account may be (POST/PATCH /api/staff): the API's validation and the 人员管理 page's
// checks read the same rules. Imported only by staff pages, so it stays out of the main package.

import { PHONE_PATTERN } from './phone';

export const STAFF_ACCOUNT_RULES = {
  username: /^[A-Za-z0-9_.-]{3,50}$/,
  password: { min: 8, max: 200 },
  name: { min: 1, max: 50 },
  phone: PHONE_PATTERN,
} as const;
