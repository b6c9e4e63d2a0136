import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; when present it must pass its other rules. Unlike class-validator's
 * IsOptional, an explicit `null` is validated (and refused) rather than skipped: IsOptional let a
 * `null` through to NOT NULL columns and into services as a 500 (found by test/reliability/api-fuzz).
 * Fields where null means something (unassign, no parent) keep IsOptional and say so.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
