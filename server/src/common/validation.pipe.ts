import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException } from './app.exception';

interface FieldError {
  field: string;
  errors: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** True when `value` carries a `__proto__` key anywhere (JSON.parse makes it an own key; class-transformer drops it silently). */
function hasProtoKey(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > 10) return false;
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return true;
  return Object.values(value).some((v) => hasProtoKey(v, depth + 1));
}

/** The path of the first string in `value` holding a NUL character, which PostgreSQL cannot store as text. */
function nulField(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  if (!value || typeof value !== 'object' || depth > 10) return null;
  for (const [key, v] of Object.entries(value)) {
    const found = nulField(v, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/** No body or query of the API nests deeper than a few levels; 5 000 levels overflowed the stack of the checks below (a 500). */
const MAX_DEPTH = 10;

/** True when `value` nests objects or arrays more than `MAX_DEPTH` levels deep (looks no further). */
function tooDeep(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object') return false;
  if (depth >= MAX_DEPTH) return true;
  return Object.values(value).some((v) => tooDeep(v, depth + 1));
}

/**
 * The one global pipe: DTOs validated by class-validator, unknown fields refused (never silently
 * dropped), values converted only where a DTO says so. Adds three refusals class-validator would
 * otherwise get wrong: a body that is not a JSON object (an array passes as "unknown fields 0,
 * 1…"), a `__proto__` key, which would be dropped rather than refused, and a NUL character, which
 * would pass every check and be refused only by PostgreSQL, as a failed statement naming no field.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && ![String, Number, Boolean, Array, Object].includes(metadata.metatype as never);
    if (isDto && metadata.type === 'body' && value !== undefined && (Array.isArray(value) || typeof value !== 'object' || value === null)) {
      throw new AppException('MALFORMED_REQUEST');
    }
    if ((metadata.type === 'body' || metadata.type === 'query') && tooDeep(value)) throw new AppException('MALFORMED_REQUEST');
    if ((metadata.type === 'body' || metadata.type === 'query') && hasProtoKey(value)) {
      throw new AppException('UNKNOWN_FIELD', [{ field: '__proto__', errors: ['property __proto__ should not exist'] }]);
    }
    const nul = metadata.type === 'body' || metadata.type === 'query' ? nulField(value) : null;
    if (nul) throw new AppException('VALIDATION_FAILED', [{ field: nul, errors: [`${nul} must not contain a NUL character`] }]);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const unknown = details.some((d) => d.errors.some((m) => m.includes('should not exist')));
      if (details.some((d) => d.field === 'pageSize' && d.errors.some((m) => m.includes('must not be greater')))) {
        return new AppException('PAGE_SIZE_TOO_LARGE', details);
      }
      return new AppException(unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', details);
    },
  });
}
