import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { passwordProblem } from '@luoshi/platform';

/**
 * The field may be left out; when present it must pass its other rules. Unlike class-validator's
 * IsOptional, an explicit `null` is validated (and refused) rather than skipped: IsOptional let a
 * `null` through to NOT NULL columns and into services as a 500 (found by test/reliability/api-fuzz).
 * Fields where null means something (unassign, no parent) keep IsOptional and say so.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/**
 * For @Transform: a flag from a query string or a multipart field ('true'/'1', 'false'/'0') or JSON
 * (true/false) as a boolean; anything else is left for @IsBoolean to refuse.
 */
export const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' || value === true
    ? true
    : value === 'false' || value === '0' || value === false
      ? false
      : value;

/** A password luoshi's policy accepts (libs/platform passwordProblem): the message says why not, in both languages. */
export const IsAcceptablePassword = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args) => {
          const problem = typeof args?.value === 'string' ? passwordProblem(args.value) : null;
          return problem
            ? `${args?.property}: ${problem.message} (${problem.messageZh})`
            : `${args?.property} must be a string`;
        },
      },
    },
    options,
  );
