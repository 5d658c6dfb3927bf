/**
 * The members directory as a CSV download, with the same filters and order as the page. Streamed
 * a page of 100 at a time through members.list — the same procedure, permission (users:read) and
 * tenant transaction as the directory — so a large org never sits in memory at once. Each page is
 * its own read: a member added or removed while the file is written may shift a row between pages.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { readDirectoryQuery } from '~/components/members/directoryQuery';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { csvLine, MEMBER_CSV_HEADER, memberCsvLine } from '../../server/members/csv';
import { MAX_PAGE_SIZE } from '../../server/members/schemas';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const query = readDirectoryQuery(new URL(request.url).searchParams);
  const fetchPage = (page: number) => caller.members.list({ orgSlug, ...query, page, pageSize: MAX_PAGE_SIZE });
  // The first page is read before answering, so a refusal is a proper 403/404/redirect, not a broken file.
  const first = await fetchPage(1).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  const encoder = new TextEncoder();
  let next = 1;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(MEMBER_CSV_HEADER)}`));
    },
    async pull(controller) {
      const current = next === 1 ? first : await fetchPage(next);
      if (current.rows.length > 0) controller.enqueue(encoder.encode(current.rows.map(memberCsvLine).join('')));
      next += 1;
      if (next > current.pageCount) controller.close();
    },
  });
  headers.set('Content-Type', 'text/csv; charset=utf-8');
  headers.set('Content-Disposition', `attachment; filename="${orgSlug}-members.csv"`);
  headers.set('Cache-Control', 'no-store');
  return new Response(body, { status: 200, headers });
}
