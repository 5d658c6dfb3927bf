/**
 * Invoices, for members who may view them (invoices:read): the org's invoices newest first with
 * their PDF, or where they will come from when there is none yet. A grant limited by conditions
 * (amounts under a ceiling, say) shows only the invoices it allows.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useParams } from '@remix-run/react';
import { InvoiceList } from '~/components/invoices/InvoiceList';
import { NoInvoices } from '~/components/invoices/NoInvoices';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Text } from '~/components/ui/tremor';

export const meta: MetaFunction = () => [{ title: 'Invoices · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const cursor = new URL(request.url).searchParams.get('cursor');
  const page = await caller.invoices
    .list({ orgSlug: params.slug ?? '', ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ ...page, cursor }, { headers });
}

export default function Invoices() {
  const { items, nextCursor, cursor } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Invoices</h1>
        <Text className="mt-1">What Stripe billed this organization, newest first. Each one downloads as a PDF.</Text>
      </div>
      {items.length === 0 && !cursor ? (
        <NoInvoices />
      ) : (
        <InvoiceList invoices={items} orgSlug={slug} cursor={cursor} nextCursor={nextCursor} />
      )}
    </div>
  );
}
