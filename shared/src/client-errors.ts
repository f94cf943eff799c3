// What the mini-program shows for a failed request. An answer of the API carries its own Chinese
// message (the one ERROR_CODES gives its code, by AllExceptionsFilter), and that is what is shown:
// so the mini-program's main package need not carry the whole table (about 7 KB). A failure the API did not word — a
// proxy's 502/504 page, a file download, no answer at all — is worded here, by the code the client
// derives from the HTTP status; `error-codes.spec.ts` checks that each equals ERROR_CODES' message.

export const FALLBACK_MESSAGES = {
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在',
  PAYLOAD_TOO_LARGE: '内容太大',
  // A photo refused by the proxy in front (its own 413 page, no code): services/uploads.ts.
  UPLOAD_TOO_LARGE: '图片太大（最大 10 MB）',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用',
  MALFORMED_REQUEST: '请求格式不正确',
} as const;

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';

/**
 * The message to show: the API's own when it is Chinese (a proxy's or a framework's English text
 * never reaches a user), else the fallback of the first of `codes` that has one (the answer's code,
 * then the one its HTTP status suggests), else the network one.
 */
export function clientErrorMessage(serverMessage: unknown, ...codes: Array<string | undefined>): string {
  if (typeof serverMessage === 'string' && /[\u4e00-\u9fff]/.test(serverMessage)) return serverMessage;
  for (const code of codes) {
    // Own keys only: a proxy's `code: "constructor"` must not reach Object.prototype.
    if (code && Object.prototype.hasOwnProperty.call(FALLBACK_MESSAGES, code)) return FALLBACK_MESSAGES[code as keyof typeof FALLBACK_MESSAGES];
  }
  return NETWORK_ERROR_MESSAGE;
}
