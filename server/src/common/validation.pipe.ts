import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * The one global pipe: DTOs validated by class-validator, unknown fields refused (never silently
 * dropped), values converted only where a DTO says so.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
