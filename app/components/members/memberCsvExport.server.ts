/**
 * Streams the members directory as CSV for app/routes/o.$slug.members.export[.]csv.tsx: 100 rows
 * at a time through members.batch (users:read), the next batch read only when the client has
 * taken the previous one. Server-only: it formats rows with server/members/csv.ts.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { readDirectoryQuery } from '~/components/members/directoryQuery';
import { throwOrgResourceError } from '~/components/shell/orgRouteErrors.server';
import { csvLine, MEMBER_CSV_HEADER, memberCsvLine } from '../../../server/members/csv';

export async function streamMemberCsv({ params, request, context }: LoaderFunctionArgs): Promise<Response> {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const { page: _ignored, ...query } = readDirectoryQuery(new URL(request.url).searchParams);
  const fetchBatch = (after?: string) => caller.members.batch({ orgSlug, ...query, ...(after ? { after } : {}) });
  // The first batch is read before answering, so a refusal is a proper 403/404/redirect, not a broken file.
  const first = await fetchBatch().catch((error: unknown) => throwOrgResourceError(error, request, headers));
  const encoder = new TextEncoder();
  // The next batch is fetched only when the client has taken the previous one (backpressure).
  let next: { first: true } | { after: string } | null = { first: true };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(MEMBER_CSV_HEADER)}`));
    },
    async pull(controller) {
      if (!next) return;
      const batch = 'after' in next ? await fetchBatch(next.after) : first;
      if (batch.rows.length > 0) controller.enqueue(encoder.encode(batch.rows.map(memberCsvLine).join('')));
      next = batch.nextCursor ? { after: batch.nextCursor } : null;
      if (!next) controller.close();
    },
  });
  headers.set('Content-Type', 'text/csv; charset=utf-8');
  headers.set('Content-Disposition', `attachment; filename="${orgSlug}-members.csv"`);
  headers.set('Cache-Control', 'no-store');
  return new Response(body, { status: 200, headers });
}
