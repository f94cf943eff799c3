// Every error the API returns carries one of these codes. The HTTP status and the Chinese message
// live here, beside the code, so the server and the mini-program can never disagree about them.

export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不完整或格式不正确' },
  UNKNOWN_FIELD: { status: 400, message: '提交了不允许的字段' },
  INVALID_ID: { status: 400, message: '编号格式不正确' },
  PAGE_SIZE_TOO_LARGE: { status: 400, message: '每页最多 100 条' },
  CATEGORY_INVALID: { status: 400, message: '该小区没有这个分类' },
  CASE_TARGET_INVALID: { status: 400, message: '请选择房屋，或选择小区并填写公共区域位置' },
  AREA_BUILDING_INVALID: { status: 400, message: '该小区没有这个楼栋' },
  VERIFY_REASON_REQUIRED: { status: 400, message: '未解决或部分解决时请填写原因' },
  /** An answer the case's type does not offer (VERIFY_WORDING): praise is answered 已收到 or 未收到 only. */
  VERIFY_ANSWER_NOT_OFFERED: { status: 400, message: '表扬类工单请回答“已收到”或“未收到”' },
  DUPLICATE_TARGET_INVALID: { status: 400, message: '重复工单需指向同小区的另一张工单' },
  DUPLICATE_TARGET_CANCELLED: { status: 400, message: '所选的原工单已撤销，请选择仍在处理或已办结的工单' },
  HANDLER_INVALID: { status: 400, message: '只能派给本小区在职的处理人员' },
  // Also a photo left unattached past 24 h and removed (uploads/upload-cleanup.service.ts): the owner re-adds it.
  PHOTO_INVALID: { status: 400, message: '照片已失效或不是您上传的，请删除后重新添加' },
  TOO_MANY_PHOTOS: { status: 400, message: '最多 9 张照片' },
  REPORT_PERIOD_INVALID: { status: 400, message: '统计期间不正确（日期须在 2000 至 2099 年之间，且开始日期早于结束日期）' },
  /** The case ledger names the count and the limit in its message; `details` carries `{ total, limit }`. */
  LEDGER_TOO_LARGE: { status: 400, message: '所选期间的工单超过单次导出的上限，请缩短统计期间或选择单个小区' },
  UPLOAD_MISSING: { status: 400, message: '请选择要上传的图片' },
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效，请重新进入小程序' },
  MALFORMED_REQUEST: { status: 400, message: '请求格式不正确' },
  /** The message names the conflict (shared/src/sla.ts slaPolicyConflict); `details.field` the field. */
  SLA_POLICY_INCONSISTENT: { status: 400, message: '办结时限不能短于响应时限' },
  /** Changing one's own password: 400, not 401, which would read as "signed out" to the client. */
  CURRENT_PASSWORD_WRONG: { status: 400, message: '当前密码不正确' },
  PASSWORD_UNCHANGED: { status: 400, message: '新密码不能与当前密码相同' },

  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },

  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  CASE_ACTION_FORBIDDEN: { status: 403, message: '您的角色不能对该工单进行此操作' },
  HOUSE_NOT_BOUND: { status: 403, message: '请先绑定该房屋并等待物业审核通过' },
  UPLOAD_LINK_INVALID: { status: 403, message: '图片链接已失效，请刷新后重试' },
  /** Only after the right password: a wrong one stays INVALID_CREDENTIALS, so a stopped account is not revealed. */
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },

  NOT_FOUND: { status: 404, message: '内容不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CASE_NOT_FOUND: { status: 404, message: '工单不存在' },
  COMMUNITY_NOT_FOUND: { status: 404, message: '小区不存在' },
  HOUSE_NOT_FOUND: { status: 404, message: '房屋不存在' },
  BINDING_NOT_FOUND: { status: 404, message: '房屋绑定申请不存在' },
  USER_NOT_FOUND: { status: 404, message: '人员不存在' },
  UPLOAD_NOT_FOUND: { status: 404, message: '图片不存在' },

  CASE_TRANSITION_NOT_ALLOWED: { status: 409, message: '工单当前状态不能进行此操作，请刷新' },
  CASE_CONCURRENT_MODIFICATION: { status: 409, message: '工单刚被他人处理过，请刷新后重试' },
  /** The action carried `If-Match` with a version the case no longer has. */
  CASE_CHANGED: { status: 409, message: '工单已被他人更新，请刷新后再操作' },
  ALREADY_VERIFIED: { status: 409, message: '本轮处理已经确认过' },
  ALREADY_RATED: { status: 409, message: '本轮处理已经评价过' },
  RATING_NOT_ALLOWED: { status: 409, message: '确认已解决后才能评价' },
  RATING_WINDOW_CLOSED: { status: 409, message: '评价期限已过，不能再评价' },
  VERIFY_WINDOW_CLOSED: { status: 409, message: '确认期限已过，工单已视为已解决；如仍有问题，请联系物业或重新报事' },
  RATING_PENDING: { status: 409, message: '业主尚未评价，请等待评价或确认期结束后再办结' },
  FOLLOW_UP_REQUIRED: { status: 409, message: '该工单按规定需要回访，请先记录回访' },
  ALREADY_FOLLOWED_UP: { status: 409, message: '本轮已经回访过，等待业主评价后自动办结' },
  REOPEN_WINDOW_EXPIRED: { status: 409, message: '办结超过 30 天的工单不能重新打开' },
  /** Deleting an upload a case or step already carries: it is part of the record. */
  UPLOAD_ATTACHED: { status: 409, message: '图片已随工单提交，不能删除' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  /** An admin may not stop their own account or change their own role (no admin locks themselves out). */
  STAFF_SELF_LOCKOUT: { status: 409, message: '不能停用自己的账号或更改自己的角色' },
  /** Stopping, re-roling or moving a handler who still holds cases in hand; details name how many. */
  STAFF_HAS_OPEN_CASES: { status: 409, message: '该人员还有正在处理的工单，请先改派后再操作' },
  COMMUNITY_CODE_TAKEN: { status: 409, message: '小区编码已被使用' },
  /** Correcting a house into one the community already has. */
  HOUSE_EXISTS: { status: 409, message: '该小区已有这个房屋' },
  /** Moving a house with cases to another building (the reports count its cases under their building). */
  HOUSE_HAS_CASES: { status: 409, message: '该房屋已有工单，不能改到其他楼栋，只能修改单元和房号' },
  /** Deleting a house that cases or bindings name. */
  HOUSE_IN_USE: { status: 409, message: '该房屋已有工单或业主绑定记录，不能删除' },
  BINDING_EXISTS: { status: 409, message: '已经申请过绑定该房屋' },
  BINDING_NOT_PENDING: { status: 409, message: '该申请已不在待审核状态（已审核，或业主已撤回）' },
  /** Ending a binding that is not in force (already ended, rejected; staff end approved ones only). */
  BINDING_NOT_ACTIVE: { status: 409, message: '该房屋绑定已解除或尚未通过审核' },

  PAYLOAD_TOO_LARGE: { status: 413, message: '内容太大' },
  UPLOAD_TOO_LARGE: { status: 413, message: '图片太大（最大 10 MB）' },
  BINDING_PENDING_LIMIT: { status: 429, message: '待审核的房屋申请已有 5 个，请等物业审核后再申请' },
  UPLOAD_DAILY_LIMIT: { status: 429, message: '24 小时内上传的图片已达上限，请稍后再试' },
  UPLOAD_QUOTA_EXCEEDED: { status: 429, message: '已上传但尚未提交的图片过多，请先提交报事，或 24 小时后再试' },
  UPLOAD_TYPE_INVALID: { status: 415, message: '只支持 JPG、PNG、WebP 图片' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '上一次提交可能已经成功，请先在工单列表中查看，确认没有再重新提交' },

  URGE_TOO_FREQUENT: { status: 429, message: '30 分钟内只能催办一次' },
  LOGIN_RATE_LIMITED: { status: 429, message: '登录尝试太频繁，请 15 分钟后再试' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },

  INTERNAL_ERROR: { status: 500, message: '服务器开小差了，请稍后重试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂时不可用，请稍后重试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用' },
  /** The database did not answer in time: a statement ran past DB_STATEMENT_TIMEOUT_MS, or no connection was free. */
  SERVER_BUSY: { status: 503, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error response. */
export interface ApiError {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}
