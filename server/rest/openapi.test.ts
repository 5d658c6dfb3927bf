/**
 * The OpenAPI document's structure, without a network: version 3.1.0, every route of the table
 * present with its permission, every path parameter declared, bodies only where a route takes one,
 * the bearer scheme, the error and rate-limit components every operation refers to.
 */
import { describe, expect, it } from 'vitest';
import { isPermission } from '../shared/permissions';
import { buildOpenApiDocument, openApiPath } from './openapi';
import { procedureShape } from './procedures';
import { REST_ROUTES } from './routes';

type Operation = {
  operationId: string;
  description: string;
  'x-permission': string | null;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, unknown> } } } };
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
};
type Document = {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, unknown>;
    responses: Record<string, unknown>;
    headers: Record<string, unknown>;
  };
  security: unknown[];
};

const doc = buildOpenApiDocument() as unknown as Document;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer security and says what is not there yet', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.info.description).toMatch(/usage event ingestion is not available yet/i);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it.each(REST_ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s is present with its permission and every path parameter declared',
    (_name, route) => {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method];
      expect(operation).toBeDefined();
      const permission = procedureShape(route.procedure).meta.permission;
      expect(permission && isPermission(permission)).toBe(true);
      expect(operation!['x-permission']).toBe(permission);
      expect(operation!.description).toContain(`\`${permission}\``);

      const templated = [...openApiPath(route.path).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation!.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort()).toEqual(templated.sort());
      expect(declared.every((p) => p.required)).toBe(true);

      expect(Boolean(operation!.requestBody)).toBe(Boolean(route.body));
      const bodyFields = Object.keys(operation!.requestBody?.content['application/json'].schema.properties ?? {});
      expect(bodyFields).not.toContain('orgSlug');
      for (const field of Object.values(route.params ?? {})) expect(bodyFields).not.toContain(field);

      const success = operation!.responses[String(route.successStatus ?? 200)];
      expect(Object.keys(success?.headers ?? {})).toEqual([
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        ...(route.file ? ['Content-Disposition'] : []),
      ]);
      for (const status of ['400', '401', '403', '404', '429']) {
        const ref = operation!.responses[status]?.$ref ?? '';
        expect(doc.components.responses[ref.replace('#/components/responses/', '')]).toBeDefined();
      }
    },
  );

  it('names the query parameters of the members list and the audit pull, and no orgSlug anywhere', () => {
    const list = doc.paths['/members']!.get!;
    expect(list.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['cursor', 'limit', 'q', 'roleId', 'teamId', 'status']),
    );
    const pull = doc.paths['/audit-events']!.get!;
    expect(pull.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({ maximum: 1000 });
    expect(JSON.stringify(doc)).not.toContain('orgSlug');
    expect(doc.paths['/api-keys/self']?.get).toBeDefined();
  });

  it('documents the invoice PDF as a PDF, and the invoice list’s paging parameters', () => {
    const pdf = doc.paths['/invoices/{id}/pdf']!.get! as Operation & {
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(Object.keys(pdf.responses['200']?.content ?? {})).toEqual(['application/pdf']);
    expect(doc.paths['/invoices']!.get!.parameters?.map((p) => p.name)).toEqual(['status', 'cursor', 'limit']);
    expect(doc.paths['/invoices']!.get!.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({
      maximum: 100,
    });
  });
});
