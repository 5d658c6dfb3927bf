/**
 * The audit export download (POST, from the viewer's Export form): audit.export checks
 * audit:export and records the export in the trail; the rows then stream straight from the
 * database in keyset batches (server/audit/export.ts) — constant memory, and nothing is read
 * before the browser asks for more.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { streamAuditExport } from '~/components/audit/auditExport.server';
import { refuseMethod } from '~/components/shell/refuseMethod.server';

/** The export is a POST from the audit page's form; a GET (a bookmarked or pasted link) is refused. */
export function loader(args: LoaderFunctionArgs) {
  return refuseMethod(args, ['POST']);
}

export function action(args: ActionFunctionArgs) {
  return streamAuditExport(args);
}
