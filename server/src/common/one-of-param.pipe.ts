import { PipeTransform } from '@nestjs/common';
import { AppException } from './app.exception';

/**
 * A path segment that must be one of `values` (a case type, an urgency): anything else is a 400
 * VALIDATION_FAILED naming the segment, as the same value in a body would be, before any query runs.
 */
export class OneOfParamPipe<T extends string> implements PipeTransform<string, T> {
  constructor(private readonly field: string, private readonly values: readonly T[]) {}

  transform(value: string): T {
    if (!(this.values as readonly string[]).includes(value)) {
      throw new AppException('VALIDATION_FAILED', [
        { field: this.field, errors: [`${this.field} must be one of the following values: ${this.values.join(', ')}`] },
      ]);
    }
    return value as T;
  }
}
