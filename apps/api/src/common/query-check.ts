import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';

/** One validation rule of a property, with the constraint instances class-validator would call. */
interface Rule {
  metadata: ValidationMetadata;
  constraints: ConstraintMetadata[];
}

/** What class-validator's executor would run for one property: its ValidateIf conditions and its rules. */
interface PropertyPlan {
  name: string;
  conditions: ValidationMetadata[];
  rules: Rule[];
}

/** A DTO class's rules, grouped once; null when the class uses something {@link passesQueryRules} does not run. */
type Plan = { properties: PropertyPlan[]; names: Set<string> } | null;

const RUN = new Set<string>([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION]);
const plans = new WeakMap<ValidationMetadata[], Plan>();

/**
 * Whether class-validator would find no error in `entity` (an instance of a query DTO, from
 * plainToInstance) under the options AppValidationPipe validates with (whitelist,
 * forbidNonWhitelisted, no groups, forbidUnknownValues) — answered only when that is certain.
 *
 * Why not just class-validator: its executor builds a ValidationError for every property, groups
 * and filters the rules again and maps contexts on every call, which made the task list's query
 * (13 fields) ~10% of the API's CPU per request under load (BENCHMARKS.md, list). This runs the
 * very same rules — class-validator's own metadata and constraint instances, called with the same
 * arguments — in one flat loop, and never decides a refusal: `false` means "let class-validator
 * decide", which then makes the answer and its messages. It covers the shapes of query DTOs
 * (ValidateIf, ValidateBy-based rules, `each` over arrays); a class with anything else (nested or
 * promise validation, IsDefined, async constraints, no rules at all) always goes to class-validator.
 * test/unit/query-check.spec.ts holds it to class-validator's answers on generated queries.
 */
export function passesQueryRules(entity: object): boolean {
  const storage = getMetadataStorage();
  // The same lookup the executor makes (validate() without a schema or groups); cacheValidationMetadata
  // keeps the answer while no rule is registered, so the plan keyed on it is rebuilt when one is.
  const metadatas = storage.getTargetValidationMetadatas(entity.constructor, undefined!, false, false, undefined);
  let plan = plans.get(metadatas);
  if (plan === undefined) plans.set(metadatas, (plan = planOf(metadatas)));
  if (plan === null) return false;
  // whitelist + forbidNonWhitelisted: every key of the instance must have a rule.
  for (const key of Object.keys(entity)) if (!plan.names.has(key)) return false;
  for (const property of plan.properties) {
    const value = (entity as Record<string, unknown>)[property.name];
    // The executor evaluates every condition (no short cut) and skips the property if one is false.
    let validate = true;
    for (const c of property.conditions) validate = (c.constraints[0] as ConditionFn)(entity, value) && validate;
    if (!validate) continue;
    for (const rule of property.rules) if (!passes(rule, entity, value)) return false;
  }
  return true;
}

type ConditionFn = (object: object, value: unknown) => boolean;

function passes({ metadata, constraints }: Rule, entity: object, value: unknown): boolean {
  if (metadata.validateIf && !metadata.validateIf(entity, value)) return true;
  const args: ValidationArguments = {
    targetName: entity.constructor.name,
    property: metadata.propertyName,
    object: entity,
    value,
    constraints: metadata.constraints,
  };
  for (const constraint of constraints) {
    if (metadata.each && (value instanceof Set || value instanceof Map)) return false;
    const values = metadata.each && Array.isArray(value) ? value : [value];
    for (const v of values) if (constraint.instance.validate(v, args) !== true) return false;
  }
  return true;
}

function planOf(metadatas: ValidationMetadata[]): Plan {
  if (metadatas.length === 0) return null; // forbidUnknownValues: an error for class-validator to write
  const byName = new Map<string, PropertyPlan>();
  const storage = getMetadataStorage();
  for (const metadata of metadatas) {
    if (!RUN.has(metadata.type)) return null;
    let property = byName.get(metadata.propertyName);
    if (!property)
      byName.set(metadata.propertyName, (property = { name: metadata.propertyName, conditions: [], rules: [] }));
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      property.conditions.push(metadata);
      continue;
    }
    const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
    if (constraints.some((c) => c.async)) return null;
    property.rules.push({ metadata, constraints });
  }
  return { properties: [...byName.values()], names: new Set(byName.keys()) };
}
