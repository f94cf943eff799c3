import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt, IsOptional, Max, Min, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface,
} from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/**
 * How far down a list may be paged: the rows before and on the page. A page deeper than this read
 * and skipped every row above it on the pools every request shares (page 1 000 000 of 100 scanned a
 * whole scope); nobody reads a list that far — filters narrow it, the case ledger exports it.
 */
export const MAX_LIST_DEPTH = 10_000;

@ValidatorConstraint({ name: 'withinListDepth' })
class WithinListDepth implements ValidatorConstraintInterface {
  validate(page: unknown, args: ValidationArguments): boolean {
    const size = (args.object as { pageSize?: unknown }).pageSize;
    return typeof page !== 'number' || typeof size !== 'number' || page * size <= MAX_LIST_DEPTH;
  }

  defaultMessage(): string {
    return `page × pageSize must be at most ${MAX_LIST_DEPTH} (narrow the list with filters, or export the case ledger)`;
  }
}

/** `@Transform` of a query value listing several, comma-separated (`status=a,b`), into an array. */
export const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value);

export class PaginationQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, description: `page × pageSize at most ${MAX_LIST_DEPTH}` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) @Validate(WithinListDepth)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;
}
