import Taro from '@tarojs/taro';
import { clientErrorMessage, NETWORK_ERROR_MESSAGE } from '@wuye/shared';
import { sessionStore } from './session';
import { goToLogin } from './navigation';

// The one request wrapper: base URL, bearer token, the API's Chinese error message as a toast (or
// shared/src/client-errors.ts's when the API did not answer), 401 → login. No per-URL special cases live here.

/** '' in the H5 build (served by the API itself); the server origin in the weapp build. */
export const API_BASE: string = process.env.TARO_APP_API ?? '';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  data?: unknown;
  query?: Record<string, QueryValue>;
  header?: Record<string, string>;
  /** The caller shows its own message; no toast. */
  silent?: boolean;
}

/** For callers that show a failure in place (加载失败 / 重试, a form's own message): no toast. */
export type Quiet = Pick<RequestOptions, 'silent'>;

export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RequestError';
  }

  /** True when the server never answered (offline, timeout): safe to retry with the same key. */
  get isNetworkError(): boolean {
    return this.statusCode === 0;
  }
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const qs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${API_BASE}/api${path}${qs ? `?${qs}` : ''}`;
}

/** Signed upload URLs come relative (`/api/uploads/…`); prefix them with the API origin. */
export function assetUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${API_BASE}${url}`;
}

export function authHeader(): Record<string, string> {
  const token = sessionStore.get()?.token;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * A toast without an icon shows at most two lines in WeChat and drops the rest; a longer message
 * (the ledger's refusal with its advice, 重复提交's explanation) is what the user must read whole.
 */
export const TOAST_MAX_CHARS = 28;

export function showError(message: string): void {
  if (Array.from(message).length > TOAST_MAX_CHARS) {
    void Taro.showModal({ title: '提示', content: message, showCancel: false, confirmText: '知道了' });
    return;
  }
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

/** The Chinese message of a failed request, for callers that show it themselves (`silent`). */
export function errorReason(error: unknown): string {
  return error instanceof RequestError ? error.message : NETWORK_ERROR_MESSAGE;
}

/** When an answer carries no code (a proxy error, a file download), judge by the HTTP status. */
function codeForStatus(statusCode: number): string {
  if (statusCode === 401) return 'UNAUTHENTICATED';
  if (statusCode === 403) return 'FORBIDDEN';
  if (statusCode === 404) return 'NOT_FOUND';
  if (statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (statusCode === 429) return 'RATE_LIMITED';
  if (statusCode >= 500) return 'SERVICE_UNAVAILABLE';
  return 'MALFORMED_REQUEST';
}

/**
 * Turns a non-2xx answer into a RequestError, handling 401 and the toast. `sentWith`: the token the
 * request carried — a 401 to a token already replaced (a password changed meanwhile) signs nobody out.
 */
export function failure(statusCode: number, body: unknown, silent = false, sentWith = sessionStore.get()?.token): RequestError {
  const parsed = (typeof body === 'string' ? safeJson(body) : body) as { code?: string; message?: unknown; details?: unknown } | null;
  const code = parsed?.code ?? codeForStatus(statusCode);
  const message = clientErrorMessage(parsed?.code ? parsed.message : undefined, code, codeForStatus(statusCode));
  const error = new RequestError(statusCode, code, message, parsed?.details);
  // Signed out: the sign-in expired or was withdrawn (401), or the staff account was stopped.
  if ((statusCode === 401 || code === 'ACCOUNT_DISABLED') && sessionStore.get() && sessionStore.get()?.token === sentWith) {
    sessionStore.clear();
    goToLogin();
  }
  if (!silent) showError(error.message);
  return error;
}

export function networkFailure(silent = false): RequestError {
  const error = new RequestError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  if (!silent) showError(error.message);
  return error;
}

/** `text` parsed as JSON, or null when it is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', data, query, header, silent = false } = options;
  const sentWith = sessionStore.get()?.token;
  let response: Awaited<ReturnType<typeof Taro.request>>;
  try {
    response = await Taro.request({
      url: apiUrl(path, query),
      method,
      data: data as Taro.request.Option['data'],
      header: { 'content-type': 'application/json', ...authHeader(), ...header },
      dataType: 'json',
    });
  } catch {
    throw networkFailure(silent);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T;
  throw failure(response.statusCode, response.data, silent, sentWith);
}
