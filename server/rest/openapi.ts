/**
 * The OpenAPI 3.1 document of the REST API, generated from the route table (./routes.ts) and the
 * procedures' own zod schemas (JSON Schema 2020-12 is 3.1's dialect; zod-to-json-schema writes the
 * 2019-09 subset of it). Each operation states its permission in words and as `x-permission`.
 * Built once per process: it changes only with the code.
 */
import type { AnyZodObject, ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { PERMISSIONS, type Permission } from '../shared/permissions';
import { FILE_ANSWERS } from './fileAnswers';
import { procedureShape } from './procedures';
import { REST_ROUTES, REST_TAGS, type RestRoute } from './routes';
import { ZApiKeySelf } from './self';

type JsonObject = Record<string, unknown>;

export const OPENAPI_VERSION = '3.1.0';
export const API_BASE_PATH = '/api/v1';

function jsonSchema(schema: ZodTypeAny): JsonObject {
  const converted = zodToJsonSchema(schema, {
    target: 'jsonSchema2019-09',
    $refStrategy: 'none',
    dateStrategy: 'format:date-time',
  }) as JsonObject;
  delete converted.$schema;
  return converted;
}

/** `/members/:id` → `/members/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const errorResponse = (name: string) => ({ $ref: `#/components/responses/${name}` });
const rateLimitHeaders = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
};

function parameters(route: RestRoute, input: AnyZodObject): JsonObject[] {
  const fields = input.shape as Record<string, ZodTypeAny>;
  const of = (name: string, field: string, location: 'path' | 'query') => {
    const schema = fields[field];
    if (!schema) throw new Error(`${route.method} ${route.path}: ${route.procedure} has no input field ${field}`);
    const described = schema.description ? { description: schema.description } : {};
    const isArray = jsonSchema(schema).type === 'array';
    return {
      name,
      in: location,
      required: location === 'path' || !schema.isOptional(),
      schema: jsonSchema(schema),
      ...(isArray ? { style: 'form', explode: true } : {}),
      ...described,
    };
  };
  return [
    ...Object.entries(route.params ?? {}).map(([name, field]) => of(name, field, 'path')),
    ...Object.entries(route.query ?? {}).map(([name, field]) => of(name, field, 'query')),
  ];
}

function requestBody(route: RestRoute, input: AnyZodObject): JsonObject | undefined {
  if (!route.body) return undefined;
  const fromUrl = [...Object.values(route.params ?? {}), ...Object.values(route.query ?? {}), 'orgSlug'];
  const mask = Object.fromEntries(fromUrl.filter((f) => f in input.shape).map((f) => [f, true] as const));
  return {
    required: true,
    content: { 'application/json': { schema: jsonSchema(input.omit(mask)) } },
  };
}

const CONTENT_DISPOSITION = {
  description: '`attachment; filename="…"`: the name to save the file under',
  schema: { type: 'string' },
};

function permissionText(permission: Permission | undefined): string {
  if (!permission) return 'Any valid API key.';
  return `Requires the permission \`${permission}\` (${PERMISSIONS[permission]}) among the key's scopes, still held by the member who created the key.`;
}

function operation(route: RestRoute): JsonObject {
  const shape = procedureShape(route.procedure);
  const permission = shape.meta.permission;
  const body = requestBody(route, shape.input);
  const status = String(route.successStatus ?? 200);
  return {
    operationId: route.procedure.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase()),
    summary: route.summary,
    description: permissionText(permission),
    tags: [route.tag],
    'x-permission': permission ?? null,
    parameters: parameters(route, shape.input),
    ...(body ? { requestBody: body } : {}),
    responses: {
      [status]: {
        description: 'Success',
        headers: route.file ? { ...rateLimitHeaders, 'Content-Disposition': CONTENT_DISPOSITION } : rateLimitHeaders,
        content: route.file
          ? {
              [FILE_ANSWERS[route.file].contentType]: {
                schema: { type: 'string', contentMediaType: FILE_ANSWERS[route.file].contentType },
              },
            }
          : { 'application/json': { schema: shape.output ? jsonSchema(shape.output) : {} } },
        ...(route.file ? { description: FILE_ANSWERS[route.file].description } : {}),
      },
      '400': errorResponse('InvalidInput'),
      '401': errorResponse('Unauthorized'),
      '403': errorResponse('Forbidden'),
      '404': errorResponse('NotFound'),
      ...(shape.type === 'mutation' ? { '409': errorResponse('Conflict') } : {}),
      '429': errorResponse('RateLimited'),
    },
  };
}

function selfOperation(): JsonObject {
  return {
    operationId: 'apiKeysSelf',
    summary: 'The key making this request: its name, org and the permissions it may use now',
    description: permissionText(undefined),
    tags: ['API keys'],
    'x-permission': null,
    responses: {
      '200': {
        description: 'Success',
        headers: rateLimitHeaders,
        content: { 'application/json': { schema: jsonSchema(ZApiKeySelf) } },
      },
      '401': errorResponse('Unauthorized'),
      '403': errorResponse('Forbidden'),
      '429': errorResponse('RateLimited'),
    },
  };
}

const DESCRIPTION = `The Atrium REST API: an organization's members, roles, audit trail, webhook endpoints and invoices, for integrations and SIEMs.

**Authentication.** Every request carries an API key of the organization, made on the portal's API keys page:
\`Authorization: Bearer atr_<id>_<secret>\`. The key acts in its own organization only (no route names an organization)
and may do what its scopes allow, narrowed to what the member who created it may still do. Refusals say which rule
refused the key (\`API_KEY_REVOKED\`, \`API_KEY_EXPIRED\`, \`API_KEY_ROTATED_OUT\`, \`API_KEY_IP_REFUSED\`, …) and never
which organization it belongs to.

**Errors.** Every error is \`{ "error": { "code", "message", "details"?, "requestId" } }\`; branch on \`code\`. Invalid
input is 400 \`INVALID_INPUT\` with \`details.fields\` naming each field as you sent it.

**Rate limits.** Per key and per minute (600 unless the operator changed \`API_RATE_LIMIT_PER_MINUTE\`). Every response
carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds until the window resets; also as
\`X-RateLimit-*\`); past the limit the answer is 429 with \`Retry-After\`.

**Paging.** Lists take \`limit\` and an opaque \`cursor\` (the previous page's \`nextCursor\`). \`GET /audit-events\`
returns events oldest first: poll it with the last \`nextCursor\` and every event arrives exactly once.

**Auditing.** Changes made through the API are recorded in the audit trail like those made in the portal, with the
key as the actor (\`api_key\`).

**Invoices.** \`GET /invoices/{id}/pdf\` answers the invoice as \`application/pdf\` (an attachment); every other route answers JSON.

**Not yet in this API.** Usage event ingestion is not available yet.`;

function errorComponents(): JsonObject {
  const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const response = (description: string, headers?: JsonObject) => ({
    description,
    ...(headers ? { headers } : {}),
    ...errorBody,
  });
  return {
    InvalidInput: response('Invalid input: `details.fields` lists `{ field, in, message }` for each refused field'),
    Unauthorized: response('No API key, or a key that is malformed, unknown, revoked, expired or rotated out'),
    Forbidden: response(
      'The key lacks the permission (named in the message and `details.permission`) or its IP allowlist refuses the caller',
    ),
    NotFound: response('No such resource in the key’s organization, or no such route'),
    Conflict: response(
      'The resource changed since you read it (send the current `version`) or the change conflicts with its state',
    ),
    RateLimited: response('Too many requests from this key in the current minute', {
      ...rateLimitHeaders,
      'Retry-After': { description: 'Seconds to wait before the next request', schema: { type: 'integer' } },
    }),
  };
}

export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of REST_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  paths['/api-keys/self'] = { get: selfOperation() };
  return {
    openapi: OPENAPI_VERSION,
    info: { title: 'Atrium API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: API_BASE_PATH }],
    security: [{ apiKey: [] }],
    tags: Object.entries(REST_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'atr_<id>_<secret>',
          description: 'An API key of the organization',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              properties: {
                code: {
                  type: 'string',
                  description: 'The stable error code to branch on',
                  examples: ['PERMISSION_MISSING'],
                },
                message: { type: 'string', description: 'What went wrong, for a person to read' },
                details: { type: 'object', additionalProperties: true },
                requestId: { type: 'string', description: 'Quote it to support' },
              },
            },
          },
        },
      },
      headers: {
        'RateLimit-Limit': { description: 'Requests this key may make per minute', schema: { type: 'integer' } },
        'RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
        'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
      },
      responses: errorComponents(),
    },
  };
}

let cached: string | undefined;

/** The document as served: serialized once. */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return cached;
}
