import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppException } from '../common/app.exception';

// Optimistic concurrency for case actions, opt-in by the client: `If-Match` carries the case's
// `version` as the client saw it; CaseActionsService compares it with the locked row.

/** `7`, `"7"` or `W/"7"` (the version as a bare number, a strong or a weak entity tag). */
const VERSION_TAG = /^(?:W\/"(\d{1,10})"|"(\d{1,10})"|(\d{1,10}))$/;

/**
 * The version an `If-Match` header asks for; undefined when there is no header (no check) or it is
 * `*` (any version: the case only has to exist). Anything else is a 400 naming the header.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(', ') : header).trim();
  if (value === '*') return undefined;
  const match = VERSION_TAG.exec(value);
  if (!match) {
    throw new AppException('VALIDATION_FAILED', [
      { field: 'If-Match', errors: ['one case version, as in the case\'s `version`: 7, "7" or W/"7"'] },
    ]);
  }
  return Number(match[1] ?? match[2] ?? match[3]);
}

/** The case version the request's `If-Match` expects, or undefined for "no check". */
export const IfMatchVersion = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): number | undefined => parseIfMatch(ctx.switchToHttp().getRequest<Request>().headers['if-match']),
);

/** The header in the OpenAPI document of each action. */
export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The case `version` the client saw (7, "7" or W/"7"). If the case has changed since: 409 CASE_CHANGED, nothing written',
  });
