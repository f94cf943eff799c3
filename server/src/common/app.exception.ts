import { ERROR_CODES, type ErrorCode } from '@wuye/shared';

/**
 * The one exception type features throw. The code decides the HTTP status and the Chinese message
 * (shared/error-codes.ts); `details` may carry field errors for forms.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERROR_CODES[code].message);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
