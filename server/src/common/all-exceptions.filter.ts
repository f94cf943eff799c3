import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_CODES, type ApiError, type ErrorCode } from '@wuye/shared';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UPLOAD_TYPE_INVALID',
  429: 'RATE_LIMITED',
};

/** Every error leaves as `{ statusCode, code, message, details? }`; nothing unexpected leaks. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof AppException) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof ThrottlerException) return fromCode('RATE_LIMITED');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest's multer adapter turns LIMIT_FILE_SIZE into a PayloadTooLargeException("File too large").
      if (status === 413 && /file too large/i.test(exception.message)) return fromCode('UPLOAD_TOO_LARGE');
      const code = BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST');
      return { ...fromCode(code), statusCode: status };
    }
    // body-parser and multer errors carry a status but are not HttpExceptions.
    const e = exception as { status?: number; statusCode?: number; type?: string; code?: string };
    const status = e?.status ?? e?.statusCode;
    if (e?.code === 'LIMIT_FILE_SIZE') return fromCode('UPLOAD_TOO_LARGE');
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { ...fromCode(BY_STATUS[status] ?? 'MALFORMED_REQUEST'), statusCode: status };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception as QueryFailedError & { code?: string }).code;
      // Serialization failures and lock timeouts mean another request won the race.
      if (pgCode === '40001' || pgCode === '40P01' || pgCode === '55P03') return fromCode('CASE_CONCURRENT_MODIFICATION');
      // A photo whose upload the cleanup removed while the case or step was being written
      // (trigger case_events_attach_photos, migration 1765584000000): the refusal for an unknown upload.
      if (pgCode === 'WU001') return fromCode('PHOTO_INVALID');
      // Input that slipped past validation into SQL (bad text representation, numbers out of range,
      // invalid or out-of-range dates and times: 22007/22008). 22021/22P05: text PostgreSQL cannot
      // store, such as a NUL character.
      if (['22P02', '22003', '22001', '22007', '22008', '22021', '22P05'].includes(pgCode ?? '')) return fromCode('VALIDATION_FAILED');
      // A house deleted by an admin between a request's check of it and its insert (a binding, a case):
      // the house is gone, as the check would have said a moment later.
      const constraint = (exception as QueryFailedError & { constraint?: string }).constraint;
      if (pgCode === '23503' && HOUSE_REFERENCES.includes(constraint ?? '')) return fromCode('HOUSE_NOT_FOUND');
      // Cancelled by statement_timeout (DB_STATEMENT_TIMEOUT_MS): the database is busy, nothing was written.
      if (pgCode === '57014') return fromCode('SERVER_BUSY');
    }
    // pg-pool's own error when no connection came free within connectionTimeoutMillis.
    if (exception instanceof Error && exception.message === 'timeout exceeded when trying to connect') return fromCode('SERVER_BUSY');
    return fromCode('INTERNAL_ERROR');
  }
}

/** The foreign keys that name a house (migration 1764460800000). */
const HOUSE_REFERENCES = ['house_bindings_house_id_fkey', 'cases_house_id_fkey'];

function fromCode(code: ErrorCode): ApiError {
  return { statusCode: ERROR_CODES[code].status, code, message: ERROR_CODES[code].message };
}
