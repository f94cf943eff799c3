import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out of the body, but not sent as `null` (class-validator's IsOptional
 * lets both through): for PATCH bodies, where an absent field means "unchanged" and a null would
 * reach a NOT NULL column as a 500 instead of a 400.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
