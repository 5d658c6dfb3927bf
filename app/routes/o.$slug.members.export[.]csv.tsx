/**
 * The members directory as a CSV download, with the same filters and order as the page. Streamed
 * 100 rows at a time through members.batch — the directory's own filters under the same
 * permission (users:read), in keyset batches — so a large org never sits in memory at once, and a
 * member added or removed while the file is written never duplicates or drops another row.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { streamMemberCsv } from '~/components/members/memberCsvExport.server';
import { refuseMethod } from '~/components/shell/refuseMethod.server';

export function loader(args: LoaderFunctionArgs) {
  return streamMemberCsv(args);
}

export function action(args: ActionFunctionArgs) {
  return refuseMethod(args, ['GET']);
}
