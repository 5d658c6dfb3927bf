/**
 * Builds a procedure's input from an HTTP request as its route says (./routes.ts): path
 * parameters and query parameters fill the fields they name, the JSON body the rest, and the org
 * is always the API key's. Text from the URL becomes a number or boolean only where the
 * procedure's own schema expects one; the schema then validates everything, exactly as it does
 * for a tRPC call. Refusals name the field as the client wrote it (`limit`, not `size`).
 */
import { z, type ZodTypeAny } from 'zod';
import type { RestRoute } from './routes';
import type { ProcedureShape } from './procedures';

export type FieldLocation = 'path' | 'query' | 'body';
export type FieldIssue = { field: string; in: FieldLocation; message: string };

/** An HTTP request the client must fix: 400 with each field named. */
export class RestInputError extends Error {
  constructor(readonly fields: FieldIssue[]) {
    super(`Some fields are invalid: ${[...new Set(fields.map((f) => f.field))].join(', ')}`);
    this.name = 'RestInputError';
  }
}

export type HttpParts = {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
};

/** The schema under optional/nullable/default/effects wrappers: what kind of value a field takes. */
function baseOf(schema: ZodTypeAny): ZodTypeAny {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return baseOf(schema.unwrap() as ZodTypeAny);
  if (schema instanceof z.ZodDefault) return baseOf(schema.removeDefault() as ZodTypeAny);
  if (schema instanceof z.ZodEffects) return baseOf(schema.innerType() as ZodTypeAny);
  return schema;
}

function scalarFromText(schema: ZodTypeAny, text: string): unknown {
  const base = baseOf(schema);
  if (base instanceof z.ZodNumber && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (base instanceof z.ZodBoolean && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** A field's value from URL text: repeated or comma-separated for an array, once for anything else. */
function fromText(schema: ZodTypeAny | undefined, name: string, texts: string[], where: FieldLocation): unknown {
  if (!schema) return texts.at(-1);
  const base = baseOf(schema);
  if (base instanceof z.ZodArray) {
    const element = base.element as ZodTypeAny;
    return texts.flatMap((text) => text.split(',')).map((text) => scalarFromText(element, text));
  }
  if (texts.length > 1) throw new RestInputError([{ field: name, in: where, message: 'Give this parameter once' }]);
  return scalarFromText(schema, texts[0] ?? '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function procedureInput(
  route: RestRoute,
  shape: ProcedureShape,
  parts: HttpParts,
  orgSlug: string,
): Record<string, unknown> {
  const fields = shape.input.shape as Record<string, ZodTypeAny>;
  const input: Record<string, unknown> = {};
  if (route.body) {
    if (parts.body !== undefined && !isPlainObject(parts.body)) {
      throw new RestInputError([{ field: '(body)', in: 'body', message: 'Send a JSON object' }]);
    }
    Object.assign(input, parts.body);
  } else if (parts.body !== undefined && !(isPlainObject(parts.body) && Object.keys(parts.body).length === 0)) {
    throw new RestInputError([{ field: '(body)', in: 'body', message: 'This route takes no body' }]);
  }

  const unknown = [...new Set(parts.query.keys())].filter((name) => !route.query?.[name]);
  if (unknown.length > 0) {
    throw new RestInputError(unknown.map((name) => ({ field: name, in: 'query', message: 'Unknown query parameter' })));
  }
  for (const [name, field] of Object.entries(route.query ?? {})) {
    const texts = parts.query.getAll(name);
    if (texts.length > 0) input[field] = fromText(fields[field], name, texts, 'query');
  }
  for (const [name, field] of Object.entries(route.params ?? {})) {
    const text = parts.params[name];
    if (text !== undefined) input[field] = fromText(fields[field], name, [text], 'path');
  }
  // Never from the request: a key acts in its own org only.
  input.orgSlug = orgSlug;
  return input;
}

/** Where a procedure input field came from and what the client called it. */
export function fieldOfInput(route: RestRoute, inputPath: (string | number)[]): { field: string; in: FieldLocation } {
  const [head, ...rest] = inputPath.map(String);
  const suffix = rest.length ? `.${rest.join('.')}` : '';
  for (const [name, field] of Object.entries(route.params ?? {})) {
    if (field === head) return { field: name + suffix, in: 'path' };
  }
  for (const [name, field] of Object.entries(route.query ?? {})) {
    if (field === head) return { field: name + suffix, in: 'query' };
  }
  return { field: inputPath.join('.') || '(body)', in: 'body' };
}
