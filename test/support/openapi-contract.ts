import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.0 document the contract reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
}
type Schema = Record<string, unknown>;

const ROOT = 'luoshi-openapi';

/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv, made strict: an object may carry only the properties
 * its DTO documents (additionalProperties: false unless the DTO says otherwise), and `nullable`
 * becomes "or null". Hand-written rather than jest-openapi / openapi-response-validator because
 * those accept undocumented fields, which is exactly the drift this contract exists to catch.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Schema;
  if (typeof source.$ref === 'string') return { $ref: `${ROOT}${source.$ref}` };
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, toJsonSchema(sub)]),
      );
    } else if (['items', 'additionalProperties', 'not'].includes(key) && typeof value === 'object') {
      out[key] = toJsonSchema(value);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = toJsonSchema(value);
    } else out[key] = value;
  }
  if (source.type === 'object' && source.properties && source.additionalProperties === undefined)
    out.additionalProperties = false;
  return source.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

export interface ContractCheck {
  /** Problems found; empty when the response is what the document promises. */
  problems: string[];
}

/** Validates real responses against the document's declared responses, operation by operation. */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    const schemas = Object.entries(document.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s)]);
    this.ajv.addSchema({ $id: ROOT, components: { schemas: Object.fromEntries(schemas) } }, ROOT);
  }

  /** "GET /api/tasks/:id" for every operation, in the route table's notation. */
  routes(): string[] {
    return Object.entries(this.document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
  }

  /** Checks one response of `route` ("METHOD /api/path/:id"): status declared, media type declared, body valid. */
  check(route: string, status: number, contentType: string | null, body: unknown, text: string): ContractCheck {
    const [method, path] = route.split(' ');
    const operation = this.document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    if (!operation) return { problems: [`${route} is not in the document`] };
    const declared = operation.responses?.[String(status)];
    if (!declared) return { problems: [`${route} answered ${status}, which the document does not declare`] };
    const media = (contentType ?? '').split(';')[0].trim();
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0)
      return {
        problems: text.length === 0 ? [] : [`${route} ${status} has a body (${media}) the document does not declare`],
      };
    if (!(media in content))
      return {
        problems: [
          `${route} ${status} answered ${media || 'no content type'}; declared: ${Object.keys(content).join(', ')}`,
        ],
      };
    const schema = content[media].schema;
    if (!media.endsWith('json') || !schema) return { problems: [] };
    const key = `${route} ${status} ${media}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return { problems: [] };
    return {
      problems: (validate.errors ?? []).map(
        (e) =>
          `${route} ${status}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`,
      ),
    };
  }
}
