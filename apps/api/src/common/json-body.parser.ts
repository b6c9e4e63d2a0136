import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error';

/** Deeper than any luoshi request body; deeper JSON is refused before validation walks it recursively. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value, measured without recursion (the input may be hostile). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Replaces Fastify's JSON body parser with one that also insists on what every luoshi endpoint
 * takes: one JSON object, at most MAX_JSON_DEPTH deep. `null`, arrays, bare values and deeply nested
 * bodies get a 400 in the API's error shape instead of reaching class-transformer (which recurses
 * and would overflow the stack on a 2,000-deep array) or a handler expecting an object.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text, (key, v: unknown) => (key === '__proto__' || key === 'constructor' ? undefined : v));
    } catch {
      return done(
        new ApiError(400, 'BAD_REQUEST', 'The request body is not valid JSON', '请求体不是有效的JSON'),
        undefined,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return done(
        new ApiError(400, 'VALIDATION', 'The request body must be a JSON object', '请求体必须是JSON对象'),
        undefined,
      );
    }
    if (jsonDepth(value) > MAX_JSON_DEPTH) {
      return done(
        new ApiError(
          400,
          'VALIDATION',
          `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
          `请求体嵌套层级超过${MAX_JSON_DEPTH}层`,
        ),
        undefined,
      );
    }
    done(null, value);
  });
}
