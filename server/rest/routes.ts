/**
 * The REST API's route table: each route names the procedure that serves it and how the HTTP
 * request fills that procedure's input. The permission, the input and output schemas and the
 * audit come from the procedure itself (./procedures.ts) — REST adds no rule of its own, and the
 * OpenAPI document (./openapi.ts) is generated from this table. The org is never part of a path:
 * it is the API key's (./apiKeyCaller.ts).
 */
import type { FileAnswerName } from './fileAnswers';
import type { ProcedurePath } from './procedures';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const REST_TAGS = {
  Members: 'The organization’s members: the directory, profile attributes, roles and lifecycle.',
  Roles: 'System and custom roles and the permissions they grant.',
  'Audit events': 'The tamper-evident audit trail, pulled in order by a SIEM.',
  'Webhook endpoints': 'Where Atrium sends signed event notifications, and what it delivered there.',
  'API keys': 'The key making the request.',
  Invoices: 'The organization’s invoices as Stripe billed them, with their line items, as JSON or PDF.',
  Usage: 'Usage events your systems report, and the metrics they may name.',
} as const;
export type RestTag = keyof typeof REST_TAGS;

export type RestRoute = {
  method: HttpMethod;
  /** Express syntax: `/members/:id`. */
  path: `/${string}`;
  procedure: ProcedurePath;
  tag: RestTag;
  summary: string;
  /** Path parameter → the input field it fills (`id` → `membershipId`). */
  params?: Readonly<Record<string, string>>;
  /** Query parameter → the input field it fills. */
  query?: Readonly<Record<string, string>>;
  /** The JSON body supplies the rest of the input (POST, PUT, PATCH). */
  body?: boolean;
  /** 201 for a route that creates. */
  successStatus?: 200 | 201;
  /** The answer is a file made from the procedure's output (./fileAnswers.ts), not the output as JSON. */
  file?: FileAnswerName;
};

const memberId = { id: 'membershipId' } as const;
const roleId = { id: 'roleId' } as const;

const memberRoutes: RestRoute[] = [
  {
    method: 'get',
    path: '/members',
    procedure: 'members.batch',
    tag: 'Members',
    summary: 'List members, a page at a time after a cursor',
    query: {
      cursor: 'after',
      limit: 'size',
      q: 'q',
      roleId: 'roleId',
      teamId: 'teamId',
      status: 'status',
      sort: 'sort',
      dir: 'dir',
    },
  },
  {
    method: 'get',
    path: '/members/:id',
    procedure: 'members.get',
    tag: 'Members',
    summary: 'Get a member',
    params: memberId,
  },
  {
    method: 'patch',
    path: '/members/:id',
    procedure: 'members.updateAttributes',
    tag: 'Members',
    summary: 'Update a member’s department, region, title and manager',
    params: memberId,
    body: true,
  },
  {
    method: 'get',
    path: '/members/:id/roles',
    procedure: 'roles.memberRoles',
    tag: 'Members',
    summary: 'Get a member’s roles and effective permissions',
    params: memberId,
  },
  {
    method: 'put',
    path: '/members/:id/roles',
    procedure: 'roles.setMemberRoles',
    tag: 'Members',
    summary: 'Replace a member’s roles',
    params: memberId,
    body: true,
  },
  {
    method: 'post',
    path: '/members/:id/deactivate',
    procedure: 'members.deactivate',
    tag: 'Members',
    summary: 'Deactivate a member (their sessions end)',
    params: memberId,
  },
  {
    method: 'post',
    path: '/members/:id/reactivate',
    procedure: 'members.reactivate',
    tag: 'Members',
    summary: 'Reactivate a deactivated member',
    params: memberId,
  },
  {
    method: 'delete',
    path: '/members/:id',
    procedure: 'members.remove',
    tag: 'Members',
    summary: 'Remove a member from the organization',
    params: memberId,
  },
];

const roleRoutes: RestRoute[] = [
  { method: 'get', path: '/roles', procedure: 'roles.list', tag: 'Roles', summary: 'List roles' },
  { method: 'get', path: '/roles/:id', procedure: 'roles.get', tag: 'Roles', summary: 'Get a role', params: roleId },
  {
    method: 'post',
    path: '/roles',
    procedure: 'roles.create',
    tag: 'Roles',
    summary: 'Create a custom role',
    body: true,
    successStatus: 201,
  },
  {
    method: 'patch',
    path: '/roles/:id',
    procedure: 'roles.update',
    tag: 'Roles',
    summary: 'Update a custom role (send the version you read)',
    params: roleId,
    body: true,
  },
  {
    method: 'delete',
    path: '/roles/:id',
    procedure: 'roles.delete',
    tag: 'Roles',
    summary: 'Delete a custom role, moving its members to another role',
    params: roleId,
    query: { reassignToRoleId: 'reassignToRoleId' },
  },
  {
    method: 'get',
    path: '/permissions',
    procedure: 'roles.catalogue',
    tag: 'Roles',
    summary: 'The permission catalogue roles grant from',
  },
];

const auditRoutes: RestRoute[] = [
  {
    method: 'get',
    path: '/audit-events',
    procedure: 'audit.pull',
    tag: 'Audit events',
    summary: 'Pull audit events after a cursor, oldest first (for a SIEM)',
    query: { cursor: 'cursor', limit: 'limit' },
  },
  {
    method: 'get',
    path: '/audit-events/:seq',
    procedure: 'audit.get',
    tag: 'Audit events',
    summary: 'Get one audit event with its before/after and hashes',
    params: { seq: 'seq' },
  },
];

const endpointId = { id: 'id' } as const;

const webhookRoutes: RestRoute[] = [
  {
    method: 'get',
    path: '/webhook-endpoints',
    procedure: 'webhooks.list',
    tag: 'Webhook endpoints',
    summary: 'List webhook endpoints',
  },
  {
    method: 'get',
    path: '/webhook-endpoints/:id',
    procedure: 'webhooks.get',
    tag: 'Webhook endpoints',
    summary: 'Get a webhook endpoint',
    params: endpointId,
  },
  {
    method: 'post',
    path: '/webhook-endpoints',
    procedure: 'webhooks.create',
    tag: 'Webhook endpoints',
    summary: 'Add a webhook endpoint (its signing secret is returned this once)',
    body: true,
    successStatus: 201,
  },
  {
    method: 'patch',
    path: '/webhook-endpoints/:id',
    procedure: 'webhooks.update',
    tag: 'Webhook endpoints',
    summary: 'Update a webhook endpoint (send the version you read)',
    params: endpointId,
    body: true,
  },
  {
    method: 'delete',
    path: '/webhook-endpoints/:id',
    procedure: 'webhooks.delete',
    tag: 'Webhook endpoints',
    summary: 'Delete a webhook endpoint',
    params: endpointId,
  },
  {
    method: 'post',
    path: '/webhook-endpoints/:id/rotate-secret',
    procedure: 'webhooks.rotateSecret',
    tag: 'Webhook endpoints',
    summary: 'Rotate the signing secret (the new one is returned this once)',
    params: endpointId,
    body: true,
  },
  {
    method: 'post',
    path: '/webhook-endpoints/:id/test',
    procedure: 'webhooks.sendTest',
    tag: 'Webhook endpoints',
    summary: 'Send a test event to the endpoint',
    params: endpointId,
    body: true,
  },
  {
    method: 'get',
    path: '/webhook-endpoints/:id/deliveries',
    procedure: 'webhooks.deliveries',
    tag: 'Webhook endpoints',
    summary: 'List the endpoint’s deliveries, newest first',
    params: { id: 'endpointId' },
    query: { status: 'status', cursor: 'cursor', limit: 'limit' },
  },
  {
    method: 'post',
    path: '/webhook-endpoints/:id/replay-failed',
    procedure: 'webhooks.replayFailed',
    tag: 'Webhook endpoints',
    summary: 'Send every failed delivery of the endpoint again',
    params: { id: 'endpointId' },
  },
  {
    method: 'get',
    path: '/webhook-deliveries/:id',
    procedure: 'webhooks.delivery',
    tag: 'Webhook endpoints',
    summary: 'Get a delivery with its payload and attempts',
    params: { id: 'id' },
  },
  {
    method: 'post',
    path: '/webhook-deliveries/:id/replay',
    procedure: 'webhooks.replay',
    tag: 'Webhook endpoints',
    summary: 'Send a delivery again now',
    params: { id: 'deliveryId' },
  },
];

const invoiceId = { id: 'invoiceId' } as const;

const invoiceRoutes: RestRoute[] = [
  {
    method: 'get',
    path: '/invoices',
    procedure: 'invoices.list',
    tag: 'Invoices',
    summary: 'List invoices, newest first, a page at a time after a cursor',
    query: { status: 'status', cursor: 'cursor', limit: 'limit' },
  },
  {
    method: 'get',
    path: '/invoices/:id',
    procedure: 'invoices.get',
    tag: 'Invoices',
    summary: 'Get an invoice with its line items',
    params: invoiceId,
  },
  {
    method: 'get',
    path: '/invoices/:id/pdf',
    procedure: 'invoices.get',
    tag: 'Invoices',
    summary: 'Download an invoice as PDF',
    params: invoiceId,
    file: 'invoicePdf',
  },
];

const usageRoutes: RestRoute[] = [
  {
    method: 'post',
    path: '/usage-events',
    procedure: 'usage.events.report',
    tag: 'Usage',
    summary: 'Report up to 1,000 usage events; each bad event is refused alone with its index and reason',
    body: true,
  },
  {
    method: 'get',
    path: '/usage-metrics',
    procedure: 'usage.metrics.list',
    tag: 'Usage',
    summary: 'List the metrics events may name: the built-in ones and your custom metrics',
  },
];

export const REST_ROUTES: readonly RestRoute[] = [
  ...memberRoutes,
  ...roleRoutes,
  ...auditRoutes,
  ...webhookRoutes,
  ...invoiceRoutes,
  ...usageRoutes,
];
