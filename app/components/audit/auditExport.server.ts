/**
 * Streams the audit export for app/routes/o.$slug.audit.export.tsx once audit.export has checked
 * audit:export and recorded the export. Server-only: it reads the database through
 * server/audit/export.ts.
 */
import type { ActionFunctionArgs } from '@remix-run/node';
import { filtersFromSearch } from '~/components/audit/filters';
import { throwOrgResourceError } from '~/components/shell/orgRouteErrors.server';
import { exportAuditEvents } from '../../../server/audit/export';
import { CONTENT_TYPES, ZExportFormat } from '../../../server/audit/exportFormat';

export async function streamAuditExport({ params, request, context }: ActionFunctionArgs): Promise<Response> {
  const { caller, headers, user } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  const format = ZExportFormat.safeParse(form.get('format'));
  if (!format.success) {
    headers.set('Content-Type', 'text/plain; charset=utf-8');
    throw new Response('Choose CSV or NDJSON', { status: 400, headers });
  }
  const filters = filtersFromSearch(new URL(request.url).searchParams);
  const { orgId } = await caller.audit
    .export({ orgSlug, filters, format: format.data })
    .catch((error: unknown) => throwOrgResourceError(error, request, headers));
  // audit.export succeeded, so the session is valid and user is set.
  const actor = { type: 'user' as const, userId: user?.id ?? '', email: user?.email };
  const chunks = exportAuditEvents({ orgId, actor, filters, format: format.data, signal: request.signal });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  headers.set('Content-Type', CONTENT_TYPES[format.data]);
  headers.set(
    'Content-Disposition',
    `attachment; filename="audit-${orgSlug}-${stamp}.${format.data === 'csv' ? 'csv' : 'ndjson'}"`,
  );
  headers.set('Cache-Control', 'no-store');
  return new Response(body, { status: 200, headers });
}
