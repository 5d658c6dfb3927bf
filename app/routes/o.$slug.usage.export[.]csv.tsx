/** One usage series as a CSV download (?metric=&range=), through usage.series: see usageCsv.server.ts. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { refuseMethod } from '~/components/shell/refuseMethod.server';
import { usageCsvResponse } from '~/components/usage/usageCsv.server';

export function loader(args: LoaderFunctionArgs) {
  return usageCsvResponse(args);
}

export function action(args: ActionFunctionArgs) {
  return refuseMethod(args, ['GET']);
}
